using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Pangolin.Extensions.Testing;

/// <summary>
/// Reads a request body the way axum 0.7's <c>Json&lt;T&gt;</c> extractor does with serde_json and
/// serde_path_to_error: 415 for a missing or non-JSON content type, 413 over the body limit, 400 for invalid JSON
/// syntax, 422 for data errors (unknown field, missing field, wrong type, unknown enum variant, duplicate field).
/// Errors are text/plain with axum's message prefixes. The first error in document order wins, as with serde.
/// </summary>
internal static class JsonBodyReader
{
    /// <summary>axum's default body limit; larger bodies get 413.</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>Kestrel's hard limit: bodies up to this size are drained so the 413 reaches the client.</summary>
    public const long DrainLimitBytes = 256 * 1024 * 1024;

    private const string SyntaxPrefix = "Failed to parse the request body as JSON: ";
    private const string DataPrefix = "Failed to deserialize the JSON body into the target type: ";

    /// <summary>Reads and deserialises the body; on failure the error response has already been written.</summary>
    public static async Task<JsonBody?> ReadAsync(HttpContext context, JsonShape shape)
    {
        if (!HasJsonContentType(context.Request))
        {
            await Reply.Text(context, 415, "Expected request with `Content-Type: application/json`").ConfigureAwait(false);
            return null;
        }

        byte[] body;
        try
        {
            body = await ReadAllAsync(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Reply.Text(context, 413, "Failed to buffer the request body: length limit exceeded").ConfigureAwait(false);
            return null;
        }

        var outcome = Parse(body, shape);
        if (outcome.Body is null)
        {
            await Reply.Text(context, outcome.Status, outcome.Error!).ConfigureAwait(false);
        }

        return outcome.Body;
    }

    public static bool HasJsonContentType(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media))
        {
            return false;
        }

        return media.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
            && (media.SubType.Equals("json", StringComparison.OrdinalIgnoreCase)
                || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    internal static (JsonBody? Body, int Status, string? Error) Parse(byte[] body, JsonShape shape)
    {
        var parser = new Parser(body, shape);
        try
        {
            return parser.Run();
        }
        catch (JsonException ex)
        {
            return (null, 400, SyntaxPrefix + DescribeSyntaxError(body, ex));
        }
    }

    /// <summary>
    /// Reads the body, refusing more than <see cref="MaxBodyBytes"/>. An oversized body is still drained (up to
    /// Kestrel's own, larger limit) so that the client gets the 413 instead of a reset connection.
    /// </summary>
    private static async Task<byte[]> ReadAllAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        var tooLarge = context.Request.ContentLength > MaxBodyBytes;
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            tooLarge |= buffer.Length + read > MaxBodyBytes;
            if (!tooLarge)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        if (tooLarge)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        return buffer.ToArray();
    }

    private static string DescribeSyntaxError(byte[] body, JsonException ex)
    {
        var line = (int)(ex.LineNumber ?? 0);
        var inLine = (int)(ex.BytePositionInLine ?? 0);
        var offset = OffsetOf(body, line, inLine);
        var rest = body.AsSpan(Math.Min(offset, body.Length));
        if (rest.Trim(" \t\r\n"u8).IsEmpty)
        {
            var (eofLine, eofColumn) = Position(body, body.Length);
            return string.Create(CultureInfo.InvariantCulture, $"EOF while parsing a value at line {eofLine} column {eofColumn}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"expected value at line {line + 1} column {inLine + 1}");
    }

    private static int OffsetOf(byte[] body, int line, int inLine)
    {
        var offset = 0;
        for (var l = 0; l < line && offset < body.Length; offset++)
        {
            if (body[offset] == (byte)'\n')
            {
                l++;
            }
        }

        return offset + inLine;
    }

    /// <summary>serde_json's (line, column) after consuming <paramref name="end"/> bytes.</summary>
    private static (int Line, int Column) Position(byte[] body, int end)
    {
        end = Math.Min(end, body.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < end; i++)
        {
            if (body[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, end - lineStart);
    }

#pragma warning disable CA1032, CA1064 // Private control-flow exception, never escapes this type.
    private sealed class DataError(string path, string message, int end) : Exception(message)
#pragma warning restore CA1032, CA1064
    {
        public string Path { get; } = path;

        public int End { get; } = end;
    }

    private ref struct Parser
    {
        private readonly byte[] _body;
        private readonly JsonShape _shape;
        private Utf8JsonReader _reader;

        public Parser(byte[] body, JsonShape shape)
        {
            _body = body;
            _shape = shape;
            _reader = new Utf8JsonReader(body, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
                MaxDepth = 128,
            });
        }

        public (JsonBody? Body, int Status, string? Error) Run()
        {
            try
            {
                var body = ReadStruct();
                if (_reader.Read())
                {
                    var (line, column) = Position(_body, (int)_reader.TokenStartIndex + 1);
                    return (null, 400, SyntaxPrefix + string.Create(
                        CultureInfo.InvariantCulture, $"trailing characters at line {line} column {column}"));
                }

                return (body, 200, null);
            }
            catch (DataError error)
            {
                var (line, column) = Position(_body, error.End);
                var path = error.Path.Length == 0 ? string.Empty : error.Path + ": ";
                return (null, 422, DataPrefix + path + error.Message + string.Create(
                    CultureInfo.InvariantCulture, $" at line {line} column {column}"));
            }
        }

        private JsonBody ReadStruct()
        {
            if (!_reader.Read())
            {
                throw new JsonException("empty", null, 0, 0);
            }

            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(string.Empty, "struct " + _shape.Name);
            }

            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                _reader.Read();
                if (_reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                var key = _reader.GetString()!;
                var keyEnd = EndOfToken();
                var field = _shape.Fields.FirstOrDefault(f =>
                    f.Name == key || f.Aliases.Contains(key, StringComparer.Ordinal));
                if (field is null)
                {
                    if (_shape.DenyUnknownFields)
                    {
                        throw new DataError(string.Empty, $"unknown field `{key}`, {Expected(_shape)}", keyEnd);
                    }

                    _reader.Read();
                    _reader.Skip();
                    continue;
                }

                if (!seen.Add(field.Name))
                {
                    throw new DataError(string.Empty, $"duplicate field `{field.Name}`", keyEnd);
                }

                values[field.Name] = ReadValue(field);
            }

            var objectEnd = (int)_reader.TokenStartIndex + 1;
            foreach (var field in _shape.Fields)
            {
                if (field.Required && !seen.Contains(field.Name))
                {
                    throw new DataError(string.Empty, $"missing field `{field.Name}`", objectEnd);
                }
            }

            return new JsonBody(values);
        }

        private object? ReadValue(JsonField field)
        {
            _reader.Read();
            if (_reader.TokenType == JsonTokenType.Null && field.Nullable)
            {
                return null;
            }

            switch (field.Type)
            {
                case JsonFieldType.String:
                    return ReadString(field.Name);
                case JsonFieldType.Uuid:
                    return ReadUuid(field.Name);
                case JsonFieldType.Enum:
                    if (_reader.TokenType != JsonTokenType.String)
                    {
                        throw Invalid(field.Name, "enum " + field.EnumName);
                    }

                    var variant = _reader.GetString()!;
                    if (!field.Variants.Contains(variant, StringComparer.Ordinal))
                    {
                        throw new DataError(
                            field.Name,
                            $"unknown variant `{variant}`, expected one of {string.Join(", ", field.Variants.Select(v => $"`{v}`"))}",
                            EndOfToken());
                    }

                    return variant;
                case JsonFieldType.StringMap:
                    return ReadStringMap(field.Name);
                case JsonFieldType.StringList:
                    return ReadStringList(field.Name);
                default:
                    var start = (int)_reader.TokenStartIndex;
                    _reader.Skip();
                    var end = EndOfToken();
                    return new RawJson(Encoding.UTF8.GetString(_body, start, end - start));
            }
        }

        private string ReadString(string path)
        {
            if (_reader.TokenType != JsonTokenType.String)
            {
                throw Invalid(path, "a string");
            }

            return _reader.GetString()!;
        }

        private Guid ReadUuid(string path)
        {
            if (_reader.TokenType != JsonTokenType.String)
            {
                throw Invalid(path, "a UUID string");
            }

            var text = _reader.GetString()!;
            if (TryParseUuid(text, out var id))
            {
                return id;
            }

            throw new DataError(path, "UUID parsing failed: " + DescribeBadUuid(text), EndOfToken());
        }

        private Dictionary<string, string> ReadStringMap(string path)
        {
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(path, "a map");
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            while (true)
            {
                _reader.Read();
                if (_reader.TokenType == JsonTokenType.EndObject)
                {
                    return map;
                }

                var key = _reader.GetString()!;
                _reader.Read();
                map[key] = ReadString(path + "." + key);
            }
        }

        private List<string> ReadStringList(string path)
        {
            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw Invalid(path, "a sequence");
            }

            var list = new List<string>();
            while (true)
            {
                _reader.Read();
                if (_reader.TokenType == JsonTokenType.EndArray)
                {
                    return list;
                }

                list.Add(ReadString(string.Create(CultureInfo.InvariantCulture, $"{path}[{list.Count}]")));
            }
        }

        private readonly DataError Invalid(string path, string expected) =>
            new(path, $"invalid type: {DescribeToken()}, expected {expected}", EndOfToken());

        private readonly string DescribeToken()
        {
            switch (_reader.TokenType)
            {
                case JsonTokenType.String:
                    return "string " + JsonSerializer.Serialize(_reader.GetString());
                case JsonTokenType.Number:
                    var text = Encoding.UTF8.GetString(_reader.ValueSpan);
                    return text.AsSpan().IndexOfAny('.', 'e', 'E') >= 0
                        ? $"floating point `{text}`"
                        : $"integer `{text}`";
                case JsonTokenType.True:
                    return "boolean `true`";
                case JsonTokenType.False:
                    return "boolean `false`";
                case JsonTokenType.Null:
                    return "null";
                case JsonTokenType.StartArray:
                    return "sequence";
                default:
                    return "map";
            }
        }

        private readonly int EndOfToken() => _reader.TokenType switch
        {
            JsonTokenType.String or JsonTokenType.PropertyName =>
                (int)_reader.TokenStartIndex + _reader.ValueSpan.Length + 2,
            JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.EndObject or JsonTokenType.EndArray =>
                (int)_reader.TokenStartIndex + 1,
            _ => (int)_reader.TokenStartIndex + _reader.ValueSpan.Length,
        };

        private static string Expected(JsonShape shape)
        {
            var names = shape.Fields.SelectMany(f => new[] { f.Name }.Concat(f.Aliases)).Select(n => $"`{n}`").ToList();
            return names.Count switch
            {
                0 => "there are no fields",
                1 => "expected " + names[0],
                _ => "expected one of " + string.Join(", ", names),
            };
        }
    }

    /// <summary>The formats the Rust <c>uuid</c> crate parses: simple, hyphenated, braced and URN.</summary>
    internal static bool TryParseUuid(string text, out Guid id)
    {
        if (text.StartsWith("urn:uuid:", StringComparison.Ordinal))
        {
            return Guid.TryParseExact(text["urn:uuid:".Length..], "D", out id);
        }

        return Guid.TryParseExact(text, "D", out id)
            || Guid.TryParseExact(text, "N", out id)
            || Guid.TryParseExact(text, "B", out id);
    }

    private static string DescribeBadUuid(string text)
    {
        var length = text.Length;
        if (length is not (32 or 36 or 38 or 45))
        {
            return string.Create(
                CultureInfo.InvariantCulture, $"invalid length: expected length 32 for simple format, found {length}");
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!Uri.IsHexDigit(c) && c != '-')
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `{c}` at {i + 1}");
            }
        }

        return "invalid group length";
    }
}
