using Azure.Core;
using Azure.Security.KeyVault.Secrets;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault;

/// <summary>
/// Settings of an Azure Key Vault key provider, bound from <c>Pangolin:KeyProviders:{name}</c> (with
/// <c>"Type": "AzureKeyVault"</c>) or set in code.
/// </summary>
public sealed class AzureKeyVaultKeyProviderOptions
{
    /// <summary>The vault, such as <c>https://my-vault.vault.azure.net/</c>.</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>
    /// Do not check that the authentication challenge's resource matches the vault's host. Needed for test endpoints
    /// and some private or sovereign setups; leave it off otherwise.
    /// </summary>
    public bool DisableChallengeResourceVerification { get; set; }

    /// <summary>How many times the SDK retries a failed request (throttling, 5xx, network). SDK default: 3.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>How long one network attempt may take. SDK default: 100 seconds.</summary>
    public TimeSpan? NetworkTimeout { get; set; }

    /// <summary>Which credential gets tokens for the vault. Ignored when <see cref="TokenCredential"/> is set.</summary>
    public AzureKeyVaultCredentialOptions Credential { get; set; } = new();

    /// <summary>A credential set in code (for example one shared by the application); wins over <see cref="Credential"/>.</summary>
    public TokenCredential? TokenCredential { get; set; }

    /// <summary>Adjusts the <see cref="SecretClientOptions"/> last (transport, diagnostics, retry policy, service version).</summary>
    public Action<SecretClientOptions>? ConfigureClientOptions { get; set; }

    /// <summary>The settings without secrets.</summary>
    /// <returns>A description for logs and debugging.</returns>
    public override string ToString() =>
        $"AzureKeyVaultKeyProviderOptions {{ VaultUri = {VaultUri}, DisableChallengeResourceVerification = {DisableChallengeResourceVerification}, "
        + $"MaxRetries = {MaxRetries}, NetworkTimeout = {NetworkTimeout}, Credential = "
        + (TokenCredential is null ? Credential.ToString() : $"(code: {TokenCredential.GetType().Name})") + " }";
}
