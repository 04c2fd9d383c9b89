namespace Pangolin.Extensions.Testing;

/// <summary>A Pangolin user role (serialised in kebab-case: <c>root</c>, <c>tenant-admin</c>, <c>tenant-user</c>).</summary>
public enum PangolinRole
{
    /// <summary>A regular tenant member whose access is decided by grants.</summary>
    TenantUser = 0,

    /// <summary>A tenant administrator: passes every permission check.</summary>
    TenantAdmin = 1,

    /// <summary>The environment root user: may create tenants; may not create catalogs.</summary>
    Root = 2,
}
