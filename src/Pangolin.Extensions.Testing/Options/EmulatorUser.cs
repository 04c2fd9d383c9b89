namespace Pangolin.Extensions.Testing;

/// <summary>A user that can log in through <c>POST /api/v1/users/login</c>.</summary>
public sealed class EmulatorUser
{
    /// <summary>The user id (the JWT <c>sub</c>). A new random id by default.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The login name.</summary>
    public required string Username { get; init; }

    /// <summary>The password, or <see langword="null"/> for an account that uses external authentication.</summary>
    public string? Password { get; init; }

    /// <summary>The e-mail address. Defaults to <c>&lt;username&gt;@example.com</c>.</summary>
    public string? Email { get; init; }

    /// <summary>The tenant. Defaults to the default (nil) tenant. Ignored for <see cref="PangolinRole.Root"/>.</summary>
    public Guid TenantId { get; init; } = EmulatorStore.DefaultTenantId;

    /// <summary>The role. Defaults to <see cref="PangolinRole.TenantUser"/>.</summary>
    public PangolinRole Role { get; init; } = PangolinRole.TenantUser;

    /// <summary>Direct grants; only consulted for <see cref="PangolinRole.TenantUser"/>.</summary>
    public IList<EmulatorGrant> Grants { get; init; } = new List<EmulatorGrant>();
}
