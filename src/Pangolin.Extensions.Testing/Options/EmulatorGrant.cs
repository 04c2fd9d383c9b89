namespace Pangolin.Extensions.Testing;

/// <summary>
/// A direct permission grant for a <see cref="PangolinRole.TenantUser"/> principal.
/// </summary>
/// <param name="Catalog">The catalog name, or <see langword="null"/> for a tenant-wide grant.</param>
/// <param name="Namespace">
/// The dot-joined namespace (<c>a.b</c>), or <see langword="null"/> for the whole catalog. A namespace grant also
/// covers its descendants (<c>a</c> covers <c>a.b</c>).
/// </param>
/// <param name="Actions">The granted actions.</param>
public sealed record EmulatorGrant(string? Catalog, string? Namespace, PangolinPermissions Actions)
{
    /// <summary>A tenant-wide grant.</summary>
    /// <param name="actions">The granted actions.</param>
    /// <returns>The grant.</returns>
    public static EmulatorGrant Tenant(PangolinPermissions actions) => new(null, null, actions);

    /// <summary>A grant on a whole catalog.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="actions">The granted actions.</param>
    /// <returns>The grant.</returns>
    public static EmulatorGrant OnCatalog(string catalog, PangolinPermissions actions) => new(catalog, null, actions);

    /// <summary>A grant on a namespace (and its descendants).</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespace">The dot-joined namespace.</param>
    /// <param name="actions">The granted actions.</param>
    /// <returns>The grant.</returns>
    public static EmulatorGrant OnNamespace(string catalog, string @namespace, PangolinPermissions actions) =>
        new(catalog, @namespace, actions);
}
