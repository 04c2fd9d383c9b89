using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.Tests.Assets;

public class PropertyValuesTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    public void Parses_dotnet_and_python_booleans(string text, bool expected)
    {
        Assert.True(PropertyValues.TryParseBoolean(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("")]
    [InlineData(null)]
    public void Rejects_non_booleans(string? text) => Assert.False(PropertyValues.TryParseBoolean(text, out _));

    [Fact]
    public void Writes_lowercase_booleans_like_pypangolin_readers_expect()
    {
        Assert.Equal("true", PropertyValues.FormatBoolean(true));
        Assert.Equal("false", PropertyValues.FormatBoolean(false));
    }

    [Theory]
    [InlineData("postgresql://alice:s3cr%40t@db:5432/app", "postgresql://alice:***@db:5432/app")]
    [InlineData("Host=db;Username=alice;Password=s3cret;Database=app", "Host=db;Username=alice;Password=***;Database=app")]
    [InlineData("Server=x;Pwd={a;b};Database=y", "Server=x;Pwd=***;Database=y")]
    [InlineData("mongodb://db:27017/?authSource=admin&password=hunter2", "mongodb://db:27017/?authSource=admin&password=***")]
    [InlineData("postgresql://db:5432/app", "postgresql://db:5432/app")]
    public void Redacts_passwords_embedded_in_connection_strings(string input, string expected)
    {
        Assert.Equal(expected, PropertyValues.RedactConnectionString(input));
    }
}
