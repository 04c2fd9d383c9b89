namespace Pangolin.Extensions.Testing;

/// <summary>Settings for <see cref="PangolinEmulator"/>. The defaults match a NO_AUTH dev server on the memory store.</summary>
public sealed class PangolinEmulatorOptions
{
    /// <summary>The loopback port to listen on; 0 (the default) picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>The authentication mode. Defaults to <see cref="PangolinAuthMode.NoAuth"/>.</summary>
    public PangolinAuthMode AuthMode { get; set; } = PangolinAuthMode.NoAuth;

    /// <summary>What a duplicate asset registration does. Defaults to <see cref="DuplicateAssetPolicy.Upsert"/>.</summary>
    public DuplicateAssetPolicy DuplicatePolicy { get; set; } = DuplicateAssetPolicy.Upsert;

    /// <summary>The env root user name (<c>PANGOLIN_ROOT_USER</c>). Root exists only when both user and password are set.</summary>
    public string? RootUser { get; set; }

    /// <summary>The env root password (<c>PANGOLIN_ROOT_PASSWORD</c>).</summary>
    public string? RootPassword { get; set; }

    /// <summary>The seeded tenant admin's name in the default tenant (<c>PANGOLIN_ADMIN_USER</c>). Defaults to <c>tenant_admin</c>.</summary>
    public string AdminUser { get; set; } = "tenant_admin";

    /// <summary>
    /// The seeded tenant admin's password (<c>PANGOLIN_ADMIN_PASSWORD</c>). When <see langword="null"/> the admin
    /// still exists (id nil, default tenant) but cannot log in.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>Additional users to seed.</summary>
    public IList<EmulatorUser> Users { get; } = new List<EmulatorUser>();

    /// <summary>API keys to accept in <c>X-API-Key</c>.</summary>
    public IList<EmulatorApiKey> ApiKeys { get; } = new List<EmulatorApiKey>();

    /// <summary>
    /// Requests per source address per <see cref="LoginRateWindow"/> on the credential endpoints
    /// (<c>PANGOLIN_AUTH_RATE_LIMIT</c>). Every request counts, successes included. 0 disables throttling. Default 10.
    /// </summary>
    public int LoginRateLimit { get; set; } = 10;

    /// <summary>The throttling window (<c>PANGOLIN_AUTH_RATE_WINDOW_SECS</c>). Default 60 s.</summary>
    public TimeSpan LoginRateWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The lifetime of tokens issued by login. Default 24 h, as the real server (fixed there).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The clock used for tokens and rate limiting. Use a fake provider to expire tokens in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The HS256 signing secret (<c>PANGOLIN_JWT_SECRET</c>). A random 48-byte secret when <see langword="null"/>.</summary>
    public string? JwtSecret { get; set; }
}
