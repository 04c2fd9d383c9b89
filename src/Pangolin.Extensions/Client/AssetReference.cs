using System.Diagnostics.CodeAnalysis;

namespace Pangolin.Extensions.Client;

/// <summary>
/// Identifies an asset in a Pangolin catalog: <c>catalog</c>, one or more namespace levels, and the asset name.
/// </summary>
/// <remarks>
/// The text form is <c>catalog.namespace.name</c>; nested namespaces add levels in the middle
/// (<c>catalog.level1.level2.name</c>). Pangolin's asset API joins namespace levels with <c>.</c>, so a namespace
/// level may never contain a dot (a catalog or asset name may, but then only the constructor can express it), and
/// for compatibility with pypangolin no part may contain <c>/</c>, <c>@</c>, <c>#</c> or <c>?</c>.
/// </remarks>
public sealed class AssetReference : IEquatable<AssetReference>
{
    private static readonly char[] ForbiddenCharacters = ['/', '@', '#', '?'];

    /// <summary>Creates a reference after validating every part.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespaceLevels">The namespace levels, outermost first.</param>
    /// <param name="name">The asset name.</param>
    /// <exception cref="ArgumentException">A part is empty or contains a character Pangolin's asset paths cannot carry.</exception>
    public AssetReference(string catalog, IEnumerable<string> namespaceLevels, string name)
    {
        ArgumentNullException.ThrowIfNull(namespaceLevels);
        Catalog = Validate(catalog, "catalog", nameof(catalog), allowDot: true);
        var levels = new List<string>();
        foreach (var level in namespaceLevels)
        {
            levels.Add(Validate(level, "namespace level", nameof(namespaceLevels), allowDot: false));
        }

        if (levels.Count == 0)
        {
            throw new ArgumentException("An asset reference needs at least one namespace level.", nameof(namespaceLevels));
        }

        NamespaceLevels = levels.AsReadOnly();
        Name = Validate(name, "asset name", nameof(name), allowDot: true);
    }

    /// <summary>Creates a reference with a single namespace level, or a dot-joined nested namespace.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespace">The namespace; dots separate nested levels (<c>a.b</c>).</param>
    /// <param name="name">The asset name.</param>
    public AssetReference(string catalog, string @namespace, string name)
        : this(catalog, SplitNamespace(@namespace), name)
    {
    }

    /// <summary>The catalog name.</summary>
    public string Catalog { get; }

    /// <summary>The namespace levels, outermost first.</summary>
    public IReadOnlyList<string> NamespaceLevels { get; }

    /// <summary>The namespace as Pangolin's asset paths spell it: levels joined with <c>.</c>.</summary>
    public string Namespace => string.Join('.', NamespaceLevels);

    /// <summary>The asset name.</summary>
    public string Name { get; }

    /// <summary>Parses <c>catalog.namespace[.more-levels].name</c>.</summary>
    /// <param name="text">The dotted reference.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="FormatException">The text does not have at least three non-empty dot-separated parts, or a part is invalid.</exception>
    public static AssetReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var reference, out var error))
        {
            throw new FormatException(error);
        }

        return reference;
    }

    /// <summary>Tries to parse <c>catalog.namespace[.more-levels].name</c>.</summary>
    /// <param name="text">The dotted reference.</param>
    /// <param name="reference">The parsed reference, when successful.</param>
    /// <returns><see langword="true"/> when the text is a valid reference.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out AssetReference? reference)
        => TryParse(text, out reference, out _);

    /// <summary>Tries to parse a reference and explains what is wrong when it cannot.</summary>
    /// <param name="text">The dotted reference.</param>
    /// <param name="reference">The parsed reference, when successful.</param>
    /// <param name="error">Why the text is not a reference, when unsuccessful.</param>
    /// <returns><see langword="true"/> when the text is a valid reference.</returns>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out AssetReference? reference,
        [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "An asset reference is empty; expected 'catalog.namespace.name'.";
            return false;
        }

        var parts = text.Trim().Split('.');
        if (parts.Length < 3)
        {
            error = $"The asset reference '{text}' must have the form 'catalog.namespace.name' (nested namespaces add levels: 'catalog.a.b.name').";
            return false;
        }

        var problem = parts.Select(p => Problem(p, "part", allowDot: false)).FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            error = $"The asset reference '{text}' is invalid: {problem}";
            return false;
        }

        reference = new AssetReference(parts[0], parts[1..^1], parts[^1]);
        error = null;
        return true;
    }

    /// <summary>Returns the dotted form, <c>catalog.namespace.name</c>.</summary>
    /// <returns>The dotted form.</returns>
    public override string ToString() => $"{Catalog}.{Namespace}.{Name}";

    /// <inheritdoc />
    public bool Equals(AssetReference? other) =>
        other is not null
        && string.Equals(Catalog, other.Catalog, StringComparison.Ordinal)
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && NamespaceLevels.SequenceEqual(other.NamespaceLevels, StringComparer.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AssetReference);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static string[] SplitNamespace(string @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        return @namespace.Split('.');
    }

    private static string Validate(string value, string what, string paramName, bool allowDot)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        var problem = Problem(value, what, allowDot);
        return problem is null ? value : throw new ArgumentException(problem, paramName);
    }

    private static string? Problem(string value, string what, bool allowDot)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"a {what} is empty.";
        }

        if (!allowDot && value.Contains('.', StringComparison.Ordinal))
        {
            return $"the {what} '{value}' contains '.', which Pangolin's asset paths use to separate namespace levels.";
        }

        var bad = value.IndexOfAny(ForbiddenCharacters);
        return bad >= 0
            ? $"the {what} '{value}' contains '{value[bad]}'; names may not contain '/', '@', '#' or '?'."
            : null;
    }
}
