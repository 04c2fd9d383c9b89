using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.Tests.Keys;

public class KeyReferenceTests
{
    [Theory]
    [InlineData("env:ORDERS_KEY", "env", "ORDERS_KEY", null)]
    [InlineData("config:Pangolin:Keys:Orders", "config", "Pangolin:Keys:Orders", null)]
    [InlineData("aws:prod/db-keys#encryption_key", "aws", "prod/db-keys", "encryption_key")]
    [InlineData("vault:secret/data/db-keys#encryption_key", "vault", "secret/data/db-keys", "encryption_key")]
    [InlineData("azurekv:db-key/0123abcd", "azurekv", "db-key/0123abcd", null)]
    [InlineData("ENV:X", "env", "X", null)]
    [InlineData("  env:X  ", "env", "X", null)]
    public void Parses_provider_path_and_field(string text, string provider, string path, string? field)
    {
        var reference = KeyReference.Parse(text);
        Assert.Equal(provider, reference.Provider);
        Assert.Equal(path, reference.Path);
        Assert.Equal(field, reference.Field);
    }

    [Theory]
    [InlineData("asset")]
    [InlineData("Asset")]
    public void Asset_means_the_key_stored_in_the_asset(string text)
    {
        var reference = KeyReference.Parse(text);
        Assert.True(reference.IsAssetStored);
        Assert.Equal("asset", reference.ToString());
    }

    [Fact]
    public void Literal_keys_never_appear_in_ToString()
    {
        var key = Pangolin.Extensions.Cryptography.FernetKey.Generate().Export();
        var reference = KeyReference.Parse("literal:" + key);
        Assert.Equal(key, reference.Path);
        Assert.Equal("literal:***", reference.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("ORDERS_KEY", "needs a provider name")]
    [InlineData(":x", "needs a provider name")]
    [InlineData("env:", "names no key")]
    [InlineData("vault:secret/x#", "empty field")]
    [InlineData("literal:", "no key after")]
    public void Malformed_references_explain_the_problem(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => KeyReference.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_key_pasted_as_a_reference_is_refused_without_echoing_it()
    {
        var key = Pangolin.Extensions.Cryptography.FernetKey.Generate().Export();
        Assert.False(KeyReference.TryParse(key, out _, out var error));
        Assert.DoesNotContain(key, error, StringComparison.Ordinal);
        Assert.Contains("Fernet key itself", error, StringComparison.Ordinal);
    }
}
