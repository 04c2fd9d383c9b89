namespace Pangolin.Extensions.Testing;

/// <summary>
/// Pangolin permission actions that a grant can carry. <see cref="Write"/> implies <see cref="Read"/>,
/// <see cref="Create"/> and <see cref="Update"/>; <see cref="All"/> implies everything.
/// </summary>
[Flags]
#pragma warning disable CA1711 // "Permissions" is the domain name, not a collection suffix.
public enum PangolinPermissions
#pragma warning restore CA1711
{
    /// <summary>No action.</summary>
    None = 0,

    /// <summary><c>read</c>: get an asset, load a namespace.</summary>
    Read = 1,

    /// <summary><c>write</c>: implies read, create and update.</summary>
    Write = 2,

    /// <summary><c>create</c>: register an asset, create a namespace.</summary>
    Create = 4,

    /// <summary><c>delete</c>: delete an asset through the Iceberg table endpoint.</summary>
    Delete = 8,

    /// <summary><c>update</c>.</summary>
    Update = 16,

    /// <summary><c>list</c>.</summary>
    List = 32,

    /// <summary><c>all</c>: every action.</summary>
    All = Read | Write | Create | Delete | Update | List,
}
