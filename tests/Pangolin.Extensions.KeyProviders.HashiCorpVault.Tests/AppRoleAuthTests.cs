using System.Text.Json;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Server;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Support;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

public class AppRoleAuthTests
{
    private const string RoleId = "8a0e2a1c-role-id-1234";
    private const string SecretId = "5f1f3b6e-SECRET-ID-5678";

    [Fact]
    public async Task Logs_in_with_role_id_and_secret_id_and_reuses_the_token()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["encryption_key"] = key });
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll(TimeSpan.FromHours(1)));
        var provider = test.CreateProvider(AppRole);
        var request = VaultTest.Request("vault:secret/data/db-keys#encryption_key");

        Assert.Equal(key, await provider.GetKeyAsync(request, default));
        Assert.Equal(key, await provider.GetKeyAsync(request, default));

        var login = Assert.Single(test.Vault.Requests, r => r.Path == "/v1/auth/approle/login");
        Assert.Equal(string.Empty, login.Token);
        using var body = JsonDocument.Parse(login.Body!);
        Assert.Equal(RoleId, body.RootElement.GetProperty("role_id").GetString());
        Assert.Equal(SecretId, body.RootElement.GetProperty("secret_id").GetString());
        var token = Assert.Single(test.Vault.LiveTokens);
        Assert.All(test.Vault.Requests.Where(r => r.Path.StartsWith("/v1/secret/", StringComparison.Ordinal)), r => Assert.Equal(token, r.Token));
        Assert.Contains(test.Logs.GetSnapshot(), r => r.Id.Id == 4101);
        test.AssertNoSecretLeaked([key, token, SecretId]);
    }

    [Fact]
    public async Task Uses_a_custom_auth_mount_path()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll(), mount: "apps/approle");
        var provider = test.CreateProvider(o => { AppRole(o); o.Auth.MountPath = "/apps/approle/"; });

        await provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default);

        Assert.Equal(1, test.Vault.Count("POST", "/v1/auth/apps/approle/login"));
    }

    [Fact]
    public async Task Renews_after_two_thirds_of_the_lease_and_logs_in_again_when_renewal_stops_extending_it()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll(TimeSpan.FromSeconds(60), renewable: true, maxTtl: TimeSpan.FromSeconds(120)));
        var provider = test.CreateProvider(AppRole);
        var request = VaultTest.Request("vault:secret/data/db-keys#k");

        await provider.GetKeyAsync(request, default);
        test.Time.Advance(TimeSpan.FromSeconds(39));
        await provider.GetKeyAsync(request, default);
        Assert.Equal(0, test.Vault.Count("POST", "/v1/auth/token/renew-self"));

        test.Time.Advance(TimeSpan.FromSeconds(2)); // t = 41 s > 40 s
        await provider.GetKeyAsync(request, default);
        Assert.Equal(1, test.Vault.Count("POST", "/v1/auth/token/renew-self"));
        Assert.Equal(1, test.Vault.Count("POST", "/v1/auth/approle/login"));

        test.Time.Advance(TimeSpan.FromSeconds(41)); // t = 82 s: renewal due; max TTL (120 s) caps the lease below what is asked.
        await provider.GetKeyAsync(request, default);
        Assert.Equal(2, test.Vault.Count("POST", "/v1/auth/token/renew-self"));
        Assert.Equal(1, test.Vault.Count("POST", "/v1/auth/approle/login"));

        test.Time.Advance(TimeSpan.FromSeconds(26)); // t = 108 s: renewal due again, but the lease can no longer grow.
        await provider.GetKeyAsync(request, default);
        Assert.Equal(3, test.Vault.Count("POST", "/v1/auth/token/renew-self"));
        Assert.Equal(2, test.Vault.Count("POST", "/v1/auth/approle/login"));
        Assert.Contains(test.Logs.GetSnapshot(), r => r.Id.Id == 4105 && r.Message.Contains("maximum TTL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_non_renewable_token_is_replaced_by_a_new_login_before_it_expires()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll(TimeSpan.FromSeconds(90), renewable: false));
        var provider = test.CreateProvider(AppRole);
        var request = VaultTest.Request("vault:secret/data/db-keys#k");

        await provider.GetKeyAsync(request, default);
        test.Time.Advance(TimeSpan.FromSeconds(61));
        await provider.GetKeyAsync(request, default);

        Assert.Equal(2, test.Vault.Count("POST", "/v1/auth/approle/login"));
        Assert.Equal(0, test.Vault.Count("POST", "/v1/auth/token/renew-self"));
    }

    [Fact]
    public async Task An_expired_token_is_replaced_without_trying_to_renew_it()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll(TimeSpan.FromMinutes(5)));
        var provider = test.CreateProvider(AppRole);
        var request = VaultTest.Request("vault:secret/data/db-keys#k");

        await provider.GetKeyAsync(request, default);
        test.Time.Advance(TimeSpan.FromHours(1));
        await provider.GetKeyAsync(request, default);

        Assert.Equal(2, test.Vault.Count("POST", "/v1/auth/approle/login"));
        Assert.Equal(0, test.Vault.Count("POST", "/v1/auth/token/renew-self"));
    }

    [Fact]
    public async Task Logs_in_again_once_after_a_403_when_the_token_was_revoked()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = key });
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll(TimeSpan.FromHours(1)));
        var provider = test.CreateProvider(AppRole);
        var request = VaultTest.Request("vault:secret/data/db-keys#k");
        await provider.GetKeyAsync(request, default);

        test.Vault.RevokeAll();

        Assert.Equal(key, await provider.GetKeyAsync(request, default));
        Assert.Equal(2, test.Vault.Count("POST", "/v1/auth/approle/login"));
        Assert.Equal(3, test.Vault.Count("GET", "/v1/secret/data/db-keys"));
        Assert.Contains(test.Logs.GetSnapshot(), r => r.Id.Id == 4106);
    }

    [Fact]
    public async Task A_policy_that_lacks_read_fails_after_exactly_one_new_login()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        test.Vault.EnableAppRole(RoleId, SecretId, new TokenPolicy(["secret/data/other"], TimeSpan.FromHours(1)));
        var provider = test.CreateProvider(AppRole);

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.Contains("403: 1 error occurred: * permission denied", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, test.Vault.Count("POST", "/v1/auth/approle/login"));
        Assert.Equal(2, test.Vault.Count("GET", "/v1/secret/data/db-keys"));
        test.AssertNoSecretLeaked([SecretId, .. test.Vault.LiveTokens], ex);
    }

    [Fact]
    public async Task A_wrong_secret_id_gives_a_clear_error_without_the_secret_id()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll());
        const string wrong = "WRONG-SECRET-ID-9999";
        var provider = test.CreateProvider(o => { AppRole(o); o.Auth.SecretId = wrong; });

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.Contains("refused the AppRole login at auth/approle/login (400: invalid role or secret ID)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:SecretId", ex.Message, StringComparison.Ordinal);
        test.AssertNoSecretLeaked([wrong, SecretId], ex);
    }

    [Fact]
    public async Task Concurrent_first_uses_share_one_login()
    {
        await using var test = await VaultTest.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            test.Vault.Write("secret", $"k{i}", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        }

        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll(TimeSpan.FromHours(1)));
        var provider = test.CreateProvider(AppRole);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => provider.GetKeyAsync(VaultTest.Request($"vault:secret/data/k{i}#k"), default).AsTask()));

        Assert.Equal(1, test.Vault.Count("POST", "/v1/auth/approle/login"));
    }

    private static void AppRole(HashiCorpVaultKeyProviderOptions options)
    {
        options.Auth.Method = HashiCorpVaultAuthMethod.AppRole;
        options.Auth.RoleId = RoleId;
        options.Auth.SecretId = SecretId;
    }
}
