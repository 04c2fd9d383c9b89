using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

public class VaultSecretLocationTests
{
    [Theory]
    [InlineData("vault:secret/data/db-keys#encryption_key", "secret", "db-keys", null, "encryption_key", "secret/data/db-keys")]
    [InlineData("vault:secret/db-keys#encryption_key", "secret", "db-keys", null, "encryption_key", "secret/data/db-keys")]
    [InlineData("vault:secret/data/db-keys?version=3#encryption_key", "secret", "db-keys", 3, "encryption_key", "secret/data/db-keys?version=3")]
    [InlineData("vault:secret/data/db-keys#encryption_key?version=3", "secret", "db-keys", 3, "encryption_key", "secret/data/db-keys?version=3")]
    [InlineData("vault:secret/db-keys?version=12", "secret", "db-keys", 12, null, "secret/data/db-keys?version=12")]
    [InlineData("vault:team/kv/data/apps/orders#k", "team/kv", "apps/orders", null, "k", "team/kv/data/apps/orders")]
    [InlineData("vault:secret/apps/orders#k", "secret", "apps/orders", null, "k", "secret/data/apps/orders")]
    [InlineData("vault:/secret/data/db keys#k", "secret", "db keys", null, "k", "secret/data/db%20keys")]
    public void Parses_kv2_references(string text, string mount, string path, int? version, string? field, string request)
    {
        Assert.True(VaultSecretLocation.TryParse(KeyReference.Parse(text), 2, out var location, out var error), error);
        Assert.Equal(mount, location.Mount);
        Assert.Equal(path, location.SecretPath);
        Assert.Equal(version, location.Version);
        Assert.Equal(field, location.Field);
        Assert.Equal(request, location.RequestPath);
    }

    [Fact]
    public void Kv1_paths_are_used_as_written()
    {
        Assert.True(VaultSecretLocation.TryParse(KeyReference.Parse("vault:kv/apps/db-keys#k"), 1, out var location, out _));
        Assert.Equal("kv", location.Mount);
        Assert.Equal("apps/db-keys", location.SecretPath);
        Assert.Equal("kv/apps/db-keys", location.RequestPath);
    }

    [Theory]
    [InlineData("vault:secret#k", 2, "needs a mount and a secret path")]
    [InlineData("vault:secret/data#k", 2, "no secret after 'data/'")]
    [InlineData("vault:secret/data/#k", 2, "no secret after 'data/'")]
    [InlineData("vault:secret/../sys/seal#k", 2, "'..'")]
    [InlineData("vault:secret/data/db?version=0#k", 2, "?version=N")]
    [InlineData("vault:secret/data/db?version=abc#k", 2, "?version=N")]
    [InlineData("vault:secret/data/db?ver=1#k", 2, "?version=N")]
    [InlineData("vault:secret/data/db?version=1#k?version=2", 2, "twice")]
    [InlineData("vault:kv/db?version=2#k", 1, "KV v1 secrets have no versions")]
    public void Rejects_bad_references_with_a_reason(string text, int kvVersion, string expected)
    {
        Assert.False(VaultSecretLocation.TryParse(KeyReference.Parse(text), kvVersion, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
