namespace Pangolin.Extensions.Testing;

/// <summary>The authenticated caller of one request (Pangolin's <c>UserSession</c> plus the <c>TenantId</c> extension).</summary>
internal sealed record Session(
    Guid UserId,
    string Username,
    Guid? TenantId,
    PangolinRole Role,
    Guid? TokenId,
    DateTimeOffset ExpiresAt)
{
    private const string ItemKey = "pangolin.session";

    /// <summary>The tenant handlers operate on (the <c>TenantId</c> extension).</summary>
    public Guid EffectiveTenant { get; init; } = TenantId ?? EmulatorStore.DefaultTenantId;

    public bool IsAdmin => Role is PangolinRole.Root or PangolinRole.TenantAdmin;

    public static Session? Of(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) ? value as Session : null;

    public void AttachTo(Microsoft.AspNetCore.Http.HttpContext context) => context.Items[ItemKey] = this;
}

/// <summary>Kebab-case role names.</summary>
internal static class Roles
{
    public static string ToWire(PangolinRole role) => role switch
    {
        PangolinRole.Root => "root",
        PangolinRole.TenantAdmin => "tenant-admin",
        _ => "tenant-user",
    };

    public static bool TryParse(string? wire, out PangolinRole role)
    {
        switch (wire)
        {
            case "root":
                role = PangolinRole.Root;
                return true;
            case "tenant-admin":
                role = PangolinRole.TenantAdmin;
                return true;
            case "tenant-user":
                role = PangolinRole.TenantUser;
                return true;
            default:
                role = PangolinRole.TenantUser;
                return false;
        }
    }
}
