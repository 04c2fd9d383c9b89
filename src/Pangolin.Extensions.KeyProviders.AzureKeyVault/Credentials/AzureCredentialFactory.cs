using Azure.Core;
using Azure.Identity;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault;

/// <summary>Builds the <see cref="TokenCredential"/> described by <see cref="AzureKeyVaultCredentialOptions"/>.</summary>
internal static class AzureCredentialFactory
{
    public static TokenCredential Create(AzureKeyVaultKeyProviderOptions options)
    {
        if (options.TokenCredential is not null)
        {
            return options.TokenCredential;
        }

        var credential = options.Credential ?? new AzureKeyVaultCredentialOptions();
        var clientId = Blank(credential.ClientId);
        var tenantId = Blank(credential.TenantId);
        switch (credential.Type)
        {
            case AzureKeyVaultCredentialType.ClientSecret:
                var secretOptions = new ClientSecretCredentialOptions();
                SetAuthority(secretOptions, credential);
                return new ClientSecretCredential(tenantId, clientId, credential.ClientSecret, secretOptions);

            case AzureKeyVaultCredentialType.ManagedIdentity:
                var id = clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId);
                var managedOptions = new ManagedIdentityCredentialOptions(id);
                SetAuthority(managedOptions, credential);
                return new ManagedIdentityCredential(managedOptions);

            case AzureKeyVaultCredentialType.WorkloadIdentity:
                var workloadOptions = new WorkloadIdentityCredentialOptions
                {
                    TenantId = tenantId ?? Environment.GetEnvironmentVariable("AZURE_TENANT_ID"),
                    ClientId = clientId ?? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID"),
                    TokenFilePath = Blank(credential.TokenFilePath) ?? Environment.GetEnvironmentVariable("AZURE_FEDERATED_TOKEN_FILE"),
                };
                SetAuthority(workloadOptions, credential);
                return new WorkloadIdentityCredential(workloadOptions);

            default:
                var defaultOptions = new DefaultAzureCredentialOptions();
                if (tenantId is not null)
                {
                    defaultOptions.TenantId = tenantId;
                }

                if (clientId is not null)
                {
                    defaultOptions.ManagedIdentityClientId = clientId;
                    defaultOptions.WorkloadIdentityClientId = clientId;
                }

                SetAuthority(defaultOptions, credential);
                return new DefaultAzureCredential(defaultOptions);
        }
    }

    private static void SetAuthority(TokenCredentialOptions options, AzureKeyVaultCredentialOptions credential)
    {
        if (credential.AuthorityHost is not null)
        {
            options.AuthorityHost = credential.AuthorityHost;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
