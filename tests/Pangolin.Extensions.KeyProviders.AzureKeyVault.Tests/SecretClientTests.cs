using System.Text.Json;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests.Server;
using Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests.Support;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests;

public class SecretClientTests
{
    [Fact]
    public async Task Reads_the_latest_version_through_the_challenge_flow_with_the_credentials_token()
    {
        await using var test = await AzureTest.StartAsync();
        test.Vault.SetSecret("db-key", FernetKey.Generate().Export());
        var latest = FernetKey.Generate().Export();
        test.Vault.SetSecret("db-key", latest);
        var provider = test.CreateProvider();

        Assert.Equal(latest, await provider.GetKeyAsync(AzureTest.Request("azurekv:db-key"), default));

        var requests = test.Vault.Requests;
        Assert.Equal(string.Empty, requests[0].Authorization);
        Assert.Equal($"Bearer {test.Credential.Token}", requests[^1].Authorization);
        Assert.All(requests, r => Assert.Equal("/secrets/db-key/", r.Path.EndsWith('/') ? r.Path : r.Path + "/"));
        Assert.All(requests, r => Assert.False(string.IsNullOrEmpty(r.ApiVersion)));
        var context = Assert.Single(test.Credential.Contexts);
        Assert.Equal(["https://vault.azure.net/.default"], context.Scopes);
        Assert.Equal(FakeKeyVault.TenantId, context.TenantId);
        test.AssertNoSecretLeaked([latest, test.Credential.Token]);
    }

    [Fact]
    public async Task Reads_an_explicit_version()
    {
        await using var test = await AzureTest.StartAsync();
        var old = FernetKey.Generate().Export();
        var oldVersion = test.Vault.SetSecret("db-key", old);
        test.Vault.SetSecret("db-key", FernetKey.Generate().Export());
        var provider = test.CreateProvider();

        Assert.Equal(old, await provider.GetKeyAsync(AzureTest.Request($"azurekv:db-key/{oldVersion}"), default));
        Assert.Contains(test.Vault.Requests, r => r.Path == $"/secrets/db-key/{oldVersion}" && r.Authorization.Length > 0);
    }

    [Fact]
    public async Task The_token_is_reused_across_reads()
    {
        await using var test = await AzureTest.StartAsync();
        test.Vault.SetSecret("a", FernetKey.Generate().Export());
        test.Vault.SetSecret("b", FernetKey.Generate().Export());
        var provider = test.CreateProvider();

        await provider.GetKeyAsync(AzureTest.Request("azurekv:a"), default);
        await provider.GetKeyAsync(AzureTest.Request("azurekv:b"), default);

        Assert.Equal(1, test.Credential.Requests);
    }

    [Fact]
    public async Task Reads_one_field_of_a_json_secret()
    {
        await using var test = await AzureTest.StartAsync();
        var current = FernetKey.Generate().Export();
        test.Vault.SetSecret("db-keys", JsonSerializer.Serialize(new Dictionary<string, string> { ["current"] = current, ["previous"] = "older-key-value" }));
        var provider = test.CreateProvider();

        Assert.Equal(current, await provider.GetKeyAsync(AzureTest.Request("azurekv:db-keys#current"), default));

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request("azurekv:db-keys#next"), default).AsTask());
        Assert.True(ex.NotFound);
        Assert.Contains("has no field 'next' (fields: current, previous)", ex.Message, StringComparison.Ordinal);
        test.AssertNoSecretLeaked([current, "older-key-value"], ex);
    }

    [Fact]
    public async Task A_field_of_a_plain_secret_is_refused_without_showing_the_value()
    {
        await using var test = await AzureTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.SetSecret("db-key", key);
        var provider = test.CreateProvider();

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(AzureTest.Request("azurekv:db-key#current"), default).AsTask());

        Assert.Contains("is not a JSON object", ex.Message, StringComparison.Ordinal);
        test.AssertNoSecretLeaked([key], ex);
    }

    [Fact]
    public async Task Works_over_a_caller_supplied_SecretClient()
    {
        await using var test = await AzureTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.SetSecret("db-key", key);
        var options = new Azure.Security.KeyVault.Secrets.SecretClientOptions { DisableChallengeResourceVerification = true };
        test.TrustServer(options);
        var provider = new AzureKeyVaultKeyProvider("kv", new Azure.Security.KeyVault.Secrets.SecretClient(test.Vault.VaultUri, test.Credential, options));

        Assert.Equal(key, await provider.GetKeyAsync(AzureTest.Request("kv:db-key"), default));
        Assert.Equal("kv", provider.Name);
    }
}
