using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>
/// Sends requests to Vault's HTTP API (<c>/v1/...</c>) with the token and namespace headers and a per-request timeout,
/// and turns transport failures into clear <see cref="Keys.KeyProviderException"/>s.
/// </summary>
internal sealed class VaultApi
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly Func<HttpClient> _http;
    private readonly string? _namespace;
    private readonly TimeSpan _timeout;

    public VaultApi(Func<HttpClient> http, Uri address, string? ns, TimeSpan timeout)
    {
        _http = http;
        Address = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        _namespace = string.IsNullOrWhiteSpace(ns) ? null : ns.Trim('/');
        _timeout = timeout;
    }

    /// <summary>Vault's address, ending in <c>/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Sends one request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path after <c>/v1/</c>, already escaped.</param>
    /// <param name="token">The Vault token, or <see langword="null"/> for login requests.</param>
    /// <param name="body">The JSON body, if any.</param>
    /// <param name="operation">What is being done, for messages ("reading mount 'secret', path 'db'").</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response; the caller disposes it.</returns>
    public async Task<VaultResponse> SendAsync(
        HttpMethod method, string path, string? token, JsonObject? body, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Address, "v1/" + path));
        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        }

        if (_namespace is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Namespace", _namespace);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString())) { Headers = { ContentType = Json } };
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http().SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return new VaultResponse((int)response.StatusCode, TryParse(bytes));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw VaultErrors.ForTimeout(Address, operation, _timeout, ex);
        }
        catch (HttpRequestException ex)
        {
            throw VaultErrors.ForConnection(ex, Address, operation);
        }
    }

    private static JsonDocument? TryParse(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
