using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests.Support;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests;

public class ErrorTests
{
    [Fact]
    public async Task A_missing_secret_is_NotFound_and_names_the_secret_and_the_vault()
    {
        await using var test = await AzureTest.StartAsync();
        var provider = test.CreateProvider();

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request("azurekv:nothing-here"), default).AsTask());

        Assert.True(ex.NotFound);
        Assert.Equal($"Azure Key Vault {test.Vault.VaultUri} has no secret 'nothing-here' (404 SecretNotFound).", ex.Message);
    }

    [Fact]
    public async Task A_missing_version_is_NotFound()
    {
        await using var test = await AzureTest.StartAsync();
        test.Vault.SetSecret("db-key", FernetKey.Generate().Export());
        var provider = test.CreateProvider();

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request("azurekv:db-key/0123456789abcdef0123456789abcdef"), default).AsTask());

        Assert.True(ex.NotFound);
        Assert.Contains("secret 'db-key' version '0123456789abcdef0123456789abcdef' (404 SecretNotFound)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_the_vault_rejects_gives_a_clear_credential_error()
    {
        await using var test = await AzureTest.StartAsync();
        test.Vault.SetSecret("db-key", FernetKey.Generate().Export());
        var wrong = new FakeTokenCredential("eyJ0eXAiOiJKV1QifQ.token-for-another-tenant.sig");
        var provider = test.CreateProvider(o => o.TokenCredential = wrong);

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request("azurekv:db-key"), default).AsTask());

        Assert.False(ex.NotFound);
        Assert.Contains("rejected the credential (401 Unauthorized)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(test.Vault.Requests, r => r.Authorization == $"Bearer {wrong.Token}");
        test.AssertNoSecretLeaked([wrong.Token], ex);
    }

    [Fact]
    public async Task An_identity_without_a_role_gets_an_access_denied_error_naming_the_role()
    {
        await using var test = await AzureTest.StartAsync();
        test.Vault.SetSecret("db-key", FernetKey.Generate().Export());
        test.Vault.ForbiddenTokens[test.Credential.Token] = true;
        var provider = test.CreateProvider();

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request("azurekv:db-key"), default).AsTask());

        Assert.Contains("denied access to secret 'db-key' (403 Forbidden)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Key Vault Secrets User' role", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'get' secret permission", ex.Message, StringComparison.Ordinal);
        test.AssertNoSecretLeaked([test.Credential.Token], ex);
    }

    [Fact]
    public async Task A_credential_that_cannot_get_a_token_gives_a_clear_error()
    {
        await using var test = await AzureTest.StartAsync();
        var failing = new FakeTokenCredential("unused", fail: true);
        var provider = test.CreateProvider(o => o.TokenCredential = failing);

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request("azurekv:db-key"), default).AsTask());

        Assert.StartsWith($"Could not get a token for Azure Key Vault {test.Vault.VaultUri} from the code-supplied FakeTokenCredential: ClientSecretCredential authentication failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_DisableChallengeResourceVerification_a_foreign_challenge_is_refused_with_a_hint()
    {
        await using var test = await AzureTest.StartAsync();
        var provider = test.CreateProvider(o => o.DisableChallengeResourceVerification = false);

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request("azurekv:db-key"), default).AsTask());

        Assert.Contains("DisableChallengeResourceVerification", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, test.Credential.Requests);
    }

    [Fact]
    public async Task An_unreachable_vault_is_reported_as_such()
    {
        await using var test = await AzureTest.StartAsync();
        var provider = test.CreateProvider(o => o.VaultUri = new Uri("https://127.0.0.1:1/"));

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request("azurekv:db-key"), default).AsTask());

        Assert.StartsWith("Could not reach Azure Key Vault https://127.0.0.1:1/", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("azurekv:bad_name", "is not an Azure Key Vault secret name")]
    [InlineData("azurekv:a/b/c", "too many parts")]
    [InlineData("azurekv:db-key/not-hex!", "is not a secret version id")]
    public async Task Invalid_references_are_explained_without_a_request(string reference, string expected)
    {
        await using var test = await AzureTest.StartAsync();
        var provider = test.CreateProvider();

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request(reference), default).AsTask());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(test.Vault.Requests);
    }
}
