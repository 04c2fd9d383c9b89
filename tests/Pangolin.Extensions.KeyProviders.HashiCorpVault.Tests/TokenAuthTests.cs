using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Server;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Support;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

[Collection(EnvironmentTests.Name)]
public class TokenAuthTests
{
    [Fact]
    public async Task Reads_a_kv2_field_with_the_configured_token_and_headers()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["encryption_key"] = key, ["note"] = "x" });
        var token = test.Vault.CreateToken(new TokenPolicy(["secret/data/db-keys"]));
        var provider = test.CreateProvider(o => o.Auth.Token = token);

        var value = await provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#encryption_key"), default);

        Assert.Equal(key, value);
        var read = Assert.Single(test.Vault.Requests, r => r.Path == "/v1/secret/data/db-keys");
        Assert.Equal(token, read.Token);
        Assert.Equal(1, test.Vault.Count("GET", "/v1/auth/token/lookup-self"));
        test.AssertNoSecretLeaked([key, token]);
    }

    [Fact]
    public async Task Takes_the_token_from_VAULT_TOKEN_when_none_is_configured()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["encryption_key"] = key });
        var token = test.Vault.CreateToken(TokenPolicy.ReadAll());
        using var _ = new EnvironmentVariable("VAULT_TOKEN", token);
        var provider = test.CreateProvider(o => { });

        Assert.Equal(key, await provider.GetKeyAsync(VaultTest.Request("vault:secret/db-keys#encryption_key"), default));
        Assert.All(test.Vault.Requests, r => Assert.Equal(token, r.Token));
    }

    [Fact]
    public async Task Sends_the_namespace_header_on_every_request()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Namespace = "team-a";
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = key });
        var token = test.Vault.CreateToken(TokenPolicy.ReadAll());

        var withNamespace = test.CreateProvider(o => { o.Auth.Token = token; o.Namespace = "team-a/"; });
        Assert.Equal(key, await withNamespace.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default));
        Assert.All(test.Vault.Requests, r => Assert.Equal("team-a", r.Namespace));

        var withoutNamespace = test.CreateProvider(o => o.Auth.Token = token);
        var ex = await Assert.ThrowsAsync<Keys.KeyProviderException>(() => withoutNamespace.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());
        Assert.Contains("403", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renewable_token_is_renewed_after_two_thirds_of_its_ttl()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = key });
        var token = test.Vault.CreateToken(TokenPolicy.ReadAll(TimeSpan.FromMinutes(30)));
        var provider = test.CreateProvider(o => o.Auth.Token = token);
        var request = VaultTest.Request("vault:secret/data/db-keys#k");

        await provider.GetKeyAsync(request, default);
        test.Time.Advance(TimeSpan.FromMinutes(19));
        await provider.GetKeyAsync(request, default);
        Assert.Equal(0, test.Vault.Count("POST", "/v1/auth/token/renew-self"));

        test.Time.Advance(TimeSpan.FromMinutes(2));
        await provider.GetKeyAsync(request, default);
        Assert.Equal(1, test.Vault.Count("POST", "/v1/auth/token/renew-self"));

        // Renewed for another 30 minutes: still valid long after the first lease would have ended.
        test.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(key, await provider.GetKeyAsync(request, default));
        Assert.Equal(1, test.Vault.Count("POST", "/v1/auth/token/renew-self"));
        Assert.Equal(1, test.Vault.Count("GET", "/v1/auth/token/lookup-self"));
    }

    [Fact]
    public async Task A_revoked_token_is_read_again_from_VAULT_TOKEN_once_after_a_403()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = key });
        var first = test.Vault.CreateToken(TokenPolicy.ReadAll());
        using var _ = new EnvironmentVariable("VAULT_TOKEN", first);
        var provider = test.CreateProvider(o => { });
        var request = VaultTest.Request("vault:secret/data/db-keys#k");
        await provider.GetKeyAsync(request, default);

        test.Vault.Revoke(first);
        var second = test.Vault.CreateToken(TokenPolicy.ReadAll());
        Environment.SetEnvironmentVariable("VAULT_TOKEN", second);

        Assert.Equal(key, await provider.GetKeyAsync(request, default));
        Assert.Equal(second, test.Vault.Requests[^1].Token);
    }

    [Fact]
    public async Task A_revoked_static_token_fails_with_permission_denied_after_one_retry_and_without_the_token()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        var token = test.Vault.CreateToken(TokenPolicy.ReadAll());
        var provider = test.CreateProvider(o => o.Auth.Token = token);
        var request = VaultTest.Request("vault:secret/data/db-keys#k");
        await provider.GetKeyAsync(request, default);
        test.Vault.Revoke(token);

        var ex = await Assert.ThrowsAsync<Keys.KeyProviderException>(() => provider.GetKeyAsync(request, default).AsTask());

        Assert.False(ex.NotFound);
        Assert.Contains("denied reading mount 'secret', path 'db-keys' (403: permission denied)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("path \"secret/data/db-keys\" { capabilities = [\"read\"] }", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, test.Vault.Count("GET", "/v1/secret/data/db-keys"));
        test.AssertNoSecretLeaked([token], ex);
    }
}
