using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pangolin.Extensions.Testing;

/// <summary>The outcome of verifying a bearer token, in the order the real middleware checks.</summary>
internal enum TokenCheck
{
    Valid,

    /// <summary>Bad format, algorithm or signature; expired beyond the leeway; missing or non-UUID <c>jti</c>; undecodable claims.</summary>
    InvalidToken,

    /// <summary>The <c>jti</c> is on the revocation list.</summary>
    Revoked,

    /// <summary>The claims decode but do not make a session (<c>sub</c> or <c>tenant_id</c> not a UUID).</summary>
    InvalidSession,

    /// <summary><c>exp</c> is in the past but within the 60 s leeway.</summary>
    Expired,
}

/// <summary>Hand-rolled HS256 JWTs with Pangolin's claims (<c>sub</c>, <c>jti</c>, <c>username</c>, <c>tenant_id</c>, <c>role</c>, <c>exp</c>, <c>iat</c>).</summary>
internal sealed class JwtCodec
{
    /// <summary>jsonwebtoken's default validation leeway.</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    private static readonly byte[] HeaderSegment = Encoding.ASCII.GetBytes(
        Base64Url.EncodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"u8));

    private readonly byte[] _secret;

    public JwtCodec(byte[] secret) => _secret = secret;

    public string Issue(Guid subject, Guid tokenId, string username, Guid? tenantId, PangolinRole role, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var payload = Reply.Serialize(w =>
        {
            w.WriteStartObject();
            w.WriteString("sub", subject.ToString("D"));
            w.WriteString("jti", tokenId.ToString("D"));
            w.WriteString("username", username);
            if (tenantId is { } tenant)
            {
                w.WriteString("tenant_id", tenant.ToString("D"));
            }
            else
            {
                w.WriteNull("tenant_id");
            }

            w.WriteString("role", Roles.ToWire(role));
            w.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
            w.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
            w.WriteEndObject();
        });

        var signingInput = string.Concat(Encoding.ASCII.GetString(HeaderSegment), ".", Base64Url.EncodeToString(payload));
        var signature = HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public TokenCheck Verify(string token, DateTimeOffset now, Func<Guid, bool> isRevoked, out Session? session)
    {
        session = null;
        var parts = token.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[0], out var header) || !TryDecode(parts[1], out var payload)
            || !TryDecode(parts[2], out var signature))
        {
            return TokenCheck.InvalidToken;
        }

        var expected = HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!HeaderIsHs256(header) || !CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return TokenCheck.InvalidToken;
        }

        Claims claims;
        try
        {
            if (!TryReadClaims(payload, out claims))
            {
                return TokenCheck.InvalidToken;
            }
        }
        catch (JsonException)
        {
            return TokenCheck.InvalidToken;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(claims.Exp);
        if (expiresAt < now - Leeway)
        {
            return TokenCheck.InvalidToken;
        }

        if (claims.Jti is null || !Guid.TryParse(claims.Jti, out var tokenId))
        {
            return TokenCheck.InvalidToken;
        }

        if (isRevoked(tokenId))
        {
            return TokenCheck.Revoked;
        }

        if (!Guid.TryParse(claims.Sub, out var userId))
        {
            return TokenCheck.InvalidSession;
        }

        Guid? tenantId = null;
        if (claims.TenantId is { } tenantText)
        {
            if (!Guid.TryParse(tenantText, out var parsedTenant))
            {
                return TokenCheck.InvalidSession;
            }

            tenantId = parsedTenant;
        }

        if (expiresAt < now)
        {
            return TokenCheck.Expired;
        }

        session = new Session(userId, claims.Username, tenantId, claims.Role, tokenId, expiresAt);
        return TokenCheck.Valid;
    }

    private static bool TryDecode(string segment, out byte[] bytes)
    {
        bytes = [];
        if (segment.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            bytes = Base64Url.DecodeFromChars(segment);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool HeaderIsHs256(byte[] header)
    {
        try
        {
            using var doc = JsonDocument.Parse(header);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("alg", out var alg)
                && alg.ValueKind == JsonValueKind.String
                && alg.GetString() == "HS256";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadClaims(byte[] payload, out Claims claims)
    {
        claims = default;
        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expValue)
            || !root.TryGetProperty("iat", out var iat) || iat.ValueKind != JsonValueKind.Number
            || !TryString(root, "sub", out var sub) || sub is null
            || !TryString(root, "username", out var username) || username is null
            || !TryString(root, "jti", out var jti)
            || !TryString(root, "tenant_id", out var tenantId)
            || !TryString(root, "role", out var roleText) || !Roles.TryParse(roleText, out var role))
        {
            return false;
        }

        claims = new Claims(sub, jti, username, tenantId, role, expValue);
        return true;
    }

    /// <summary>A string claim, where absent and <c>null</c> both read as <see langword="null"/>.</summary>
    private static bool TryString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }

    private readonly record struct Claims(string Sub, string? Jti, string Username, string? TenantId, PangolinRole Role, long Exp);
}

/// <summary>Revoked token ids (<c>jti</c>).</summary>
internal sealed class RevocationList
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _revoked = new();

    public void Revoke(Guid tokenId) => _revoked[tokenId] = 0;

    public bool IsRevoked(Guid tokenId) => _revoked.ContainsKey(tokenId);
}
