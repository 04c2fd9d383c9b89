namespace Pangolin.Extensions.Testing;

/// <summary>A catalog held by the emulator.</summary>
public sealed class EmulatorCatalog
{
    internal EmulatorCatalog(
        Guid id,
        Guid tenantId,
        string name,
        string catalogType,
        string? warehouseName,
        string? storageLocation,
        string? federatedConfigJson,
        IReadOnlyDictionary<string, string> properties)
    {
        Id = id;
        TenantId = tenantId;
        Name = name;
        CatalogType = catalogType;
        WarehouseName = warehouseName;
        StorageLocation = storageLocation;
        FederatedConfigJson = federatedConfigJson;
        Properties = properties;
    }

    /// <summary>The catalog id (a new one each time the catalog is (re)created).</summary>
    public Guid Id { get; }

    /// <summary>The owning tenant.</summary>
    public Guid TenantId { get; }

    /// <summary>The catalog name.</summary>
    public string Name { get; }

    /// <summary><c>Local</c> or <c>Federated</c>.</summary>
    public string CatalogType { get; }

    /// <summary>The warehouse name, or <see langword="null"/>.</summary>
    public string? WarehouseName { get; }

    /// <summary>The storage location, or <see langword="null"/>.</summary>
    public string? StorageLocation { get; }

    /// <summary>The raw JSON of <c>federated_config</c>, or <see langword="null"/>.</summary>
    public string? FederatedConfigJson { get; }

    /// <summary>The catalog properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }
}
