using System.Globalization;
using System.Security.Authentication;
using System.Text.Json;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>Turns Vault's answers into <see cref="KeyProviderException"/>s that say what to fix and carry no secret.</summary>
internal static class VaultErrors
{
    private const int MaxErrorText = 300;

    /// <summary>Vault's error strings (or the status name), with any of <paramref name="secrets"/> masked.</summary>
    public static string Describe(VaultResponse response, IEnumerable<string?> secrets)
    {
        var errors = response.Errors;
        var text = errors.Count > 0
            ? string.Join("; ", errors.Select(e => string.Join(' ', e.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))))
            : StatusName(response.Status);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text.Length > MaxErrorText ? text[..MaxErrorText] + "…" : text;
    }

    public static KeyProviderException ForRead(VaultResponse response, VaultSecretLocation location, Uri address, IEnumerable<string?> secrets)
    {
        var status = response.Status.ToString(CultureInfo.InvariantCulture);
        var detail = Describe(response, secrets);
        return response.Status switch
        {
            403 => new KeyProviderException(
                $"Vault at {address} denied reading {location} (403: {detail}). The token's policy needs "
                + $"path \"{location.PolicyPath}\" {{ capabilities = [\"read\"] }}, or the token is invalid, expired or revoked."),
            404 when IsDeletedVersion(response) => new KeyProviderException(
                $"Vault at {address}: {location} is deleted or destroyed (404). Read another version or undelete it.")
            { NotFound = true },
            404 => new KeyProviderException(
                $"Vault at {address} has no secret at {location} (404 for GET /v1/{location.PolicyPath}). "
                + (location.KvVersion == 2
                    ? "Check the mount and path, and that the mount is KV v2 (for a KV v1 mount set KvVersion to 1)."
                    : "Check the mount and path, and that the mount is KV v1 (for a KV v2 mount set KvVersion to 2)."))
            { NotFound = true },
            _ => ForStatus(response, address, $"reading {location}", detail, status),
        };
    }

    public static KeyProviderException ForStatus(VaultResponse response, Uri address, string operation, string detail, string? status = null)
    {
        status ??= response.Status.ToString(CultureInfo.InvariantCulture);
        return response.Status switch
        {
            503 => new KeyProviderException($"Vault is sealed or unavailable: Vault at {address} answered 503 ({detail}) while {operation}."),
            429 => new KeyProviderException($"Vault at {address} answered 429 ({detail}) while {operation}: a standby node or a rate limit."),
            _ => new KeyProviderException($"Vault at {address} answered {status} ({detail}) while {operation}."),
        };
    }

    public static KeyProviderException ForConnection(HttpRequestException exception, Uri address, string operation)
    {
        var tls = FindInner<AuthenticationException>(exception) is not null;
        return new KeyProviderException(
            tls
                ? $"Could not reach Vault at {address} while {operation}: the TLS handshake failed (the server certificate is not trusted; check CaCertificatePath)."
                : $"Could not reach Vault at {address} while {operation}: {exception.Message}",
            exception);
    }

    public static KeyProviderException ForTimeout(Uri address, string operation, TimeSpan timeout, Exception inner) =>
        new($"Vault at {address} did not answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s while {operation} (see Timeout).", inner);

    private static bool IsDeletedVersion(VaultResponse response)
    {
        if (response.Get("data") is not { ValueKind: JsonValueKind.Object } data
            || !data.TryGetProperty("metadata", out var metadata)
            || metadata.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var deleted = metadata.TryGetProperty("deletion_time", out var time) && time.ValueKind == JsonValueKind.String && time.GetString() is { Length: > 0 };
        var destroyed = metadata.TryGetProperty("destroyed", out var flag) && flag.ValueKind == JsonValueKind.True;
        return deleted || destroyed;
    }

    private static T? FindInner<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static string StatusName(int status) => status switch
    {
        400 => "bad request",
        403 => "permission denied",
        404 => "not found",
        429 => "too many requests or standby",
        500 => "internal server error",
        502 => "bad gateway",
        503 => "sealed or unavailable",
        _ => "HTTP " + status.ToString(CultureInfo.InvariantCulture),
    };
}
