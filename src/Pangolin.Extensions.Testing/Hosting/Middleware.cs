using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Pangolin.Extensions.Testing;

/// <summary>The middleware chain, outermost first: request id, recording, faults, throttling, authentication.</summary>
internal static class Middleware
{
    private const string RequestIdHeader = "x-request-id";

    private static readonly HashSet<string> ThrottledPaths = new(StringComparer.Ordinal)
    {
        "/api/v1/users/login",
        "/api/v1/tokens",
        "/api/v1/auth/oauth/callback",
    };

    /// <summary>Echo a well-formed inbound <c>x-request-id</c> (1-128 of <c>[A-Za-z0-9._-]</c>) or assign a UUID.</summary>
    public static Task RequestId(HttpContext context, RequestDelegate next)
    {
        var inbound = context.Request.Headers[RequestIdHeader].ToString();
        var wellFormed = inbound.Length is > 0 and <= 128
            && inbound.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        context.Response.Headers[RequestIdHeader] = wellFormed ? inbound : Guid.NewGuid().ToString("D");
        return next(context);
    }

    public static async Task Record(EmulatorContext emulator, HttpContext context, RequestDelegate next)
    {
        var timestamp = emulator.Time.GetUtcNow();
        var completed = false;
        try
        {
            await next(context).ConfigureAwait(false);
            completed = true;
        }
        finally
        {
            int status;
            if (context.RequestAborted.IsCancellationRequested)
            {
                status = 499;
            }
            else if (!completed && !context.Response.HasStarted)
            {
                status = StatusCodes.Status500InternalServerError;
            }
            else
            {
                status = context.Response.StatusCode;
            }

            emulator.Recorder.Add(context, timestamp, status);
        }
    }

    public static async Task Faults(EmulatorContext emulator, HttpContext context, RequestDelegate next)
    {
        var delay = emulator.Faults.Delay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
        }

        if (emulator.Faults.ShouldFail(context, out var status))
        {
            context.Response.StatusCode = status;
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Per-source-address throttling of the credential endpoints (any method), counting every request.</summary>
    public static Task Throttle(EmulatorContext emulator, HttpContext context, RequestDelegate next)
    {
        if (!ThrottledPaths.Contains(context.Request.Path.Value ?? string.Empty))
        {
            return next(context);
        }

        var key = "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (emulator.IpLimiter.TryAcquire(key))
        {
            return next(context);
        }

        context.Response.Headers.RetryAfter = RetryAfter(emulator);
        return Reply.Json(context, StatusCodes.Status429TooManyRequests, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", "too many authentication attempts; try again later");
            w.WriteString("type", "TooManyRequests");
            w.WriteNumber("code", 429);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    public static string RetryAfter(EmulatorContext emulator) =>
        ((long)emulator.IpLimiter.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary><c>auth_middleware</c>, in its order: NO_AUTH shortcut, public paths, X-API-Key, root Basic, Bearer.</summary>
    public static Task Authenticate(EmulatorContext emulator, HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var authorization = context.Request.Headers.Authorization;
        var now = emulator.Time.GetUtcNow();

        if (emulator.AuthMode == PangolinAuthMode.NoAuth)
        {
            if (PublicPaths.IsPublic(path))
            {
                return next(context);
            }

            if (authorization.Count == 0)
            {
                new Session(Guid.Empty, "tenant_admin", null, PangolinRole.TenantAdmin, null, now.AddSeconds(86400))
                    .AttachTo(context);
                return next(context);
            }
        }

        if (PublicPaths.IsPublic(path))
        {
            return next(context);
        }

        if (context.Request.Headers.TryGetValue("X-API-Key", out var apiKeyHeader))
        {
            var value = apiKeyHeader.ToString();
            if (value.Any(c => c < 0x20 || c > 0x7E))
            {
                return Unauthorized(context, "Malformed X-API-Key header");
            }

            var key = emulator.Store.FindApiKey(value);
            if (key is null)
            {
                return Unauthorized(context, "Invalid or expired API key");
            }

            new Session(key.ServiceUserId, key.ServiceUserName, key.TenantId, key.Role, null, now.AddSeconds(86400))
                .AttachTo(context);
            return next(context);
        }

        var header = authorization.Count > 0 ? authorization[0] ?? string.Empty : string.Empty;
        if (header.StartsWith("Basic ", StringComparison.Ordinal) && emulator.RootConfigured)
        {
            if (!TryDecodeBasic(header["Basic ".Length..], out var user, out var password)
                || !emulator.IsRootCredential(user, password))
            {
                return Unauthorized(context, "Invalid credentials");
            }

            var root = new Session(Guid.Empty, "root", null, PangolinRole.Root, null, now.AddSeconds(3600));
            WithTenantOverride(root, context).AttachTo(context);
            return next(context);
        }

        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Unauthorized(context, "Missing or invalid authorization header");
        }

        var check = emulator.Jwt.Verify(header["Bearer ".Length..], now, emulator.Revocations.IsRevoked, out var session);
        switch (check)
        {
            case TokenCheck.Valid:
                WithTenantOverride(session!, context).AttachTo(context);
                return next(context);
            case TokenCheck.Revoked:
                return Unauthorized(context, "Token has been revoked");
            case TokenCheck.InvalidSession:
                return Unauthorized(context, "Invalid session");
            case TokenCheck.Expired:
                return Unauthorized(context, "Token expired");
            default:
                return Unauthorized(context, "Invalid token");
        }
    }

    /// <summary><c>X-Pangolin-Tenant</c> is honoured only for Root; a value that is not a UUID is ignored.</summary>
    private static Session WithTenantOverride(Session session, HttpContext context)
    {
        if (session.Role == PangolinRole.Root
            && context.Request.Headers.TryGetValue("X-Pangolin-Tenant", out var value)
            && JsonBodyReader.TryParseUuid(value.ToString().Trim(), out var tenant))
        {
            return session with { EffectiveTenant = tenant };
        }

        return session;
    }

    private static bool TryDecodeBasic(string encoded, out string user, out string password)
    {
        user = password = string.Empty;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            user = text[..colon];
            password = text[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Task Unauthorized(HttpContext context, string message) =>
        Reply.Text(context, StatusCodes.Status401Unauthorized, message);
}
