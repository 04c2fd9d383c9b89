namespace Pangolin.Extensions.Testing;

/// <summary>The JSON type a request field is deserialised into (mirrors the Rust field types).</summary>
internal enum JsonFieldType
{
    /// <summary><c>String</c>.</summary>
    String,

    /// <summary><c>Uuid</c>.</summary>
    Uuid,

    /// <summary><c>HashMap&lt;String, String&gt;</c>.</summary>
    StringMap,

    /// <summary><c>Vec&lt;String&gt;</c>.</summary>
    StringList,

    /// <summary>A unit-variant enum (string variants).</summary>
    Enum,

    /// <summary>Any JSON value (kept as raw text).</summary>
    Any,
}

/// <summary>One field of a request struct, with serde semantics.</summary>
/// <param name="Name">The JSON name.</param>
/// <param name="Type">The value type.</param>
internal sealed record JsonField(string Name, JsonFieldType Type)
{
    /// <summary>A missing required field is a 422 <c>missing field</c>. Option and <c>#[serde(default)]</c> fields are not required.</summary>
    public bool Required { get; init; } = true;

    /// <summary><c>Option&lt;T&gt;</c>: JSON <c>null</c> means absent. Otherwise <c>null</c> is an invalid type.</summary>
    public bool Nullable { get; init; }

    /// <summary><c>#[serde(alias = ...)]</c> names.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The accepted variants of an <see cref="JsonFieldType.Enum"/> field.</summary>
    public IReadOnlyList<string> Variants { get; init; } = [];

    /// <summary>The Rust enum name, used in <c>expected enum X</c> messages.</summary>
    public string EnumName { get; init; } = string.Empty;

    /// <summary>An optional field: <c>Option&lt;T&gt;</c>.</summary>
    public static JsonField Optional(string name, JsonFieldType type) => new(name, type) { Required = false, Nullable = true };
}

/// <summary>A request struct, with serde semantics.</summary>
/// <param name="Name">The Rust type name, used in <c>expected struct X</c> messages.</param>
/// <param name="DenyUnknownFields"><c>#[serde(deny_unknown_fields)]</c>.</param>
/// <param name="Fields">The fields in declaration order.</param>
internal sealed record JsonShape(string Name, bool DenyUnknownFields, IReadOnlyList<JsonField> Fields);

/// <summary>A deserialised request body.</summary>
internal sealed class JsonBody
{
    private readonly Dictionary<string, object?> _values;

    public JsonBody(Dictionary<string, object?> values) => _values = values;

    public bool Has(string name) => _values.TryGetValue(name, out var value) && value is not null;

    public string? String(string name) => _values.GetValueOrDefault(name) as string;

    public Guid? Uuid(string name) => _values.GetValueOrDefault(name) as Guid?;

    public IReadOnlyDictionary<string, string>? Map(string name) =>
        _values.GetValueOrDefault(name) as IReadOnlyDictionary<string, string>;

    public IReadOnlyList<string>? List(string name) => _values.GetValueOrDefault(name) as IReadOnlyList<string>;

    /// <summary>The raw JSON text of an <see cref="JsonFieldType.Any"/> field.</summary>
    public string? Raw(string name) => _values.GetValueOrDefault(name) is RawJson raw ? raw.Text : null;
}

/// <summary>The raw text of an <see cref="JsonFieldType.Any"/> value.</summary>
/// <param name="Text">The JSON text.</param>
internal sealed record RawJson(string Text);
