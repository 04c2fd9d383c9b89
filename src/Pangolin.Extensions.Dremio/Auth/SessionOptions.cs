using Google.Protobuf;

namespace Pangolin.Extensions.Dremio;

/// <summary>
/// Arrow Flight's session-option messages (Flight.proto, Arrow 16+), which Apache.Arrow.Flight 23 keeps internal:
/// <c>SetSessionOptionsRequest { map&lt;string, SessionOptionValue&gt; session_options = 1; }</c> with
/// <c>SessionOptionValue { oneof { string string_value = 1; … } }</c>, and
/// <c>SetSessionOptionsResult { map&lt;string, Error&gt; errors = 1; }</c> with <c>Error { ErrorValue value = 1; }</c>.
/// </summary>
internal static class SessionOptions
{
    /// <summary>The DoAction type that sets session options.</summary>
    public const string SetSessionOptionsAction = "SetSessionOptions";

    /// <summary>The Flight <c>ErrorValue</c> names, by number.</summary>
    private static readonly string[] ErrorNames = ["UNSPECIFIED", "INVALID_NAME", "INVALID_VALUE", "ERROR"];

    /// <summary>Encodes a <c>SetSessionOptionsRequest</c> with one string option.</summary>
    /// <param name="name">The option name.</param>
    /// <param name="value">The option value.</param>
    /// <returns>The serialized request.</returns>
    public static ByteString EncodeSetString(string name, string value)
    {
        var optionValue = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(value);
        });
        var entry = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(name);
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(optionValue);
        });
        return Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(entry);
        });
    }

    /// <summary>Decodes the errors of a <c>SetSessionOptionsResult</c>.</summary>
    /// <param name="result">The serialized result.</param>
    /// <returns>Each refused option with its error name.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> DecodeErrors(ByteString result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<KeyValuePair<string, string>>();
        var input = new CodedInputStream(result.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 1 || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
            {
                input.SkipLastField();
                continue;
            }

            var entry = new CodedInputStream(input.ReadBytes().ToByteArray());
            string name = string.Empty;
            var error = 0;
            while ((tag = entry.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                        name = entry.ReadString();
                        break;
                    case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                        error = ReadErrorValue(entry.ReadBytes());
                        break;
                    default:
                        entry.SkipLastField();
                        break;
                }
            }

            errors.Add(new(name, error >= 0 && error < ErrorNames.Length ? ErrorNames[error] : error.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return errors;
    }

    private static int ReadErrorValue(ByteString bytes)
    {
        var input = new CodedInputStream(bytes.ToByteArray());
        var value = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                value = input.ReadEnum();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return value;
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return ByteString.CopyFrom(buffer.ToArray());
    }
}
