using Google.Protobuf;
using Pangolin.Extensions.Dremio.Tests.Server;

namespace Pangolin.Extensions.Dremio.Tests;

/// <summary>The hand-written session-option encoding against Apache.Arrow.Flight's own generated Flight.proto classes.</summary>
public sealed class SessionOptionsTests
{
    [Theory]
    [InlineData("project_id", "7f3c1e2a-1111-2222-3333-444455556666")]
    [InlineData("schema", "Samples.\"samples.dremio.com\"")]
    [InlineData("empty", "")]
    [InlineData("unicode", "Ωmega ✓")]
    public void A_set_request_parses_with_the_generated_classes(string name, string value)
    {
        var options = ArrowFlightProtocol.ReadStringOptions(SessionOptions.EncodeSetString(name, value));

        Assert.Equal(value, Assert.Single(options, o => o.Key == name).Value);
    }

    [Fact]
    public void Errors_written_by_the_generated_classes_decode_by_name()
    {
        Assert.Equal([new("project_id", "INVALID_NAME"), new("schema", "INVALID_NAME")],
            SessionOptions.DecodeErrors(ArrowFlightProtocol.WriteErrors(["project_id", "schema"], 1)).OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal([new("x", "INVALID_VALUE")], SessionOptions.DecodeErrors(ArrowFlightProtocol.WriteErrors(["x"], 2)));
        Assert.Empty(SessionOptions.DecodeErrors(ArrowFlightProtocol.WriteErrors([], 1)));
        Assert.Empty(SessionOptions.DecodeErrors(ByteString.Empty));
    }
}
