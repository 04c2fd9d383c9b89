using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Diagnostics;

namespace Pangolin.Extensions.Client;

/// <summary>
/// A client for the parts of Pangolin's REST API that connection assets use: catalogs, namespaces, assets and health.
/// Thread-safe; share one instance per server.
/// </summary>
/// <remarks>
/// Paths follow the server's rules (contract §3.2): namespace levels are joined with <c>.</c> and every segment is
/// escaped. Names the server could not address are refused before any request is sent.
/// </remarks>
public sealed partial class PangolinClient : IDisposable
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client used when the client comes from dependency injection.</summary>
    public const string HttpClientName = "Pangolin";

    private readonly Func<HttpClient> _http;
    private readonly bool _ownsHttp;
    private readonly HttpClient? _owned;
    private readonly Uri _base;
    private readonly TimeSpan _timeout;
    private readonly PangolinAuthenticator _auth;
    private readonly ILogger _logger;

    /// <summary>Creates a client over an existing <see cref="HttpClient"/> (for code without dependency injection).</summary>
    /// <param name="httpClient">The HTTP client; its base address is ignored in favour of <see cref="PangolinClientOptions.Uri"/>.</param>
    /// <param name="options">Where the server is and how to authenticate.</param>
    /// <param name="logger">A logger, optional.</param>
    /// <param name="timeProvider">The clock, optional.</param>
    public PangolinClient(HttpClient httpClient, PangolinClientOptions options, ILogger<PangolinClient>? logger = null, TimeProvider? timeProvider = null)
        : this(() => httpClient, options, logger, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
    }

    /// <summary>Creates a client that takes a fresh <see cref="HttpClient"/> from the factory for every call (dependency injection).</summary>
    /// <param name="httpClientFactory">The factory; the named client <see cref="HttpClientName"/> is used.</param>
    /// <param name="options">Where the server is and how to authenticate.</param>
    /// <param name="logger">A logger.</param>
    /// <param name="timeProvider">The clock.</param>
    public PangolinClient(IHttpClientFactory httpClientFactory, IOptions<PangolinClientOptions> options, ILogger<PangolinClient> logger, TimeProvider timeProvider)
        : this(() => httpClientFactory.CreateClient(HttpClientName), options?.Value!, logger, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
    }

    private PangolinClient(Func<HttpClient> http, PangolinClientOptions options, ILogger? logger, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Uri is null || !options.Uri.IsAbsoluteUri)
        {
            throw new ArgumentException("PangolinClientOptions.Uri must be an absolute http(s) URI such as http://localhost:8080.", nameof(options));
        }

        _http = http;
        _base = options.Uri.AbsoluteUri.EndsWith('/') ? options.Uri : new Uri(options.Uri.AbsoluteUri + "/");
        _timeout = options.Timeout;
        _logger = logger ?? NullLogger.Instance;
        _auth = new PangolinAuthenticator(_base, options.Auth, timeProvider ?? TimeProvider.System, _logger);
        ServerUri = _base;
        if (_base.Scheme == Uri.UriSchemeHttp && !_base.IsLoopback && _auth.Method != PangolinAuthMethod.None)
        {
            LogPlainHttp(_logger, _base.GetLeftPart(UriPartial.Authority));
        }
    }

    /// <summary>Creates a standalone client with its own <see cref="HttpClient"/>, disposed with the client.</summary>
    /// <param name="options">Where the server is and how to authenticate.</param>
    /// <param name="logger">A logger, optional.</param>
    /// <param name="timeProvider">The clock, optional.</param>
    /// <returns>A client.</returns>
    public static PangolinClient Create(PangolinClientOptions options, ILogger<PangolinClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        return new PangolinClient(http, options, logger, timeProvider, ownsHttp: true);
    }

    private PangolinClient(HttpClient http, PangolinClientOptions options, ILogger? logger, TimeProvider? timeProvider, bool ownsHttp)
        : this(() => http, options, logger, timeProvider)
    {
        _ownsHttp = ownsHttp;
        _owned = http;
    }

    /// <summary>The server's base address.</summary>
    public Uri ServerUri { get; }

    /// <summary>How many times this client has logged in (diagnostics).</summary>
    public int LoginCount => _auth.LoginCount;

    /// <summary>Reads a catalog.</summary>
    /// <param name="name">The catalog name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="PangolinNotFoundException">The catalog does not exist.</exception>
    public Task<PangolinCatalog> GetCatalogAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Get, Path("api/v1/catalogs", name)),
            $"Reading catalog '{name}'",
            PangolinJsonContext.Default.PangolinCatalog,
            cancellationToken);
    }

    /// <summary>
    /// Creates a catalog. Pangolin does not check for duplicates (the memory store silently replaces the catalog),
    /// so prefer <see cref="EnsureCatalogAsync"/> for idempotent set-up.
    /// </summary>
    /// <param name="name">The catalog name.</param>
    /// <param name="warehouseName">A warehouse, or <see langword="null"/> for a warehouse-less catalog.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new catalog.</returns>
    public Task<PangolinCatalog> CreateCatalogAsync(string name, string? warehouseName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Path("api/v1/catalogs"))
            {
                Content = JsonContent.Create(new CreateCatalogBody(name, warehouseName), PangolinJsonContext.Default.CreateCatalogBody),
            },
            $"Creating catalog '{name}'",
            PangolinJsonContext.Default.PangolinCatalog,
            cancellationToken);
    }

    /// <summary>Returns the catalog, creating it only if it does not exist yet.</summary>
    /// <param name="name">The catalog name.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The catalog.</returns>
    public async Task<PangolinCatalog> EnsureCatalogAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetCatalogAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (PangolinNotFoundException)
        {
            return await CreateCatalogAsync(name, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates a namespace through the Iceberg REST API. An existing namespace is not an error.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="namespaceLevels">The namespace levels, outermost first; a level may not contain <c>.</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns><see langword="true"/> if the namespace was created, <see langword="false"/> if it already existed.</returns>
    public async Task<bool> CreateNamespaceAsync(string catalog, IReadOnlyList<string> namespaceLevels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(namespaceLevels);
        // Validation by construction: the same rules as asset paths.
        var reference = new AssetReference(catalog, namespaceLevels, "namespace");
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Path("v1", reference.Catalog, "namespaces"))
            {
                Content = JsonContent.Create(new CreateNamespaceBody(reference.NamespaceLevels), PangolinJsonContext.Default.CreateNamespaceBody),
            },
            $"Creating namespace '{reference.Namespace}' in catalog '{catalog}'",
            cancellationToken,
            HttpStatusCode.Conflict).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.Conflict;
    }

    /// <summary>Registers an asset (<c>POST .../assets</c>). The answer carries no properties.</summary>
    /// <param name="asset">Where the asset goes.</param>
    /// <param name="kind">The kind in Pangolin's SCREAMING_SNAKE_CASE spelling, such as <c>DB_CONN_STRING</c>.</param>
    /// <param name="location">The asset location.</param>
    /// <param name="properties">The properties; every value is a string.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The registered asset, without properties.</returns>
    public Task<PangolinRegisteredAsset> RegisterAssetAsync(
        AssetReference asset, string kind, string location, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(properties);
        var body = new RegisterAssetBody(asset.Name, kind, location, properties);
        return SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Post, AssetsPath(asset))
            {
                Content = JsonContent.Create(body, PangolinJsonContext.Default.RegisterAssetBody),
            },
            $"Registering asset '{asset}'",
            PangolinJsonContext.Default.PangolinRegisteredAsset,
            cancellationToken);
    }

    /// <summary>Reads an asset with its properties.</summary>
    /// <param name="asset">The asset.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The asset.</returns>
    /// <exception cref="PangolinNotFoundException">The catalog or the asset does not exist.</exception>
    public async Task<PangolinAsset> GetAssetAsync(AssetReference asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        using var activity = PangolinTelemetry.ActivitySource.StartActivity("pangolin.asset.get", ActivityKind.Client);
        activity?.SetTag("pangolin.asset", asset.ToString());
        var result = await SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Get, AssetPath(asset)),
            $"Reading asset '{asset}'",
            PangolinJsonContext.Default.PangolinAsset,
            cancellationToken).ConfigureAwait(false);
        return result with { Properties = result.Properties ?? new Dictionary<string, string>() };
    }

    /// <summary>Lists assets in a namespace (summaries: no location and no properties).</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="namespaceLevels">The namespace levels.</param>
    /// <param name="limit">At most this many entries, or <see langword="null"/> for all.</param>
    /// <param name="offset">Entries to skip.</param>
    /// <param name="kind">Only entries of this kind (filtered on the client; the server has no kind filter), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entries, sorted by name on most stores.</returns>
    public async Task<IReadOnlyList<PangolinAssetSummary>> ListAssetsAsync(
        string catalog, IReadOnlyList<string> namespaceLevels, int? limit = null, int offset = 0, string? kind = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit cannot be negative.");
        }

        var reference = new AssetReference(catalog, namespaceLevels, "list");
        var query = new List<string>();
        if (limit is { } l)
        {
            query.Add("limit=" + l.ToString(CultureInfo.InvariantCulture));
        }

        if (offset > 0)
        {
            query.Add("offset=" + offset.ToString(CultureInfo.InvariantCulture));
        }

        var uri = new UriBuilder(AssetsPath(reference)) { Query = string.Join('&', query) }.Uri;
        var all = await SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            $"Listing assets in '{reference.Catalog}.{reference.Namespace}'",
            PangolinJsonContext.Default.ListPangolinAssetSummary,
            cancellationToken).ConfigureAwait(false);
        return kind is null ? all : all.Where(a => string.Equals(a.Kind, kind, StringComparison.Ordinal)).ToList();
    }

    /// <summary>
    /// Deletes an asset of any kind through the Iceberg endpoint <c>DELETE /v1/{catalog}/namespaces/{ns}/tables/{name}</c>
    /// (needs the <c>delete</c> permission).
    /// </summary>
    /// <param name="asset">The asset.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns><see langword="true"/> if it was deleted, <see langword="false"/> if it did not exist.</returns>
    public async Task<bool> DeleteAssetAsync(AssetReference asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        // Iceberg paths separate namespace levels with U+001F, not '.'.
        var ns = string.Join("%1F", asset.NamespaceLevels.Select(Uri.EscapeDataString));
        var uri = new Uri(_base, $"v1/{Uri.EscapeDataString(asset.Catalog)}/namespaces/{ns}/tables/{Uri.EscapeDataString(asset.Name)}");
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Delete, uri),
            $"Deleting asset '{asset}'",
            cancellationToken,
            HttpStatusCode.NotFound).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    /// <summary>Asks the server's readiness probe (<c>GET /health/ready</c>, public).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The server's answer.</returns>
    /// <exception cref="PangolinServerException">The server could not be reached.</exception>
    public async Task<PangolinServerHealth> GetServerHealthAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, Path("health/ready")),
            "Probing Pangolin readiness",
            cancellationToken,
            HttpStatusCode.ServiceUnavailable).ConfigureAwait(false);
        HealthBody? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync(PangolinJsonContext.Default.HealthBody, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            // A proxy may answer with something else; the status code still tells readiness.
        }

        return new PangolinServerHealth(body?.Status ?? response.StatusCode.ToString(), body?.Store, response.IsSuccessStatusCode);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _auth.Dispose();
        if (_ownsHttp)
        {
            _owned?.Dispose();
        }
    }

    private async Task<T> SendJsonAsync<T>(Func<HttpRequestMessage> create, string operation, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(create, operation, cancellationToken).ConfigureAwait(false);
        try
        {
            var value = await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false);
            return value ?? throw new PangolinServerException($"{operation} failed: the server answered with an empty body.", response.StatusCode, null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new PangolinServerException($"{operation} failed: the server's answer is not the expected JSON ({ex.Message}).", response.StatusCode, null, ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> create, string operation, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        var http = _http();
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        HttpRequestMessage? request = null;
        HttpResponseMessage? response = null;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                request?.Dispose();
                request = create();
                await _auth.ApplyAsync(http, request, timeout.Token).ConfigureAwait(false);
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0
                    && await _auth.RenewAfterUnauthorizedAsync(http, request, timeout.Token).ConfigureAwait(false))
                {
                    LogRetryAfterUnauthorized(_logger, operation);
                    response.Dispose();
                    continue;
                }

                break;
            }

            PangolinTelemetry.RequestDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("http.request.method", request.Method.Method),
                new KeyValuePair<string, object?>("http.response.status_code", (int)response.StatusCode));
            if (response.IsSuccessStatusCode || accepted.Contains(response.StatusCode))
            {
                var ok = response;
                response = null;
                return ok;
            }

            throw await PangolinErrors.FromResponseAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw PangolinErrors.Unreachable(_base, operation, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw PangolinErrors.TimedOut(_base, operation, _timeout, ex);
        }
        finally
        {
            request?.Dispose();
            response?.Dispose();
        }
    }

    private Uri AssetsPath(AssetReference asset) =>
        Path("api/v1/catalogs", asset.Catalog, "namespaces", asset.Namespace, "assets");

    private Uri AssetPath(AssetReference asset) =>
        Path("api/v1/catalogs", asset.Catalog, "namespaces", asset.Namespace, "assets", asset.Name);

    private Uri Path(string fixedPrefix, params string[] segments)
    {
        var escaped = segments.Length == 0 ? string.Empty : "/" + string.Join('/', segments.Select(Uri.EscapeDataString));
        return new Uri(_base, fixedPrefix + escaped);
    }

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "The Pangolin server {Server} is reached over plain http: credentials and tokens cross the network unencrypted. Use https outside loopback.")]
    private static partial void LogPlainHttp(ILogger logger, string server);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "{Operation}: Pangolin answered 401; logged in again and retrying once.")]
    private static partial void LogRetryAfterUnauthorized(ILogger logger, string operation);
}
