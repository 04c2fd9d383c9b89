namespace Pangolin.Extensions.Testing;

/// <summary>A namespace held by the emulator.</summary>
public sealed class EmulatorNamespace
{
    internal EmulatorNamespace(string catalog, IReadOnlyList<string> levels, IReadOnlyDictionary<string, string> properties)
    {
        Catalog = catalog;
        Levels = levels;
        Properties = properties;
    }

    /// <summary>The catalog name.</summary>
    public string Catalog { get; }

    /// <summary>The namespace levels (<c>["a","b"]</c>).</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>The namespace properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }
}
