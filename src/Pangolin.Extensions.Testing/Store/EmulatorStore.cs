using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Pangolin.Extensions.Testing;

/// <summary>
/// The emulator's in-memory, tenant-scoped, thread-safe store. It behaves like Pangolin's memory store, and can be
/// used directly (without HTTP) to seed or inspect data. Every method taking a <c>tenantId</c> uses the default
/// (nil) tenant when it is <see langword="null"/>.
/// </summary>
public sealed class EmulatorStore
{
    /// <summary>The name of the default tenant.</summary>
    public const string DefaultTenantName = "default";

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, EmulatorTenant> _tenants = [];
    private readonly Dictionary<(Guid Tenant, string Catalog), EmulatorCatalog> _catalogs = [];
    private readonly Dictionary<(Guid Tenant, string Catalog, string Namespace), EmulatorNamespace> _namespaces = [];
    private readonly Dictionary<AssetKey, EmulatorAsset> _assets = [];
    private readonly Dictionary<Guid, AssetKey> _assetKeysById = [];
    private readonly Dictionary<Guid, EmulatorUser> _users = [];
    private readonly Dictionary<string, EmulatorApiKey> _apiKeys = new(StringComparer.Ordinal);

    internal EmulatorStore()
    {
        Reset();
    }

    /// <summary>The id of the default tenant, which always exists: <c>00000000-0000-0000-0000-000000000000</c>.</summary>
    public static Guid DefaultTenantId => Guid.Empty;

    /// <summary>A snapshot of the tenants.</summary>
    public IReadOnlyList<EmulatorTenant> Tenants
    {
        get
        {
            lock (_gate)
            {
                return [.. _tenants.Values];
            }
        }
    }

    /// <summary>A snapshot of the users that can log in (the seeded admin included).</summary>
    public IReadOnlyList<EmulatorUser> Users
    {
        get
        {
            lock (_gate)
            {
                return [.. _users.Values];
            }
        }
    }

    /// <summary>Removes all tenants (except the default one), catalogs, namespaces and assets. Users and API keys stay.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _tenants.Clear();
            _catalogs.Clear();
            _namespaces.Clear();
            _assets.Clear();
            _assetKeysById.Clear();
            _tenants[DefaultTenantId] = new EmulatorTenant(DefaultTenantId, DefaultTenantName, Empty());
        }
    }

    /// <summary>Creates a tenant with a new id.</summary>
    /// <param name="name">The tenant name.</param>
    /// <param name="properties">Optional properties.</param>
    /// <returns>The tenant.</returns>
    public EmulatorTenant CreateTenant(string name, IDictionary<string, string>? properties = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tenant = new EmulatorTenant(Guid.NewGuid(), name, Copy(properties));
        lock (_gate)
        {
            _tenants[tenant.Id] = tenant;
        }

        return tenant;
    }

    /// <summary>Adds (or replaces, by id) a user that can log in.</summary>
    /// <param name="user">The user.</param>
    public void AddUser(EmulatorUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            _users[user.Id] = user;
        }
    }

    /// <summary>Adds (or replaces, by key) an API key accepted in <c>X-API-Key</c>.</summary>
    /// <param name="apiKey">The key.</param>
    public void AddApiKey(EmulatorApiKey apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        lock (_gate)
        {
            _apiKeys[apiKey.Key] = apiKey;
        }
    }

    /// <summary>
    /// Creates a local catalog and its <c>default</c> namespace. Like the memory store, an existing catalog of the
    /// same name is silently replaced by one with a new id; its namespaces and assets are kept.
    /// </summary>
    /// <param name="name">The catalog name.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>The catalog.</returns>
    public EmulatorCatalog CreateCatalog(string name, Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return CreateCatalog(new EmulatorCatalog(
            Guid.NewGuid(), tenantId ?? DefaultTenantId, name, "Local", null, null, null, Empty()));
    }

    /// <summary>Looks a catalog up by name.</summary>
    /// <param name="name">The catalog name.</param>
    /// <param name="catalog">The catalog when found.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGetCatalog(string name, [NotNullWhen(true)] out EmulatorCatalog? catalog, Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _catalogs.TryGetValue((tenantId ?? DefaultTenantId, name), out catalog);
        }
    }

    /// <summary>Lists a tenant's catalogs, sorted by name.</summary>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>The catalogs.</returns>
    public IReadOnlyList<EmulatorCatalog> ListCatalogs(Guid? tenantId = null)
    {
        var tenant = tenantId ?? DefaultTenantId;
        lock (_gate)
        {
            return [.. _catalogs.Values.Where(c => c.TenantId == tenant).OrderBy(c => c.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Removes a catalog together with its namespaces and assets.</summary>
    /// <param name="name">The catalog name.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>Whether the catalog existed.</returns>
    public bool RemoveCatalog(string name, Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tenant = tenantId ?? DefaultTenantId;
        lock (_gate)
        {
            if (!_catalogs.Remove((tenant, name)))
            {
                return false;
            }

            foreach (var key in _namespaces.Keys.Where(k => k.Tenant == tenant && k.Catalog == name).ToList())
            {
                _namespaces.Remove(key);
            }

            foreach (var key in _assets.Keys.Where(k => k.Tenant == tenant && k.Catalog == name).ToList())
            {
                _assets.Remove(key);
            }

            foreach (var pair in _assetKeysById.Where(p => p.Value.Tenant == tenant && p.Value.Catalog == name).ToList())
            {
                _assetKeysById.Remove(pair.Key);
            }

            return true;
        }
    }

    /// <summary>Creates a namespace. Parents need not exist; the catalog need not exist either.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="levels">The namespace levels.</param>
    /// <param name="properties">Optional properties.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns><see langword="false"/> when the namespace already existed (it is left unchanged).</returns>
    public bool CreateNamespace(
        string catalog, IEnumerable<string> levels, IDictionary<string, string>? properties = null, Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(levels);
        var list = levels.ToArray();
        var key = (tenantId ?? DefaultTenantId, catalog, NamespaceKey(list));
        lock (_gate)
        {
            return _namespaces.TryAdd(key, new EmulatorNamespace(catalog, list, Copy(properties)));
        }
    }

    /// <summary>Creates a namespace given in dotted form (<c>a.b</c>).</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="dottedNamespace">The namespace, levels separated by <c>.</c>.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns><see langword="false"/> when the namespace already existed.</returns>
    public bool CreateNamespace(string catalog, string dottedNamespace, Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(dottedNamespace);
        return CreateNamespace(catalog, SplitDotted(dottedNamespace), null, tenantId);
    }

    /// <summary>Looks a namespace up.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="levels">The namespace levels.</param>
    /// <param name="namespace">The namespace when found.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGetNamespace(
        string catalog, IReadOnlyList<string> levels, [NotNullWhen(true)] out EmulatorNamespace? @namespace, Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(levels);
        lock (_gate)
        {
            return _namespaces.TryGetValue((tenantId ?? DefaultTenantId, catalog, NamespaceKey(levels)), out @namespace);
        }
    }

    /// <summary>
    /// Stores an asset directly (no HTTP, no permission check), creating the catalog and namespace when missing.
    /// An existing asset of the same name is replaced and the new one gets a new id, whatever the duplicate policy.
    /// </summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespace">The namespace in dotted form (<c>a.b</c>), as on the asset paths.</param>
    /// <param name="name">The asset name.</param>
    /// <param name="kind">The wire kind, e.g. <see cref="PangolinAssetKinds.DbConnString"/>.</param>
    /// <param name="location">The location.</param>
    /// <param name="properties">The properties.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>The stored asset.</returns>
    public EmulatorAsset PutAsset(
        string catalog,
        string @namespace,
        string name,
        string kind,
        string location,
        IDictionary<string, string>? properties = null,
        Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        return PutAsset(catalog, SplitDotted(@namespace), name, kind, location, properties, tenantId);
    }

    /// <summary>
    /// Stores an asset directly (no HTTP, no permission check), creating the catalog and namespace when missing.
    /// An existing asset of the same name is replaced and the new one gets a new id, whatever the duplicate policy.
    /// </summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespaceLevels">The namespace levels.</param>
    /// <param name="name">The asset name.</param>
    /// <param name="kind">The wire kind, e.g. <see cref="PangolinAssetKinds.DbConnString"/>.</param>
    /// <param name="location">The location.</param>
    /// <param name="properties">The properties.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>The stored asset.</returns>
    public EmulatorAsset PutAsset(
        string catalog,
        IReadOnlyList<string> namespaceLevels,
        string name,
        string kind,
        string location,
        IDictionary<string, string>? properties = null,
        Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(namespaceLevels);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(location);
        if (!PangolinAssetKinds.IsValid(kind))
        {
            throw new ArgumentException($"'{kind}' is not a Pangolin asset kind; use a SCREAMING_SNAKE_CASE value.", nameof(kind));
        }

        var tenant = tenantId ?? DefaultTenantId;
        lock (_gate)
        {
            if (!_catalogs.ContainsKey((tenant, catalog)))
            {
                CreateCatalogLocked(new EmulatorCatalog(Guid.NewGuid(), tenant, catalog, "Local", null, null, null, Empty()));
            }

            _namespaces.TryAdd(
                (tenant, catalog, NamespaceKey(namespaceLevels)),
                new EmulatorNamespace(catalog, [.. namespaceLevels], Empty()));
            return InsertLocked(tenant, catalog, namespaceLevels, name, kind, location, Copy(properties));
        }
    }

    /// <summary>Looks an asset up by catalog, dotted namespace and name (branch <c>main</c>).</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespace">The namespace in dotted form.</param>
    /// <param name="name">The asset name.</param>
    /// <param name="asset">The asset when found.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGetAsset(
        string catalog, string @namespace, string name, [NotNullWhen(true)] out EmulatorAsset? asset, Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        return TryGetAsset(catalog, SplitDotted(@namespace), name, out asset, tenantId);
    }

    /// <summary>Looks an asset up by catalog, namespace levels and name (branch <c>main</c>).</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespaceLevels">The namespace levels.</param>
    /// <param name="name">The asset name.</param>
    /// <param name="asset">The asset when found.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGetAsset(
        string catalog,
        IReadOnlyList<string> namespaceLevels,
        string name,
        [NotNullWhen(true)] out EmulatorAsset? asset,
        Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(namespaceLevels);
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _assets.TryGetValue(
                new AssetKey(tenantId ?? DefaultTenantId, catalog, NamespaceKey(namespaceLevels), name), out asset);
        }
    }

    /// <summary>
    /// Looks an asset up by id. As in the memory store, the id of a replaced asset still resolves to the asset that
    /// replaced it.
    /// </summary>
    /// <param name="id">The asset id.</param>
    /// <param name="asset">The asset when found.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGetAssetById(Guid id, [NotNullWhen(true)] out EmulatorAsset? asset, Guid? tenantId = null)
    {
        var tenant = tenantId ?? DefaultTenantId;
        lock (_gate)
        {
            asset = null;
            return _assetKeysById.TryGetValue(id, out var key) && key.Tenant == tenant && _assets.TryGetValue(key, out asset);
        }
    }

    /// <summary>Lists the assets of a namespace, sorted by name.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespace">The namespace in dotted form.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>The assets.</returns>
    public IReadOnlyList<EmulatorAsset> ListAssets(string catalog, string @namespace, Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        return ListAssets(tenantId ?? DefaultTenantId, catalog, SplitDotted(@namespace));
    }

    /// <summary>Removes an asset.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespace">The namespace in dotted form.</param>
    /// <param name="name">The asset name.</param>
    /// <param name="tenantId">The tenant; the default tenant when <see langword="null"/>.</param>
    /// <returns>Whether the asset existed.</returns>
    public bool RemoveAsset(string catalog, string @namespace, string name, Guid? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(name);
        return RemoveAsset(tenantId ?? DefaultTenantId, catalog, SplitDotted(@namespace), name);
    }

    internal static string[] SplitDotted(string @namespace) => @namespace.Split('.');

    internal EmulatorCatalog CreateCatalog(EmulatorCatalog catalog)
    {
        lock (_gate)
        {
            CreateCatalogLocked(catalog);
        }

        return catalog;
    }

    internal bool TenantExists(Guid tenantId)
    {
        lock (_gate)
        {
            return _tenants.ContainsKey(tenantId);
        }
    }

    internal RegisterOutcome RegisterAsset(
        Guid tenant,
        string catalog,
        IReadOnlyList<string> levels,
        string name,
        string kind,
        string location,
        IReadOnlyDictionary<string, string> properties,
        DuplicateAssetPolicy policy,
        out EmulatorAsset? asset)
    {
        asset = null;
        lock (_gate)
        {
            if (!_catalogs.ContainsKey((tenant, catalog)))
            {
                return RegisterOutcome.CatalogNotFound;
            }

            if (policy == DuplicateAssetPolicy.Reject
                && _assets.ContainsKey(new AssetKey(tenant, catalog, NamespaceKey(levels), name)))
            {
                return RegisterOutcome.Duplicate;
            }

            asset = InsertLocked(tenant, catalog, levels, name, kind, location, properties);
            return RegisterOutcome.Created;
        }
    }

    internal IReadOnlyList<EmulatorAsset> ListAssets(Guid tenant, string catalog, IReadOnlyList<string> levels)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var ns = NamespaceKey(levels);
        lock (_gate)
        {
            return
            [
                .. _assets
                    .Where(p => p.Key.Tenant == tenant && p.Key.Catalog == catalog && p.Key.Namespace == ns)
                    .Select(p => p.Value)
                    .OrderBy(a => a.Name, StringComparer.Ordinal),
            ];
        }
    }

    internal bool RemoveAsset(Guid tenant, string catalog, IReadOnlyList<string> levels, string name)
    {
        lock (_gate)
        {
            return _assets.Remove(new AssetKey(tenant, catalog, NamespaceKey(levels), name));
        }
    }

    internal bool RemoveAssetById(Guid tenant, Guid id)
    {
        lock (_gate)
        {
            return _assetKeysById.TryGetValue(id, out var key) && key.Tenant == tenant && _assets.Remove(key);
        }
    }

    internal EmulatorUser? FindUser(Guid id)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(id);
        }
    }

    internal EmulatorUser? FindUser(string username, Guid? tenantId)
    {
        lock (_gate)
        {
            return _users.Values.FirstOrDefault(u =>
                string.Equals(u.Username, username, StringComparison.Ordinal)
                && (tenantId is null || (u.Role != PangolinRole.Root && u.TenantId == tenantId.Value)));
        }
    }

    internal EmulatorApiKey? FindApiKey(string key)
    {
        lock (_gate)
        {
            return _apiKeys.GetValueOrDefault(key);
        }
    }

    internal IReadOnlyList<EmulatorGrant> GrantsOf(Guid principalId)
    {
        lock (_gate)
        {
            if (_users.TryGetValue(principalId, out var user))
            {
                return [.. user.Grants];
            }

            var key = _apiKeys.Values.FirstOrDefault(k => k.ServiceUserId == principalId);
            return key is null ? [] : [.. key.Grants];
        }
    }

    private static string NamespaceKey(IReadOnlyList<string> levels)
    {
        // Length-prefixed so that no level content (dots, U+001F, ...) can make two namespaces collide.
        var builder = new StringBuilder();
        foreach (var level in levels)
        {
            builder.Append(level.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(level);
        }

        return builder.ToString();
    }

    private static Dictionary<string, string> Empty() => new(StringComparer.Ordinal);

    private static Dictionary<string, string> Copy(IEnumerable<KeyValuePair<string, string>>? source)
    {
        var copy = Empty();
        if (source is not null)
        {
            foreach (var pair in source)
            {
                copy[pair.Key] = pair.Value ?? throw new ArgumentException("Property values must not be null.", nameof(source));
            }
        }

        return copy;
    }

    private void CreateCatalogLocked(EmulatorCatalog catalog)
    {
        _catalogs[(catalog.TenantId, catalog.Name)] = catalog;

        // The memory store re-creates "default" on every catalog creation, replacing its properties.
        _namespaces[(catalog.TenantId, catalog.Name, NamespaceKey(["default"]))] =
            new EmulatorNamespace(catalog.Name, ["default"], Empty());
    }

    private EmulatorAsset InsertLocked(
        Guid tenant,
        string catalog,
        IReadOnlyList<string> levels,
        string name,
        string kind,
        string location,
        IReadOnlyDictionary<string, string> properties)
    {
        var key = new AssetKey(tenant, catalog, NamespaceKey(levels), name);
        var asset = new EmulatorAsset(Guid.NewGuid(), tenant, catalog, [.. levels], name, kind, location, Copy(properties));
        _assets[key] = asset;
        _assetKeysById[asset.Id] = key;
        return asset;
    }

    private readonly record struct AssetKey(Guid Tenant, string Catalog, string Namespace, string Name);
}

internal enum RegisterOutcome
{
    Created,
    CatalogNotFound,
    Duplicate,
}
