namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>
/// Settings of a HashiCorp Vault key provider, bound from <c>Pangolin:KeyProviders:{name}</c> (with
/// <c>"Type": "HashiCorpVault"</c>) or set in code.
/// </summary>
public sealed class HashiCorpVaultKeyProviderOptions
{
    /// <summary>The environment variable read when <see cref="Address"/> is not set.</summary>
    public const string AddressEnvironmentVariable = "VAULT_ADDR";

    /// <summary>Vault's address, such as <c>https://vault:8200</c>. Defaults to the <c>VAULT_ADDR</c> environment variable.</summary>
    public Uri? Address { get; set; }

    /// <summary>The Vault Enterprise namespace, sent as <c>X-Vault-Namespace</c> on every request (login included).</summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// The KV secrets engine version of the mounts this provider reads: <c>2</c> (default, versioned) or <c>1</c>.
    /// </summary>
    public int KvVersion { get; set; } = 2;

    /// <summary>
    /// A PEM file with the CA certificate(s) that signed Vault's TLS certificate. When set, only these CAs are
    /// trusted for this provider (like <c>VAULT_CACERT</c>); the host name is still checked.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// Accept any TLS certificate. Never use it in production: anyone on the network path could impersonate Vault
    /// and receive the token. A warning is logged whenever a connection handler is created with it.
    /// </summary>
    public bool SkipTlsVerify { get; set; }

    /// <summary>How long one request to Vault may take. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How the provider authenticates to Vault.</summary>
    public HashiCorpVaultAuthOptions Auth { get; set; } = new();

    /// <summary>Vault's address: <see cref="Address"/>, else <c>VAULT_ADDR</c>.</summary>
    /// <returns>The address, or <see langword="null"/> when neither is set or the variable is not a URI.</returns>
    public Uri? GetEffectiveAddress()
    {
        if (Address is not null)
        {
            return Address;
        }

        var text = Environment.GetEnvironmentVariable(AddressEnvironmentVariable);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>The settings without secrets.</summary>
    /// <returns>A description for logs and debugging.</returns>
    public override string ToString() =>
        $"HashiCorpVaultKeyProviderOptions {{ Address = {Address}, Namespace = {Namespace}, KvVersion = {KvVersion}, "
        + $"CaCertificatePath = {CaCertificatePath}, SkipTlsVerify = {SkipTlsVerify}, Timeout = {Timeout}, Auth = {Auth} }}";
}
