namespace Pangolin.Extensions.Testing;

/// <summary>A generic asset (for example a <c>DB_CONN_STRING</c> connection) held by the emulator. Immutable.</summary>
public sealed class EmulatorAsset
{
    internal EmulatorAsset(
        Guid id,
        Guid tenantId,
        string catalog,
        IReadOnlyList<string> @namespace,
        string name,
        string kind,
        string location,
        IReadOnlyDictionary<string, string> properties)
    {
        Id = id;
        TenantId = tenantId;
        Catalog = catalog;
        Namespace = @namespace;
        Name = name;
        Kind = kind;
        Location = location;
        Properties = properties;
    }

    /// <summary>The asset id (a new one on every registration, duplicates included).</summary>
    public Guid Id { get; }

    /// <summary>The owning tenant.</summary>
    public Guid TenantId { get; }

    /// <summary>The catalog name.</summary>
    public string Catalog { get; }

    /// <summary>The namespace levels.</summary>
    public IReadOnlyList<string> Namespace { get; }

    /// <summary>The asset name.</summary>
    public string Name { get; }

    /// <summary>The kind in its wire spelling, e.g. <c>DB_CONN_STRING</c>.</summary>
    public string Kind { get; }

    /// <summary>The location.</summary>
    public string Location { get; }

    /// <summary>The properties (all values are strings).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }
}
