using System.ComponentModel.DataAnnotations;

namespace Pangolin.Extensions.Client;

/// <summary>How to reach and authenticate to a Pangolin server. Bound from the <c>Pangolin</c> configuration section.</summary>
public sealed class PangolinClientOptions
{
    /// <summary>The server's base address, such as <c>http://localhost:8080</c>.</summary>
    [Required]
    public Uri? Uri { get; set; }

    /// <summary>How the client authenticates. Without any setting the client sends no credentials (NO_AUTH servers).</summary>
    public PangolinAuthOptions Auth { get; set; } = new();

    /// <summary>Per-request timeout. Default 30 seconds, the server's own request timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string ToString() => $"PangolinClientOptions {{ Uri = {Uri}, Auth = {Auth} }}";
}

/// <summary>The authentication scheme used with Pangolin.</summary>
public enum PangolinAuthMethod
{
    /// <summary>Chosen from the settings present: <c>Token</c>, then <c>ApiKey</c>, then <c>Username</c>/<c>Password</c> (login), else none.</summary>
    Auto = 0,

    /// <summary>No credentials: for servers running with <c>PANGOLIN_NO_AUTH=true</c>.</summary>
    None,

    /// <summary>Log in with <c>POST /api/v1/users/login</c> and send the returned JWT as a bearer token, logging in again before it expires.</summary>
    Login,

    /// <summary>Send a fixed bearer token.</summary>
    Token,

    /// <summary>Send an <c>X-API-Key</c> header (service users).</summary>
    ApiKey,

    /// <summary>Send <c>Authorization: Basic</c> with the server's environment root user.</summary>
    Basic,
}

/// <summary>Credentials for Pangolin. <see cref="ToString"/> never shows a secret.</summary>
public sealed class PangolinAuthOptions
{
    /// <summary>The scheme; <see cref="PangolinAuthMethod.Auto"/> picks one from the settings present.</summary>
    public PangolinAuthMethod Method { get; set; }

    /// <summary>The user name for <see cref="PangolinAuthMethod.Login"/> or <see cref="PangolinAuthMethod.Basic"/>.</summary>
    public string? Username { get; set; }

    /// <summary>The password for <see cref="PangolinAuthMethod.Login"/> or <see cref="PangolinAuthMethod.Basic"/>. Secret.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The tenant (a UUID). Sent as <c>tenant-id</c> at login and as <c>X-Pangolin-Tenant</c> on every request
    /// (the server honours the header for root sessions only).
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>A bearer token for <see cref="PangolinAuthMethod.Token"/>. Secret.</summary>
    public string? Token { get; set; }

    /// <summary>An API key for <see cref="PangolinAuthMethod.ApiKey"/>. Secret.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long before the JWT's <c>expires-at</c> to log in again. Default 5 minutes.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest <c>retry-after</c> a throttled login waits out before trying once more; longer waits fail at once
    /// with <see cref="PangolinRateLimitedException"/>. Default 10 seconds.
    /// </summary>
    public TimeSpan MaxLoginRetryWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The scheme in effect after <see cref="PangolinAuthMethod.Auto"/> is resolved.</summary>
    /// <returns>The effective scheme.</returns>
    public PangolinAuthMethod EffectiveMethod() => Method switch
    {
        PangolinAuthMethod.Auto when !string.IsNullOrEmpty(Token) => PangolinAuthMethod.Token,
        PangolinAuthMethod.Auto when !string.IsNullOrEmpty(ApiKey) => PangolinAuthMethod.ApiKey,
        PangolinAuthMethod.Auto when !string.IsNullOrEmpty(Username) => PangolinAuthMethod.Login,
        PangolinAuthMethod.Auto => PangolinAuthMethod.None,
        _ => Method,
    };

    /// <summary>Describes the settings without any secret.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() =>
        $"PangolinAuthOptions {{ Method = {EffectiveMethod()}, Username = {Username ?? "(none)"}, TenantId = {TenantId ?? "(none)"}, "
        + $"Password = {Redact(Password)}, Token = {Redact(Token)}, ApiKey = {Redact(ApiKey)} }}";

    private static string Redact(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : "***";
}
