using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Moto;

/// <summary>
/// Seeds moto (which verifies SigV4 on every request) with signed calls made with AWSSDK.Core's signer:
/// Secrets Manager over its JSON protocol, IAM and STS over the query protocol.
/// </summary>
internal static class MotoAws
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly Lazy<IHttpClientFactory> Factory = new(() =>
        new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>());

    public static Uri Url => TestServers.MotoUrl;

    public static string Region => TestServers.AwsRegion;

    public static IHttpClientFactory HttpClientFactory => Factory.Value;

    public static string UniqueName(string what) => $"pangolin-tests/{what}-{Guid.NewGuid():N}";

    /// <summary>Options that reach moto with the provisioned IAM user's keys.</summary>
    public static AwsSecretsManagerKeyProviderOptions ProviderOptions(Action<AwsSecretsManagerKeyProviderOptions>? configure = null)
    {
        var options = new AwsSecretsManagerKeyProviderOptions
        {
            Region = Region,
            ServiceUrl = Url,
            AccessKeyId = TestServers.AwsAccessKeyId,
            SecretAccessKey = TestServers.AwsSecretAccessKey,
            MaxRetries = 0,
        };
        configure?.Invoke(options);
        return options;
    }

    public static AwsSecretsManagerKeyProvider Provider(ILogger<AwsSecretsManagerKeyProvider>? logger = null, Action<AwsSecretsManagerKeyProviderOptions>? configure = null) =>
        new("aws", ProviderOptions(configure), HttpClientFactory, logger);

    public static async Task<(string Arn, string VersionId)> CreateSecretAsync(string name, string? secretString = null, byte[]? secretBinary = null)
    {
        var body = new Dictionary<string, object> { ["Name"] = name, ["ClientRequestToken"] = Guid.NewGuid().ToString() };
        if (secretString is not null)
        {
            body["SecretString"] = secretString;
        }

        if (secretBinary is not null)
        {
            body["SecretBinary"] = Convert.ToBase64String(secretBinary);
        }

        using var result = await SecretsManagerAsync("CreateSecret", body);
        return (result.RootElement.GetProperty("ARN").GetString()!, result.RootElement.GetProperty("VersionId").GetString()!);
    }

    public static async Task<string> PutSecretValueAsync(string name, string secretString)
    {
        using var result = await SecretsManagerAsync("PutSecretValue", new Dictionary<string, object>
        {
            ["SecretId"] = name,
            ["SecretString"] = secretString,
            ["ClientRequestToken"] = Guid.NewGuid().ToString(),
        });
        return result.RootElement.GetProperty("VersionId").GetString()!;
    }

    /// <summary>An IAM user with an access key and no policy: every Secrets Manager call is denied.</summary>
    public static async Task<(string AccessKeyId, string SecretAccessKey)> CreateUserWithoutPermissionsAsync()
    {
        var user = "pangolin-noperm-" + Guid.NewGuid().ToString("N")[..12];
        await QueryAsync("iam", new() { ["Action"] = "CreateUser", ["Version"] = "2010-05-08", ["UserName"] = user });
        var key = await QueryAsync("iam", new() { ["Action"] = "CreateAccessKey", ["Version"] = "2010-05-08", ["UserName"] = user });
        return (Value(key, "AccessKeyId"), Value(key, "SecretAccessKey"));
    }

    /// <summary>Temporary credentials (with a session token) of a new role allowed everything.</summary>
    public static async Task<(string AccessKeyId, string SecretAccessKey, string SessionToken)> AssumeNewRoleAsync()
    {
        var role = "pangolin-role-" + Guid.NewGuid().ToString("N")[..12];
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""";
        const string policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        var created = await QueryAsync("iam", new() { ["Action"] = "CreateRole", ["Version"] = "2010-05-08", ["RoleName"] = role, ["AssumeRolePolicyDocument"] = trust });
        await QueryAsync("iam", new() { ["Action"] = "PutRolePolicy", ["Version"] = "2010-05-08", ["RoleName"] = role, ["PolicyName"] = "all", ["PolicyDocument"] = policy });
        var assumed = await QueryAsync("sts", new() { ["Action"] = "AssumeRole", ["Version"] = "2011-06-15", ["RoleArn"] = Value(created, "Arn"), ["RoleSessionName"] = "pangolin-tests" });
        return (Value(assumed, "AccessKeyId"), Value(assumed, "SecretAccessKey"), Value(assumed, "SessionToken"));
    }

    private static string Value(XDocument document, string name) =>
        document.Descendants().First(e => e.Name.LocalName == name).Value;

    private static async Task<JsonDocument> SecretsManagerAsync(string action, Dictionary<string, object> body)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(body);
        var text = await SendAsync("secretsmanager", content, "application/x-amz-json-1.1", ("X-Amz-Target", "secretsmanager." + action));
        return JsonDocument.Parse(text);
    }

    private static async Task<XDocument> QueryAsync(string service, Dictionary<string, string> form)
    {
        var content = Encoding.UTF8.GetBytes(string.Join("&", form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        return XDocument.Parse(await SendAsync(service, content, "application/x-www-form-urlencoded; charset=utf-8"));
    }

    private static async Task<string> SendAsync(string service, byte[] content, string contentType, params (string Name, string Value)[] headers)
    {
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = Url, Content = content };
        signing.Headers["Content-Type"] = contentType;
        foreach (var (name, value) in headers)
        {
            signing.Headers[name] = value;
        }

        var signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(TestServers.AwsAccessKeyId, TestServers.AwsSecretAccessKey),
            Region = RegionEndpoint.GetBySystemName(Region),
            Service = service,
        });

        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers.Concat(signed.Headers.Select(h => (h.Key, h.Value))))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? text
            : throw new InvalidOperationException($"moto {service} call failed with HTTP {(int)response.StatusCode}: {text}");
    }
}
