using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Server;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Support;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

public class KvReadTests
{
    [Fact]
    public async Task Reads_latest_and_explicit_kv2_versions_in_both_spellings()
    {
        await using var test = await VaultTest.StartAsync();
        var v1 = FernetKey.Generate().Export();
        var v2 = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["encryption_key"] = v1 });
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["encryption_key"] = v2 });
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));

        Assert.Equal(v2, await provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#encryption_key"), default));
        Assert.Equal(v2, await provider.GetKeyAsync(VaultTest.Request("vault:secret/db-keys#encryption_key"), default));
        Assert.Equal(v1, await provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys?version=1#encryption_key"), default));
        Assert.Equal(v1, await provider.GetKeyAsync(VaultTest.Request("vault:secret/db-keys#encryption_key?version=1"), default));
        Assert.Contains(test.Vault.Requests, r => r.Path == "/v1/secret/data/db-keys" && r.Query == "?version=1");
    }

    [Fact]
    public async Task Uses_the_only_field_when_none_is_named()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "single", new Dictionary<string, object?> { ["whatever"] = key });
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));

        Assert.Equal(key, await provider.GetKeyAsync(VaultTest.Request("vault:secret/data/single"), default));
    }

    [Fact]
    public async Task Several_fields_and_no_field_named_lists_the_field_names_only()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "pair", new Dictionary<string, object?> { ["b_key"] = key, ["a_key"] = "other-secret-value" });
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/pair"), default).AsTask());

        Assert.Contains("has 2 fields (a_key, b_key)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'vault:secret/data/pair#b_key'", ex.Message, StringComparison.Ordinal);
        test.AssertNoSecretLeaked([key, "other-secret-value"], ex);
    }

    [Fact]
    public async Task Reads_kv1_mounts_when_KvVersion_is_1()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("kv", "apps/db-keys", new Dictionary<string, object?> { ["encryption_key"] = key });
        var provider = test.CreateProvider(o => { o.KvVersion = 1; o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()); });

        Assert.Equal(key, await provider.GetKeyAsync(VaultTest.Request("vault:kv/apps/db-keys#encryption_key"), default));
        Assert.Contains(test.Vault.Requests, r => r.Path == "/v1/kv/apps/db-keys");
    }

    [Fact]
    public async Task Reads_kv2_mounts_with_several_segments()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.MountKv("team/kv", 2);
        var key = FernetKey.Generate().Export();
        test.Vault.Write("team/kv", "apps/orders", new Dictionary<string, object?> { ["k"] = key });
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));

        Assert.Equal(key, await provider.GetKeyAsync(VaultTest.Request("vault:team/kv/data/apps/orders#k"), default));
    }

    [Fact]
    public async Task A_kv1_mount_read_as_kv2_says_which_setting_to_change()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.Write("kv", "db-keys", new Dictionary<string, object?> { ["k"] = FernetKey.Generate().Export() });
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:kv/db-keys#k"), default).AsTask());

        Assert.True(ex.NotFound);
        Assert.Contains("set KvVersion to 1", ex.Message, StringComparison.Ordinal);
    }
}
