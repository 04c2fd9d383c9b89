using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pangolin.Extensions.Assets;

/// <summary>
/// Decrypted credentials of a connection asset (<c>username</c>, <c>password</c>, <c>token</c>, …).
/// Values are secret: <see cref="ToString"/>, the debugger view and enumeration show names only.
/// </summary>
/// <remarks>
/// The type deliberately does not implement <see cref="IEnumerable{T}"/> of values, and serializes to JSON with every
/// value replaced by <c>***</c>, so structured loggers and serializers cannot dump it by accident. Read values one at
/// a time with <see cref="TryGetValue"/>.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
[JsonConverter(typeof(RedactingJsonConverter))]
[DebuggerTypeProxy(typeof(DebugView))]
public sealed class ConnectionCredentials : IEquatable<ConnectionCredentials>
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Creates credentials from name/value pairs.</summary>
    /// <param name="values">The values, by credential name (such as <c>password</c>).</param>
    public ConnectionCredentials(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(values));
            ArgumentNullException.ThrowIfNull(value, nameof(values));
            _values[name] = value;
        }
    }

    /// <summary>No credentials.</summary>
    public static ConnectionCredentials Empty { get; } = new([]);

    /// <summary>The credential names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _values.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The number of credentials.</summary>
    public int Count => _values.Count;

    /// <summary>The <c>username</c> credential, if present.</summary>
    public string? Username => _values.GetValueOrDefault("username");

    /// <summary>The <c>password</c> credential, if present. Secret.</summary>
    public string? Password => _values.GetValueOrDefault("password");

    /// <summary>Whether a credential with this name exists.</summary>
    /// <param name="name">The credential name.</param>
    /// <returns><see langword="true"/> if present.</returns>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>Reads a credential.</summary>
    /// <param name="name">The credential name.</param>
    /// <param name="value">The value, if present.</param>
    /// <returns><see langword="true"/> if present.</returns>
    public bool TryGetValue(string name, [NotNullWhen(true)] out string? value) => _values.TryGetValue(name, out value);

    /// <summary>Reads a credential, or <see langword="null"/>.</summary>
    /// <param name="name">The credential name.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? GetValueOrDefault(string name) => _values.GetValueOrDefault(name);

    /// <summary>
    /// Reads a boolean credential written either by .NET (<c>true</c>/<c>false</c>) or by Python's <c>str()</c>
    /// (<c>True</c>/<c>False</c>); <c>1</c>/<c>0</c> and <c>yes</c>/<c>no</c> are accepted too.
    /// </summary>
    /// <param name="name">The credential name.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    /// <exception cref="FormatException">The value is present but not a boolean (the message names the credential, not its value).</exception>
    public bool? GetBoolean(string name) =>
        !_values.TryGetValue(name, out var text) ? null
        : PropertyValues.TryParseBoolean(text, out var value) ? value
        : throw new FormatException($"The credential '{name}' is not a boolean; expected true/false (Python's True/False are accepted).");

    /// <summary>Returns credentials with the given values added or replaced.</summary>
    /// <param name="values">The values to set.</param>
    /// <returns>New credentials.</returns>
    public ConnectionCredentials With(IEnumerable<KeyValuePair<string, string>> values) => new(_values.Concat(values).GroupBy(p => p.Key).Select(g => g.Last()));

    /// <summary>Names the credentials without their values, such as <c>ConnectionCredentials [password, username]</c>.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => $"ConnectionCredentials [{string.Join(", ", Names)}]";

    /// <summary>Compares names and values in constant time per value.</summary>
    /// <param name="other">The other credentials.</param>
    /// <returns>Whether both hold the same names and values.</returns>
    public bool Equals(ConnectionCredentials? other)
    {
        if (other is null || other._values.Count != _values.Count)
        {
            return false;
        }

        foreach (var (name, value) in _values)
        {
            if (!other._values.TryGetValue(name, out var theirs)
                || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(value), System.Text.Encoding.UTF8.GetBytes(theirs)))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConnectionCredentials);

    /// <inheritdoc />
    public override int GetHashCode() => _values.Count;

    private sealed class DebugView(ConnectionCredentials credentials)
    {
        [DebuggerBrowsable(DebuggerBrowsableState.RootHidden)]
        public string[] Names => [.. credentials.Names.Select(n => $"{n} = ***")];
    }

    private sealed class RedactingJsonConverter : JsonConverter<ConnectionCredentials>
    {
        public override ConnectionCredentials Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("ConnectionCredentials cannot be read from JSON: credentials come only from decrypted assets.");

        public override void Write(Utf8JsonWriter writer, ConnectionCredentials value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var name in value.Names)
            {
                writer.WriteString(name, "***");
            }

            writer.WriteEndObject();
        }
    }
}
