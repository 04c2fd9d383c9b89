namespace Pangolin.Extensions.KeyProviders.AzureKeyVault;

/// <summary>Which Azure.Identity credential an Azure Key Vault key provider uses (<c>Credential</c> under its section).</summary>
public sealed class AzureKeyVaultCredentialOptions
{
    /// <summary>The credential type. Default <see cref="AzureKeyVaultCredentialType.Default"/> (<c>DefaultAzureCredential</c>).</summary>
    public AzureKeyVaultCredentialType Type { get; set; } = AzureKeyVaultCredentialType.Default;

    /// <summary>The Microsoft Entra tenant (ClientSecret: required; WorkloadIdentity: default <c>AZURE_TENANT_ID</c>; Default: optional).</summary>
    public string? TenantId { get; set; }

    /// <summary>
    /// The application (client) id: of the app registration (ClientSecret), of a user-assigned managed identity
    /// (ManagedIdentity, Default; system-assigned when empty) or of the federated app (WorkloadIdentity; default <c>AZURE_CLIENT_ID</c>).
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (ClientSecret). Keep it out of appsettings.json: use user secrets, environment variables or a secret store.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The federated token file (WorkloadIdentity). Default <c>AZURE_FEDERATED_TOKEN_FILE</c>.</summary>
    public string? TokenFilePath { get; set; }

    /// <summary>The Microsoft Entra authority, for sovereign clouds (such as <c>https://login.microsoftonline.us/</c>).</summary>
    public Uri? AuthorityHost { get; set; }

    /// <summary>The settings with the client secret redacted.</summary>
    /// <returns>A description for logs and debugging.</returns>
    public override string ToString() =>
        $"{{ Type = {Type}, TenantId = {TenantId}, ClientId = {ClientId}, ClientSecret = {(string.IsNullOrEmpty(ClientSecret) ? "(not set)" : "***")}, "
        + $"TokenFilePath = {TokenFilePath}, AuthorityHost = {AuthorityHost} }}";
}

/// <summary>The credentials an Azure Key Vault key provider can build from configuration.</summary>
public enum AzureKeyVaultCredentialType
{
    /// <summary><c>DefaultAzureCredential</c>: environment, workload identity, managed identity, then developer tools.</summary>
    Default = 0,

    /// <summary><c>ClientSecretCredential</c>: an app registration's tenant, client id and secret.</summary>
    ClientSecret,

    /// <summary><c>ManagedIdentityCredential</c>: system-assigned, or user-assigned with <c>ClientId</c>.</summary>
    ManagedIdentity,

    /// <summary><c>WorkloadIdentityCredential</c>: Kubernetes workload identity federation.</summary>
    WorkloadIdentity,
}
