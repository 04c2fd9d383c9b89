using System.Net;
using System.Net.Sockets;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Server;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Support;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

public class ErrorTests
{
    [Fact]
    public async Task A_missing_path_is_NotFound_and_names_mount_and_path()
    {
        await using var test = await VaultTest.StartAsync();
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/nothing-here#k"), default).AsTask());

        Assert.True(ex.NotFound);
        Assert.Contains("has no secret at mount 'secret', path 'nothing-here' (404 for GET /v1/secret/data/nothing-here)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_version_is_NotFound_and_a_deleted_one_says_so()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        test.Vault.DeleteVersion("secret", "db-keys", 1);
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));

        var missing = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys?version=7#k"), default).AsTask());
        var deleted = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys?version=1#k"), default).AsTask());

        Assert.True(missing.NotFound);
        Assert.Contains("version 7", missing.Message, StringComparison.Ordinal);
        Assert.True(deleted.NotFound);
        Assert.Contains("mount 'secret', path 'db-keys', version 1 is deleted or destroyed", deleted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_field_is_NotFound_and_lists_field_names_but_no_values()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["encryption_key"] = key, ["password"] = "hunter2-db-password" });
        var token = test.Vault.CreateToken(TokenPolicy.ReadAll());
        var provider = test.CreateProvider(o => o.Auth.Token = token);

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#encryption-key"), default).AsTask());

        Assert.True(ex.NotFound);
        Assert.Contains("has no field 'encryption-key' (fields: encryption_key, password)", ex.Message, StringComparison.Ordinal);
        test.AssertNoSecretLeaked([key, "hunter2-db-password", token], ex);
    }

    [Fact]
    public async Task A_field_that_is_not_a_string_is_reported_by_kind()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = 42 });
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.Contains("is a number, not a Fernet key string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sealed_vault_is_reported_as_sealed_or_unavailable()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.EnableAppRole("role", "secret", TokenPolicy.ReadAll());
        test.Vault.Sealed = true;
        var provider = test.CreateProvider(o => { o.Auth.Method = HashiCorpVaultAuthMethod.AppRole; o.Auth.RoleId = "role"; o.Auth.SecretId = "secret"; });

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.False(ex.NotFound);
        Assert.StartsWith("Vault is sealed or unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Contains("503 (Vault is sealed)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sealed_vault_during_a_read_is_reported_too()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));
        await provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default);
        test.Vault.Sealed = true;

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.Contains("Vault is sealed or unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reading mount 'secret', path 'db-keys'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_failure_names_the_address()
    {
        var port = FreePort();
        var token = "hvs.connection-failure-token";
        using var provider = new HashiCorpVaultKeyProvider("vault", new HashiCorpVaultKeyProviderOptions
        {
            Address = new Uri($"http://127.0.0.1:{port}"),
            Auth = { Token = token },
        });

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.StartsWith($"Could not reach Vault at http://127.0.0.1:{port}/", ex.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.DoesNotContain(token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_vault_times_out_with_a_clear_message()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var provider = new HashiCorpVaultKeyProvider("vault", new HashiCorpVaultKeyProviderOptions
        {
            Address = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMilliseconds(300),
            Auth = { Token = "hvs.t" },
        });

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.Contains("did not answer within 0.3 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_reference_is_explained()
    {
        await using var test = await VaultTest.StartAsync();
        var provider = test.CreateProvider(o => o.Auth.Token = "hvs.x");

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:db-keys#k"), default).AsTask());

        Assert.StartsWith("The Vault reference is not valid:", ex.Message, StringComparison.Ordinal);
        Assert.Empty(test.Vault.Requests);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
