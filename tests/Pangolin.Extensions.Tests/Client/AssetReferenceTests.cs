using Pangolin.Extensions.Client;

namespace Pangolin.Extensions.Tests.Client;

public class AssetReferenceTests
{
    [Fact]
    public void Parses_catalog_namespace_and_name()
    {
        var reference = AssetReference.Parse("data_sources.databases.prod_postgres");

        Assert.Equal("data_sources", reference.Catalog);
        Assert.Equal(["databases"], reference.NamespaceLevels);
        Assert.Equal("prod_postgres", reference.Name);
        Assert.Equal("data_sources.databases.prod_postgres", reference.ToString());
    }

    [Fact]
    public void Middle_parts_are_nested_namespace_levels()
    {
        var reference = AssetReference.Parse("cat.a.b.c.asset");

        Assert.Equal(["a", "b", "c"], reference.NamespaceLevels);
        Assert.Equal("a.b.c", reference.Namespace);
        Assert.Equal("asset", reference.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("catalog.name")]
    [InlineData("catalog..name")]
    [InlineData(".ns.name")]
    public void Rejects_malformed_text_with_the_expected_form(string text)
    {
        var ex = Assert.Throws<FormatException>(() => AssetReference.Parse(text));
        Assert.StartsWith("An asset reference is empty", ex.Message.Replace($"The asset reference '{text}'", "An asset reference is empty", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b", '/')]
    [InlineData("a@b", '@')]
    [InlineData("a#b", '#')]
    [InlineData("a?b", '?')]
    public void Rejects_characters_pypangolin_cannot_address(string name, char bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => new AssetReference("cat", "ns", name));
        Assert.Contains($"'{bad}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_namespace_levels_containing_a_dot_but_allows_dotted_names()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AssetReference("cat", ["a.b"], "name"));
        Assert.Contains("namespace level 'a.b'", ex.Message, StringComparison.Ordinal);

        var dotted = new AssetReference("cat", ["ns"], "v1.2");
        Assert.Equal("v1.2", dotted.Name);
    }

    [Fact]
    public void Equality_is_structural()
    {
        Assert.Equal(AssetReference.Parse("c.n.a"), new AssetReference("c", ["n"], "a"));
        Assert.NotEqual(AssetReference.Parse("c.n.a"), AssetReference.Parse("c.n.b"));
        Assert.NotEqual(AssetReference.Parse("c.n.m.a"), AssetReference.Parse("c.n.a"));
    }
}
