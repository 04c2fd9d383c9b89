using System.Net.Http.Headers;
using Pangolin.Extensions.Client;

namespace Pangolin.Extensions.Tests.Client;

public class PangolinErrorsTests
{
    [Theory]
    [InlineData("Asset not found", "text/plain", "Asset not found")]
    [InlineData("{\"error\":\"Maximum 100 assets can be deleted at once\"}", "application/json", "Maximum 100 assets can be deleted at once")]
    [InlineData("{\"error\":{\"message\":\"Namespace already exists\",\"type\":\"AlreadyExistsException\",\"code\":409}}", "application/json", "Namespace already exists")]
    [InlineData("{\"error\":\"Tenant creation is disabled in NO_AUTH mode\",\"hint\":\"x\"}", "application/json", "Tenant creation is disabled in NO_AUTH mode")]
    [InlineData("{not json", "application/json", "{not json")]
    public void Parses_every_server_error_shape(string body, string contentType, string expected)
    {
        Assert.Equal(expected, PangolinErrors.ParseMessage(body, new MediaTypeHeaderValue(contentType)));
    }

    [Fact]
    public void Empty_bodies_have_no_message()
    {
        Assert.Null(PangolinErrors.ParseMessage("", null));
        Assert.Null(PangolinErrors.ParseMessage(null, null));
    }

    [Fact]
    public void Long_messages_are_truncated()
    {
        var message = PangolinErrors.ParseMessage(new string('x', 2000), null);
        Assert.NotNull(message);
        Assert.True(message.Length < 600);
    }
}
