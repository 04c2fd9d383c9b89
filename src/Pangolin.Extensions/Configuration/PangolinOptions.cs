using Pangolin.Extensions.Client;

namespace Pangolin.Extensions.Configuration;

/// <summary>
/// Everything under the <c>Pangolin</c> configuration section: the server, its credentials, key providers and named
/// connections. See <c>docs/configuration.md</c> for every setting.
/// </summary>
public sealed class PangolinOptions
{
    /// <summary>The default configuration section name.</summary>
    public const string DefaultSectionName = "Pangolin";

    /// <summary>The Pangolin server's base address, such as <c>http://localhost:8080</c>. Required.</summary>
    public Uri? Uri { get; set; }

    /// <summary>How to authenticate to Pangolin.</summary>
    public PangolinAuthOptions Auth { get; set; } = new();

    /// <summary>Per-request timeout for Pangolin calls. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Named key providers with a <c>Type</c> and provider-specific settings, such as a Vault server.</summary>
    public Dictionary<string, PangolinKeyProviderOptions> KeyProviders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Named connections.</summary>
    public Dictionary<string, PangolinConnectionOptions> Connections { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a key stored in an asset (<c>store_key=True</c>, key reference <c>asset</c>) may be used.
    /// <see langword="null"/> (default): allowed with a warning in Development, refused elsewhere.
    /// </summary>
    public bool? AllowKeyStoredInAsset { get; set; }

    /// <summary>How long key material is cached before the provider is asked again. Default 5 minutes.</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Do not register the Pangolin server and key provider health checks. Default <see langword="false"/>.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Tags for the Pangolin server and key provider health checks. Default none.</summary>
    public List<string> HealthCheckTags { get; } = [];

    /// <summary>Timeout of the Pangolin server and key provider health checks. Default 10 seconds.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public override string ToString() =>
        $"PangolinOptions {{ Uri = {Uri}, Auth = {Auth}, Connections = [{string.Join(", ", Connections.Keys)}], KeyProviders = [{string.Join(", ", KeyProviders.Keys)}] }}";
}

/// <summary>A named key provider declared in configuration (<c>Pangolin:KeyProviders:{name}</c>).</summary>
public sealed class PangolinKeyProviderOptions
{
    /// <summary>The provider type, such as <c>HashiCorpVault</c>, <c>AwsSecretsManager</c> or <c>AzureKeyVault</c>.</summary>
    public string? Type { get; set; }
}

/// <summary>A named connection (<c>Pangolin:Connections:{name}</c>).</summary>
public sealed class PangolinConnectionOptions
{
    /// <summary>
    /// The asset: <c>"catalog.namespace.name"</c>, or an object with <c>Catalog</c>, <c>Namespace</c> (dots separate
    /// nested levels) and <c>Name</c>. Required.
    /// </summary>
    public PangolinAssetLocation? Asset { get; set; }

    /// <summary>One key reference, such as <c>env:ORDERS_KEY</c>. Use <see cref="Keys"/> for a key ring.</summary>
    public string? Key { get; set; }

    /// <summary>A key ring: the first reference encrypts, any decrypts. Use instead of <see cref="Key"/> while rotating keys.</summary>
    public List<string> Keys { get; } = [];

    /// <summary>Overrides <see cref="PangolinOptions.AllowKeyStoredInAsset"/> for this connection.</summary>
    public bool? AllowKeyStoredInAsset { get; set; }

    /// <summary>Do not register this connection's health check. Default <see langword="false"/>.</summary>
    public bool DisableHealthCheck { get; set; }

    /// <summary>Tags of this connection's health check, such as <c>ready</c>.</summary>
    public List<string> HealthCheckTags { get; } = [];

    /// <summary>Timeout of this connection's health check. Default: the health-check service's own.</summary>
    public TimeSpan? HealthCheckTimeout { get; set; }

    /// <summary>
    /// Driver connection-string settings applied after the asset, such as <c>Maximum Pool Size</c> or
    /// <c>Timeout</c>, in the driver's own keywords. They never carry secrets and may not set the password.
    /// </summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Extra credential names that may be passed to the driver as connection-string keywords (pypangolin passes every
    /// extra credential through). Default none: unknown credentials are ignored with a log line.
    /// </summary>
    public List<string> AllowedCredentialKeywords { get; } = [];

    /// <summary>
    /// Whether credentials may override the host, port or database of the connection string. Default
    /// <see langword="false"/>: such credentials are refused with an error.
    /// </summary>
    public bool AllowCredentialOverrides { get; set; }

    /// <summary>All key references, <see cref="Key"/> first then <see cref="Keys"/>.</summary>
    /// <returns>The references as written.</returns>
    public IReadOnlyList<string> KeyReferences() =>
        string.IsNullOrWhiteSpace(Key) ? Keys : [Key, .. Keys];
}
