using System.Diagnostics;
using System.Net;
using System.Text;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Fakes;

/// <summary>One request as the handler saw it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string Body);

/// <summary>An <see cref="HttpMessageHandler"/> that answers from a script and records every request.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> _script = new();

    public List<RecordedRequest> Requests { get; } = [];

    public FakeHttpHandler Respond(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1") };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return Task.FromResult(response);
        });
        return this;
    }

    public FakeHttpHandler RespondSecret(string secretString, string versionId = "v1") =>
        Respond(HttpStatusCode.OK, $$"""{"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf","Name":"x","VersionId":"{{versionId}}","SecretString":{{System.Text.Json.JsonSerializer.Serialize(secretString)}},"VersionStages":["AWSCURRENT"],"CreatedDate":1.7E9}""");

    public FakeHttpHandler RespondBinary(byte[] secretBinary) =>
        Respond(HttpStatusCode.OK, $$"""{"Name":"x","VersionId":"v1","SecretBinary":"{{Convert.ToBase64String(secretBinary)}}","VersionStages":["AWSCURRENT"]}""");

    public FakeHttpHandler RespondError(HttpStatusCode status, string code, string message = "details") =>
        Respond(status, $$"""{"__type":"{{code}}","message":"{{message}}"}""");

    public FakeHttpHandler Throw(Exception exception)
    {
        _script.Enqueue(_ => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>Never answers: waits until the request is cancelled (a time-out).</summary>
    public FakeHttpHandler Hang()
    {
        _script.Enqueue(async token =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            throw new UnreachableException();
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(",", values);
        }

        var body = string.Empty;
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers[name] = string.Join(",", values);
            }

            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, body));
        if (_script.Count == 0)
        {
            throw new InvalidOperationException($"No scripted answer for request {Requests.Count}.");
        }

        return await _script.Dequeue()(cancellationToken);
    }
}

/// <summary>Hands out clients over one handler and records the names asked for.</summary>
internal sealed class FakeHttpClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    public List<string> Names { get; } = [];

    public HttpClient CreateClient(string name)
    {
        Names.Add(name);
        return new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
