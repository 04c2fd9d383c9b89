namespace Pangolin.Extensions.BigQuery;

/// <summary>
/// Settings of a BigQuery connection registered with <c>AddBigQueryConnection</c> or <c>AddBigQueryClient</c>. They
/// start from the connection's configured <c>Pangolin:Connections:{name}:Settings</c> (keys <c>Scopes</c>,
/// <c>AllowApplicationDefaultCredentials</c>, <c>AllowedCredentialTypes</c>; lists comma- or space-separated); the
/// code delegate runs afterwards and wins.
/// </summary>
public sealed class PangolinBigQuerySettings
{
    /// <summary>The BigQuery OAuth scope, used when <see cref="Scopes"/> is empty.</summary>
    public const string BigQueryScope = "https://www.googleapis.com/auth/bigquery";

    /// <summary>The credential types accepted when <see cref="AllowedCredentialTypes"/> is empty.</summary>
    public static readonly IReadOnlyList<string> DefaultCredentialTypes = ["service_account", "authorized_user"];

    /// <summary>OAuth scopes requested for the credential. Empty (default): <see cref="BigQueryScope"/>.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>
    /// Use Application Default Credentials when the asset has no <c>credentials_json</c> credential (pypangolin does
    /// this silently). Default <see langword="false"/>: such an asset is an error, so a missing secret is never
    /// replaced by whatever identity the machine happens to have.
    /// </summary>
    public bool AllowApplicationDefaultCredentials { get; set; }

    /// <summary>
    /// The <c>type</c> values of <c>credentials_json</c> that are accepted. Empty (default): <c>service_account</c> and
    /// <c>authorized_user</c>. Add <c>external_account</c> (workload identity federation),
    /// <c>external_account_authorized_user</c> or <c>impersonated_service_account</c> when the asset is trusted to
    /// carry them: such configurations make the credential read files, call URLs or impersonate other accounts, which is
    /// why Google asks callers to validate credential JSON from outside sources.
    /// </summary>
    public IList<string> AllowedCredentialTypes { get; } = [];

    /// <summary>The scopes actually requested.</summary>
    internal IReadOnlyList<string> EffectiveScopes => Scopes.Count == 0 ? [BigQueryScope] : [.. Scopes];

    /// <summary>The credential types actually accepted.</summary>
    internal IReadOnlyList<string> EffectiveCredentialTypes => AllowedCredentialTypes.Count == 0 ? DefaultCredentialTypes : [.. AllowedCredentialTypes];

    /// <summary>Describes the settings (none of them is secret).</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        $"PangolinBigQuerySettings {{ Scopes = [{string.Join(", ", EffectiveScopes)}], AllowApplicationDefaultCredentials = {AllowApplicationDefaultCredentials}, "
        + $"AllowedCredentialTypes = [{string.Join(", ", EffectiveCredentialTypes)}] }}";
}
