namespace Pangolin.Extensions.KeyProviders.AzureKeyVault;

/// <summary>Checks provider settings; every problem starts with the name of the setting and never repeats a secret.</summary>
internal static class AzureKeyVaultOptionsValidator
{
    public static List<string> Validate(AzureKeyVaultKeyProviderOptions options)
    {
        var problems = new List<string>();
        if (options.VaultUri is null)
        {
            problems.Add("VaultUri is required: the vault's address, such as https://my-vault.vault.azure.net/.");
        }
        else if (!options.VaultUri.IsAbsoluteUri || options.VaultUri.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"VaultUri must be an absolute https address such as https://my-vault.vault.azure.net/ (got '{options.VaultUri}').");
        }

        if (options.MaxRetries is < 0)
        {
            problems.Add("MaxRetries cannot be negative.");
        }

        if (options.NetworkTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            problems.Add("NetworkTimeout must be positive.");
        }

        if (options.TokenCredential is not null)
        {
            return problems;
        }

        var credential = options.Credential ?? new AzureKeyVaultCredentialOptions();
        if (credential.AuthorityHost is { } authority && (!authority.IsAbsoluteUri || authority.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"Credential:AuthorityHost must be an absolute https address (got '{authority}').");
        }

        switch (credential.Type)
        {
            case AzureKeyVaultCredentialType.ClientSecret:
                Require(problems, credential.TenantId, "Credential:TenantId", "ClientSecret");
                Require(problems, credential.ClientId, "Credential:ClientId", "ClientSecret");
                Require(problems, credential.ClientSecret, "Credential:ClientSecret", "ClientSecret");
                break;
            case AzureKeyVaultCredentialType.WorkloadIdentity:
                RequireOrEnvironment(problems, credential.TenantId, "Credential:TenantId", "AZURE_TENANT_ID");
                RequireOrEnvironment(problems, credential.ClientId, "Credential:ClientId", "AZURE_CLIENT_ID");
                RequireOrEnvironment(problems, credential.TokenFilePath, "Credential:TokenFilePath", "AZURE_FEDERATED_TOKEN_FILE");
                break;
            case AzureKeyVaultCredentialType.Default or AzureKeyVaultCredentialType.ManagedIdentity:
                break;
            default:
                problems.Add($"Credential:Type '{credential.Type}' is not supported (use Default, ClientSecret, ManagedIdentity or WorkloadIdentity).");
                break;
        }

        return problems;
    }

    private static void Require(List<string> problems, string? value, string setting, string type)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{setting} is required for the {type} credential.");
        }
    }

    private static void RequireOrEnvironment(List<string> problems, string? value, string setting, string variable)
    {
        if (string.IsNullOrWhiteSpace(value) && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
        {
            problems.Add($"{setting} is required for the WorkloadIdentity credential (or set the {variable} environment variable, as the workload identity webhook does).");
        }
    }
}
