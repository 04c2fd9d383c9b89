namespace Pangolin.Extensions.Testing;

/// <summary>
/// A deliberately small model of <c>check_permission</c>: Root and TenantAdmin pass everything; a TenantUser needs a
/// direct grant (tenant, catalog, or the namespace or an ancestor of it) whose actions cover the one requested.
/// </summary>
internal static class Authorizer
{
    /// <param name="store">Where the principal's grants live.</param>
    /// <param name="session">The caller.</param>
    /// <param name="action">The single action needed.</param>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="namespace">The dot-joined namespace as sent, or <see langword="null"/> for a catalog-scope check.</param>
    public static bool Allows(EmulatorStore store, Session session, PangolinPermissions action, string catalog, string? @namespace)
    {
        if (session.IsAdmin)
        {
            return true;
        }

        foreach (var grant in store.GrantsOf(session.UserId))
        {
            if ((Expand(grant.Actions) & action) == action && Covers(grant, catalog, @namespace))
            {
                return true;
            }
        }

        return false;
    }

    private static PangolinPermissions Expand(PangolinPermissions actions)
    {
        if ((actions & PangolinPermissions.Write) != 0)
        {
            actions |= PangolinPermissions.Read | PangolinPermissions.Create | PangolinPermissions.Update;
        }

        return actions;
    }

    private static bool Covers(EmulatorGrant grant, string catalog, string? @namespace)
    {
        if (grant.Catalog is null)
        {
            return true;
        }

        if (!string.Equals(grant.Catalog, catalog, StringComparison.Ordinal))
        {
            return false;
        }

        if (grant.Namespace is null)
        {
            return true;
        }

        return @namespace is not null
            && (string.Equals(@namespace, grant.Namespace, StringComparison.Ordinal)
                || @namespace.StartsWith(grant.Namespace + ".", StringComparison.Ordinal));
    }
}
