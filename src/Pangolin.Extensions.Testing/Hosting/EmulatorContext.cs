using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Pangolin.Extensions.Testing;

/// <summary>Everything the middleware and endpoints share. Options are copied at start.</summary>
internal sealed class EmulatorContext
{
    /// <summary>The synthetic id of the env root user when it logs in (<c>user_handlers.rs:484</c>).</summary>
    public static readonly Guid RootLoginUserId = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");

    public EmulatorContext(PangolinEmulatorOptions options, EmulatorStore store)
    {
        AuthMode = options.AuthMode;
        DuplicatePolicy = options.DuplicatePolicy;
        RootUser = options.RootUser;
        RootPassword = options.RootPassword;
        TokenLifetime = options.TokenLifetime;
        Time = options.TimeProvider ?? TimeProvider.System;
        Store = store;
        StartedAt = Time.GetUtcNow();
        var secret = options.JwtSecret is { Length: > 0 } configured
            ? Encoding.UTF8.GetBytes(configured)
            : RandomNumberGenerator.GetBytes(48);
        Jwt = new JwtCodec(secret);
        IpLimiter = new FixedWindowLimiter(options.LoginRateLimit, options.LoginRateWindow, Time);
        AccountLimiter = new FixedWindowLimiter(options.LoginRateLimit, options.LoginRateWindow, Time);
    }

    public PangolinAuthMode AuthMode { get; }

    public DuplicateAssetPolicy DuplicatePolicy { get; }

    public string? RootUser { get; }

    public string? RootPassword { get; }

    public bool RootConfigured => !string.IsNullOrEmpty(RootUser) && !string.IsNullOrEmpty(RootPassword);

    public TimeSpan TokenLifetime { get; }

    public TimeProvider Time { get; }

    public DateTimeOffset StartedAt { get; }

    public EmulatorStore Store { get; }

    public JwtCodec Jwt { get; }

    public RevocationList Revocations { get; } = new();

    public FixedWindowLimiter IpLimiter { get; }

    public FixedWindowLimiter AccountLimiter { get; }

    public RequestRecorder Recorder { get; } = new();

    public FaultInjector Faults { get; } = new();

    public ConcurrentDictionary<Guid, DateTimeOffset> LastLogins { get; } = new();

    public bool IsRootCredential(string username, string password) =>
        RootConfigured && FixedTimeEquals(username, RootUser!) && FixedTimeEquals(password, RootPassword!);

    public static bool FixedTimeEquals(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));

    /// <summary>Mints a login token; returns it with its expiry.</summary>
    public (string Token, DateTimeOffset ExpiresAt) IssueToken(Guid subject, string username, Guid? tenantId, PangolinRole role, TimeSpan? lifetime = null)
    {
        var now = Time.GetUtcNow();
        var expiresAt = now + (lifetime ?? TokenLifetime);
        return (Jwt.Issue(subject, Guid.NewGuid(), username, tenantId, role, now, expiresAt), expiresAt);
    }
}
