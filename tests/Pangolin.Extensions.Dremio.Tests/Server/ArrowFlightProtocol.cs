using System.Collections;
using System.Reflection;
using Apache.Arrow.Flight;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Pangolin.Extensions.Dremio.Tests.Server;

/// <summary>
/// The session-option messages through Apache.Arrow.Flight's own generated protobuf classes (internal, reached by
/// reflection), so that the client's hand-written encoding is checked against the real Flight.proto.
/// </summary>
internal static class ArrowFlightProtocol
{
    private static readonly Assembly Flight = typeof(FlightInfo).Assembly;

    public static Dictionary<string, string> ReadStringOptions(ByteString body)
    {
        var request = Parse("SetSessionOptionsRequest", body);
        var map = (IDictionary)Field(request, "session_options");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in map)
        {
            options[(string)entry.Key] = (string)Field((IMessage)entry.Value!, "string_value");
        }

        return options;
    }

    public static ByteString WriteErrors(IEnumerable<string> names, int errorValue)
    {
        var resultType = Type("SetSessionOptionsResult");
        var errorType = Type("SetSessionOptionsResult+Types+Error");
        var result = (IMessage)Activator.CreateInstance(resultType)!;
        var errors = (IDictionary)Field(result, "errors");
        foreach (var name in names)
        {
            var error = (IMessage)Activator.CreateInstance(errorType)!;
            var value = error.Descriptor.FindFieldByName("value");
            value.Accessor.SetValue(error, Enum.ToObject(value.Accessor.GetValue(error).GetType(), errorValue));
            errors.Add(name, error);
        }

        return result.ToByteString();
    }

    public static IMessage Parse(string name, ByteString bytes)
    {
        var parser = (MessageParser)Type(name).GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return parser.ParseFrom(bytes);
    }

    public static object Field(IMessage message, string name) => message.Descriptor.FindFieldByName(name).Accessor.GetValue(message);

    private static Type Type(string name) => Flight.GetType("Apache.Arrow.Flight.Protocol." + name, throwOnError: true)!;
}
