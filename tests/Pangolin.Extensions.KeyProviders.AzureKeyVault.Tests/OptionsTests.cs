using Azure.Identity;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests;

public class OptionsTests
{
    [Fact]
    public void ToString_redacts_the_client_secret()
    {
        var options = new AzureKeyVaultKeyProviderOptions
        {
            VaultUri = new Uri("https://my-vault.vault.azure.net/"),
            Credential = { Type = AzureKeyVaultCredentialType.ClientSecret, TenantId = "t", ClientId = "c", ClientSecret = "SUPER-SECRET-VALUE" },
        };

        Assert.DoesNotContain("SUPER-SECRET-VALUE", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("ClientSecret = ***", options.ToString(), StringComparison.Ordinal);
        var provider = new AzureKeyVaultKeyProvider("azurekv", options);
        Assert.DoesNotContain("SUPER-SECRET-VALUE", provider.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AzureKeyVaultCredentialType.Default, null, typeof(DefaultAzureCredential))]
    [InlineData(AzureKeyVaultCredentialType.ClientSecret, null, typeof(ClientSecretCredential))]
    [InlineData(AzureKeyVaultCredentialType.ManagedIdentity, null, typeof(ManagedIdentityCredential))]
    [InlineData(AzureKeyVaultCredentialType.ManagedIdentity, "00000000-0000-0000-0000-000000000002", typeof(ManagedIdentityCredential))]
    [InlineData(AzureKeyVaultCredentialType.WorkloadIdentity, null, typeof(WorkloadIdentityCredential))]
    public void Builds_the_configured_credential(AzureKeyVaultCredentialType type, string? clientId, Type expected)
    {
        var options = new AzureKeyVaultKeyProviderOptions
        {
            VaultUri = new Uri("https://my-vault.vault.azure.net/"),
            Credential =
            {
                Type = type,
                TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47",
                ClientId = clientId ?? "00000000-0000-0000-0000-000000000001",
                ClientSecret = "s",
                TokenFilePath = "/var/run/secrets/azure/tokens/azure-identity-token",
                AuthorityHost = new Uri("https://login.microsoftonline.us/"),
            },
        };

        Assert.Empty(AzureKeyVaultOptionsValidator.Validate(options));
        Assert.IsType(expected, AzureCredentialFactory.Create(options));
    }

    [Fact]
    public void A_code_credential_wins_and_skips_credential_validation()
    {
        var credential = new Support.FakeTokenCredential("t");
        var options = new AzureKeyVaultKeyProviderOptions
        {
            VaultUri = new Uri("https://my-vault.vault.azure.net/"),
            TokenCredential = credential,
            Credential = { Type = AzureKeyVaultCredentialType.ClientSecret },
        };

        Assert.Empty(AzureKeyVaultOptionsValidator.Validate(options));
        Assert.Same(credential, AzureCredentialFactory.Create(options));
    }

    [Fact]
    public void Problems_name_the_setting()
    {
        var problems = AzureKeyVaultOptionsValidator.Validate(new AzureKeyVaultKeyProviderOptions
        {
            MaxRetries = -1,
            NetworkTimeout = TimeSpan.Zero,
            Credential = { Type = AzureKeyVaultCredentialType.ClientSecret, AuthorityHost = new Uri("http://login.example/") },
        });

        Assert.Contains(problems, p => p.StartsWith("VaultUri is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MaxRetries cannot be negative", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("NetworkTimeout must be positive", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Credential:AuthorityHost must be an absolute https address", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Credential:ClientSecret is required", StringComparison.Ordinal));
    }

    [Fact]
    public void The_constructor_refuses_invalid_settings()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AzureKeyVaultKeyProvider("azurekv", new AzureKeyVaultKeyProviderOptions()));
        Assert.Contains("'azurekv' is misconfigured: VaultUri is required", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("azurekv:db-key", "db-key", null, null)]
    [InlineData("azurekv:db-key/4387e9f3d6e14c459867679a90fd0f79", "db-key", "4387e9f3d6e14c459867679a90fd0f79", null)]
    [InlineData("azurekv:db-keys#current", "db-keys", null, "current")]
    [InlineData("azurekv:db-keys/4387e9f3d6e14c459867679a90fd0f79#previous", "db-keys", "4387e9f3d6e14c459867679a90fd0f79", "previous")]
    public void Parses_references(string text, string name, string? version, string? field)
    {
        Assert.True(AzureSecretReference.TryParse(KeyReference.Parse(text), out var secret, out var error), error);
        Assert.Equal(new AzureSecretReference(name, version, field), secret);
    }
}
