namespace Pangolin.Extensions.Testing;

/// <summary>
/// An API key accepted in the <c>X-API-Key</c> header, standing for a service user. Any string is accepted as the
/// key; real keys look like <c>pgl_&lt;keyid&gt;_&lt;secret&gt;</c>.
/// </summary>
public sealed class EmulatorApiKey
{
    /// <summary>The exact header value to accept.</summary>
    public required string Key { get; init; }

    /// <summary>The service user's name (the session username).</summary>
    public required string ServiceUserName { get; init; }

    /// <summary>The service user id. A new random id by default.</summary>
    public Guid ServiceUserId { get; init; } = Guid.NewGuid();

    /// <summary>The service user's tenant. Defaults to the default (nil) tenant.</summary>
    public Guid TenantId { get; init; } = EmulatorStore.DefaultTenantId;

    /// <summary>The service user's role. Defaults to <see cref="PangolinRole.TenantUser"/>.</summary>
    public PangolinRole Role { get; init; } = PangolinRole.TenantUser;

    /// <summary>Direct grants; only consulted for <see cref="PangolinRole.TenantUser"/>.</summary>
    public IList<EmulatorGrant> Grants { get; init; } = new List<EmulatorGrant>();
}
