using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>
/// Fetches Fernet keys from HashiCorp Vault's KV secrets engine (v1 or v2) over its HTTP API:
/// <c>vault:secret/data/db-keys#encryption_key</c>, <c>vault:secret/db-keys?version=3#encryption_key</c>.
/// </summary>
/// <remarks>
/// Authenticates with a token, AppRole or Kubernetes; keeps the token alive (renew-self, or a new login after 2/3 of
/// its lease) and authenticates once more after a 403. Caching of keys is done by <see cref="KeyRingResolver"/>.
/// Thread-safe. Nothing secret (token, secret id, JWT, key) appears in its messages, logs or <see cref="ToString"/>.
/// </remarks>
public sealed class HashiCorpVaultKeyProvider : IKeyProvider, IDisposable
{
    /// <summary>The default provider name (the scheme of its references): <c>vault</c>.</summary>
    public const string DefaultName = "vault";

    /// <summary>The <c>Type</c> of providers declared in configuration: <c>HashiCorpVault</c>.</summary>
    public const string ProviderType = "HashiCorpVault";

    private const string HttpClientNamePrefix = "Pangolin.KeyProviders.HashiCorpVault.";

    private readonly HashiCorpVaultKeyProviderOptions _options;
    private readonly VaultApi _api;
    private readonly VaultAuthenticator _auth;
    private readonly ILogger _logger;
    private readonly HttpClient? _ownedHttp;
    private readonly HttpClient? _httpClient;

    /// <summary>Creates a provider outside dependency injection.</summary>
    /// <param name="name">The provider name: the scheme of its references. Default <c>vault</c>.</param>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="httpClient">The HTTP client to use (its TLS settings then are the caller's); when <see langword="null"/>,
    /// the provider makes and owns one that honours <see cref="HashiCorpVaultKeyProviderOptions.CaCertificatePath"/> and
    /// <see cref="HashiCorpVaultKeyProviderOptions.SkipTlsVerify"/>.</param>
    /// <param name="logger">A logger, optional.</param>
    /// <param name="timeProvider">The clock for token lifetimes, optional.</param>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public HashiCorpVaultKeyProvider(
        string name,
        HashiCorpVaultKeyProviderOptions options,
        HttpClient? httpClient = null,
        ILogger<HashiCorpVaultKeyProvider>? logger = null,
        TimeProvider? timeProvider = null)
        : this(name, options, (Func<HttpClient>?)null, logger, timeProvider)
    {
        if (httpClient is null)
        {
            _ownedHttp = new HttpClient(CreateHandler(name, options, _logger), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            httpClient = _ownedHttp;
        }

        _httpClient = httpClient;
    }

    internal HashiCorpVaultKeyProvider(
        string name, HashiCorpVaultKeyProviderOptions options, Func<HttpClient>? http, ILogger? logger, TimeProvider? timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        var problems = HashiCorpVaultOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The HashiCorp Vault key provider '{name}' is misconfigured: {string.Join(" ", problems)}", nameof(options));
        }

        Name = name;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        var address = options.GetEffectiveAddress()!;
        _api = new VaultApi(http ?? (() => _httpClient!), address, options.Namespace, options.Timeout);
        _auth = new VaultAuthenticator(_api, options.Auth ?? new HashiCorpVaultAuthOptions(), name, timeProvider ?? TimeProvider.System, _logger);
        if (address.Scheme == Uri.UriSchemeHttp && !address.IsLoopback)
        {
            VaultLog.PlainHttp(_logger, name, address);
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The <see cref="IHttpClientFactory"/> client name used by the provider called <paramref name="providerName"/>
    /// when it comes from dependency injection (add handlers to it with <c>AddHttpClient(name)</c>).</summary>
    /// <param name="providerName">The provider name.</param>
    /// <returns>The client name, <c>Pangolin.KeyProviders.HashiCorpVault.{providerName}</c>.</returns>
    public static string GetHttpClientName(string providerName) => HttpClientNamePrefix + providerName;

    /// <inheritdoc />
    public async ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!VaultSecretLocation.TryParse(request.Reference, _options.KvVersion, out var location, out var error))
        {
            throw new KeyProviderException($"The Vault reference is not valid: {error}");
        }

        var token = await _auth.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var response = await ReadAsync(location, token, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.Status == (int)HttpStatusCode.Forbidden)
            {
                VaultLog.Reauthenticating(_logger, Name, location.ToString());
                var fresh = await _auth.ReauthenticateAsync(token, cancellationToken).ConfigureAwait(false);
                if (fresh is not null)
                {
                    response.Dispose();
                    response = await ReadAsync(location, fresh, cancellationToken).ConfigureAwait(false);
                }
            }

            return response.IsSuccess
                ? SelectField(response, location)
                : throw VaultErrors.ForRead(response, location, _api.Address, _auth.Secrets);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>The provider without secrets.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"HashiCorpVaultKeyProvider {{ Name = {Name}, {_options} }}";

    /// <inheritdoc />
    public void Dispose()
    {
        _auth.Dispose();
        _ownedHttp?.Dispose();
    }

    internal static SocketsHttpHandler CreateHandler(string name, HashiCorpVaultKeyProviderOptions options, ILogger logger)
    {
        var tls = VaultTls.From(options);
        if (tls.SkipVerify)
        {
            VaultLog.TlsVerificationDisabled(logger, name, options.GetEffectiveAddress()!);
        }

        return tls.CreateHandler();
    }

    private Task<VaultResponse> ReadAsync(VaultSecretLocation location, string token, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Get, location.RequestPath, token, null, $"reading {location}", cancellationToken);

    private static string SelectField(VaultResponse response, VaultSecretLocation location)
    {
        var data = response.Get("data");
        if (location.KvVersion == 2 && data is { ValueKind: JsonValueKind.Object } envelope)
        {
            data = envelope.TryGetProperty("data", out var inner) && inner.ValueKind != JsonValueKind.Null ? inner : null;
        }

        if (data is not { ValueKind: JsonValueKind.Object } fields)
        {
            throw new KeyProviderException(
                $"Vault answered without secret data for {location}"
                + (location.KvVersion == 2 ? " (is the mount KV v1? then set KvVersion to 1)." : " (is the mount KV v2? then set KvVersion to 2)."))
            { NotFound = true };
        }

        var names = fields.EnumerateObject().Select(p => p.Name).ToList();
        JsonElement value;
        string field;
        if (location.Field is null)
        {
            if (names.Count != 1)
            {
                throw new KeyProviderException(
                    $"The secret at {location} has {names.Count} fields ({Join(names)}); name the one holding the key after '#', "
                    + $"such as 'vault:{location.PolicyPath}#{(names.Count > 0 ? names[0] : "encryption_key")}'.")
                { NotFound = names.Count == 0 };
            }

            field = names[0];
            value = fields.GetProperty(field);
        }
        else
        {
            field = location.Field;
            if (!fields.TryGetProperty(field, out value))
            {
                throw new KeyProviderException($"The secret at {location} has no field '{field}' (fields: {Join(names)}).") { NotFound = true };
            }
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new KeyProviderException(
                $"The field '{field}' of the secret at {location} is {(value.ValueKind == JsonValueKind.String ? "empty" : "a " + value.ValueKind.ToString().ToLowerInvariant())}, not a Fernet key string.");
    }

    private static string Join(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Order(StringComparer.Ordinal));
}
