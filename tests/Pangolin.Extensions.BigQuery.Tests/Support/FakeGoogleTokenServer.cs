using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.BigQuery.Tests.Support;

/// <summary>
/// A local stand-in for Google's OAuth token endpoint (<c>/token</c>, RFC 7523 JWT-bearer grant) and STS endpoint
/// (<c>/sts</c>, RFC 8693 token exchange), on 127.0.0.1 with a port the OS picks. The token endpoint accepts an
/// assertion only if its RS256 signature verifies with a trusted service account's public key and its claims are
/// right (<c>iss</c> = client_email, <c>aud</c> = <see cref="GoogleTokenAudience"/>, <c>scope</c>, <c>iat</c>/<c>exp</c>);
/// otherwise it answers 400 <c>invalid_grant</c> and records why.
/// </summary>
/// <remarks>
/// Google.Apis.Auth 1.78 posts the assertion to the JSON's <c>token_uri</c> but always sets <c>aud</c> to Google's
/// documented token audience, <c>https://oauth2.googleapis.com/token</c>, not to <c>token_uri</c>; so that is what this
/// endpoint requires.
/// </remarks>
public sealed class FakeGoogleTokenServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (RSA Key, string KeyId)> _trusted = new(StringComparer.Ordinal);

    private FakeGoogleTokenServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The <c>aud</c> Google documents for service-account assertions, which Google.Apis.Auth always writes.</summary>
    public const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    public Uri BaseAddress { get; }

    public Uri TokenUri => new(BaseAddress, "/token");

    public Uri StsUri => new(BaseAddress, "/sts");

    /// <summary>Assertions that verified, in order.</summary>
    public ConcurrentQueue<VerifiedAssertion> Assertions { get; } = new();

    /// <summary>Why requests were refused.</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    /// <summary>Access tokens issued, in order.</summary>
    public ConcurrentQueue<string> IssuedTokens { get; } = new();

    /// <summary>Form fields of each STS exchange.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Exchanges { get; } = new();

    public static async Task<FakeGoogleTokenServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeGoogleTokenServer? server = null;
        app.MapPost("/token", (Delegate)((HttpContext context) => server!.TokenAsync(context)));
        app.MapPost("/sts", (Delegate)((HttpContext context) => server!.ExchangeAsync(context)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeGoogleTokenServer(app, new Uri(address));
        return server;
    }

    /// <summary>Accepts assertions signed by this service account's key.</summary>
    public void Trust(ServiceAccountKey key) => _trusted[key.ClientEmail] = (key.Rsa, key.KeyId);

    /// <summary>Stops accepting a service account (as a deleted key would be).</summary>
    public void Revoke(string clientEmail) => _trusted.TryRemove(clientEmail, out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            return Refuse($"grant_type was '{form["grant_type"]}'");
        }

        var assertion = form["assertion"].ToString();
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return Refuse("the assertion is not a compact JWS");
        }

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var claims = payload.RootElement;
        var issuer = claims.GetProperty("iss").GetString() ?? string.Empty;
        if (!_trusted.TryGetValue(issuer, out var trusted))
        {
            return Refuse($"unknown issuer '{issuer}'");
        }

        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            return Refuse("alg is not RS256");
        }

        if (header.RootElement.TryGetProperty("kid", out var kid) && kid.GetString() != trusted.KeyId)
        {
            return Refuse("kid does not name the trusted key");
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!trusted.Key.VerifyData(signed, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return Refuse("the RS256 signature does not verify");
        }

        var audience = claims.GetProperty("aud").GetString();
        if (audience != GoogleTokenAudience)
        {
            return Refuse($"aud was '{audience}'");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("iat").GetInt64());
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
        if (Math.Abs((DateTimeOffset.UtcNow - issuedAt).TotalMinutes) > 5 || expires <= issuedAt || expires - issuedAt > TimeSpan.FromHours(1))
        {
            return Refuse("iat/exp are out of range");
        }

        var scope = claims.TryGetProperty("scope", out var scopeClaim) ? scopeClaim.GetString() : null;
        if (string.IsNullOrEmpty(scope))
        {
            return Refuse("no scope claim");
        }

        Assertions.Enqueue(new VerifiedAssertion(issuer, audience!, scope, issuedAt, expires));
        return Issue();
    }

    private async Task<IResult> ExchangeAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        Exchanges.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:token-exchange" || string.IsNullOrEmpty(form["subject_token"]))
        {
            return Refuse("not a token exchange");
        }

        var token = "ya29.sts-" + Guid.NewGuid().ToString("N");
        IssuedTokens.Enqueue(token);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["token_type"] = "Bearer",
            ["expires_in"] = 3599,
        });
    }

    private IResult Issue()
    {
        var token = "ya29.test-" + Guid.NewGuid().ToString("N");
        IssuedTokens.Enqueue(token);
        return Results.Json(new Dictionary<string, object> { ["access_token"] = token, ["expires_in"] = 3599, ["token_type"] = "Bearer" });
    }

    private IResult Refuse(string reason)
    {
        Rejections.Enqueue(reason);
        return Results.Json(
            new Dictionary<string, string> { ["error"] = "invalid_grant", ["error_description"] = "Invalid JWT: " + reason },
            statusCode: StatusCodes.Status400BadRequest);
    }
}

/// <summary>The claims of an assertion whose signature verified.</summary>
public sealed record VerifiedAssertion(string Issuer, string Audience, string Scope, DateTimeOffset IssuedAt, DateTimeOffset Expires);
