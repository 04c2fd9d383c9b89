using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Pangolin.Extensions.Keys;

/// <summary>
/// A short URI that says where a Fernet key lives: <c>env:NAME</c>, <c>config:Section:Key</c>,
/// <c>aws:SECRET_ID#field</c>, <c>vault:mount/path#field</c>, <c>azurekv:secret-name</c>, <c>asset</c> (the key stored
/// in the asset) or <c>literal:KEY</c> (tests only). The part before the first <c>:</c> names the key provider.
/// </summary>
public sealed partial class KeyReference : IEquatable<KeyReference>
{
    /// <summary>The provider name of the key stored in the asset itself.</summary>
    public const string AssetScheme = "asset";

    /// <summary>The provider name of a key written inline (for tests and samples).</summary>
    public const string LiteralScheme = "literal";

    private readonly string _text;

    private KeyReference(string text, string provider, string path, string? field)
    {
        _text = text;
        Provider = provider;
        Path = path;
        Field = field;
    }

    /// <summary>The key provider name (the scheme), lowercase: <c>env</c>, <c>config</c>, <c>vault</c>, …</summary>
    public string Provider { get; }

    /// <summary>What the provider looks up: the variable, configuration path, secret id or secret path.</summary>
    public string Path { get; }

    /// <summary>The field of a structured secret (after <c>#</c>), or <see langword="null"/> for the whole secret.</summary>
    public string? Field { get; }

    /// <summary>Whether this is the key stored in the asset.</summary>
    public bool IsAssetStored => Provider == AssetScheme;

    /// <summary>Parses a key reference.</summary>
    /// <param name="text">The reference text.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="FormatException">The text is not a key reference; the message explains the accepted forms.</exception>
    public static KeyReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);
    }

    /// <summary>Tries to parse a key reference.</summary>
    /// <param name="text">The reference text.</param>
    /// <param name="reference">The reference, when successful.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out KeyReference? reference)
        => TryParse(text, out reference, out _);

    /// <summary>Tries to parse a key reference and says what is wrong when it cannot.</summary>
    /// <param name="text">The reference text.</param>
    /// <param name="reference">The reference, when successful.</param>
    /// <param name="error">What is wrong, when unsuccessful. It never repeats a literal key.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out KeyReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "A key reference is empty. " + Forms;
            return false;
        }

        if (string.Equals(trimmed, AssetScheme, StringComparison.OrdinalIgnoreCase))
        {
            reference = new KeyReference(AssetScheme, AssetScheme, string.Empty, null);
            error = null;
            return true;
        }

        if (Cryptography.FernetKey.TryParse(trimmed, out _))
        {
            error = "The key reference is a Fernet key itself; it must say where the key lives instead (for example 'env:NAME'; 'literal:KEY' is for tests only). " + Forms;
            return false;
        }

        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? trimmed[..colon].ToLowerInvariant() : string.Empty;
        if (colon <= 0 || !SchemePattern().IsMatch(scheme))
        {
            error = $"'{Display(trimmed)}' is not a key reference: it needs a provider name before ':'. " + Forms;
            return false;
        }

        var body = trimmed[(colon + 1)..];
        if (scheme == LiteralScheme)
        {
            if (body.Length == 0)
            {
                error = "The literal key reference has no key after 'literal:'.";
                return false;
            }

            reference = new KeyReference(trimmed, scheme, body, null);
            error = null;
            return true;
        }

        string? field = null;
        var hash = body.LastIndexOf('#');
        if (hash >= 0)
        {
            field = body[(hash + 1)..];
            body = body[..hash];
            if (field.Length == 0)
            {
                error = $"The key reference '{trimmed}' has an empty field after '#'.";
                return false;
            }
        }

        if (body.Length == 0)
        {
            error = $"The key reference '{trimmed}' names no key after '{scheme}:'. " + Forms;
            return false;
        }

        reference = new KeyReference($"{scheme}:{body}{(field is null ? string.Empty : "#" + field)}", scheme, body, field);
        error = null;
        return true;
    }

    /// <summary>The reference text; a literal key is shown as <c>literal:***</c>.</summary>
    /// <returns>The reference text without secrets.</returns>
    public override string ToString() => Provider == LiteralScheme ? "literal:***" : _text;

    /// <inheritdoc />
    public bool Equals(KeyReference? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as KeyReference);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>The exact reference text, used as a cache key. Contains a literal key as written.</summary>
    internal string CacheKey => _text;

    private const string Forms =
        "Accepted forms: 'env:NAME', 'config:Section:Key', 'aws:SECRET_ID#field', 'vault:mount/path#field', 'azurekv:secret-name', 'asset', 'literal:KEY'.";

    private static string Display(string text) =>
        text.StartsWith(LiteralScheme + ":", StringComparison.OrdinalIgnoreCase) ? "literal:***" : text;

    [GeneratedRegex("^[a-z][a-z0-9+._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePattern();
}
