using System.Net;
using Microsoft.Extensions.Time.Testing;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class TokenTests
{
    private const string Me = "/api/v1/users/me";

    private static PangolinEmulatorOptions Options(TimeProvider time) => new()
    {
        AuthMode = PangolinAuthMode.Required,
        AdminPassword = "admin-pass",
        LoginRateLimit = 0,
        TimeProvider = time,
    };

    [Fact]
    public async Task Token_expiry_uses_the_clock_and_a_60_second_leeway()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var emulator = await PangolinEmulator.StartAsync(Options(time));
        using var http = HttpFor(emulator);
        var token = await Login(http, "tenant_admin", "admin-pass", NilTenant);

        time.Advance(TimeSpan.FromHours(24));
        Assert.Equal(HttpStatusCode.OK, (await http.Send(HttpMethod.Get, Me, headers: h => Bearer(h, token))).StatusCode);

        time.Advance(TimeSpan.FromSeconds(30));
        await AssertText(await http.Send(HttpMethod.Get, Me, headers: h => Bearer(h, token)), HttpStatusCode.Unauthorized, "Token expired");

        time.Advance(TimeSpan.FromSeconds(31));
        await AssertText(await http.Send(HttpMethod.Get, Me, headers: h => Bearer(h, token)), HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task Token_lifetime_is_configurable()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options(time);
        options.TokenLifetime = TimeSpan.FromMinutes(5);
        await using var emulator = await PangolinEmulator.StartAsync(options);
        using var http = HttpFor(emulator);
        var token = await Login(http, "tenant_admin", "admin-pass", NilTenant);

        time.Advance(TimeSpan.FromMinutes(7));

        await AssertText(await http.Send(HttpMethod.Get, Me, headers: h => Bearer(h, token)), HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task Tampered_foreign_and_garbage_tokens_are_invalid()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options(TimeProvider.System));
        await using var other = await PangolinEmulator.StartAsync(Options(TimeProvider.System));
        using var http = HttpFor(emulator);
        var token = emulator.IssueToken("tenant_admin");
        var foreign = other.IssueToken("tenant_admin");
        var parts = token.Split('.');
        var tampered = parts[0] + "." + parts[1] + "x." + parts[2];

        foreach (var bad in new[] { foreign, tampered, "garbage", "a.b.c" })
        {
            await AssertText(await http.Send(HttpMethod.Get, Me, headers: h => h.TryAddWithoutValidation("Authorization", "Bearer " + bad)), HttpStatusCode.Unauthorized, "Invalid token");
        }

        Assert.Equal(HttpStatusCode.OK, (await http.Send(HttpMethod.Get, Me, headers: h => Bearer(h, token))).StatusCode);
    }

    [Fact]
    public async Task A_configured_secret_makes_tokens_portable_between_emulators()
    {
        var first = Options(TimeProvider.System);
        first.JwtSecret = "a-shared-secret-for-tests-only-0123456789";
        var second = Options(TimeProvider.System);
        second.JwtSecret = first.JwtSecret;
        await using var a = await PangolinEmulator.StartAsync(first);
        await using var b = await PangolinEmulator.StartAsync(second);
        using var http = HttpFor(b);

        var token = a.IssueToken("tenant_admin");

        Assert.Equal(HttpStatusCode.OK, (await http.Send(HttpMethod.Get, Me, headers: h => Bearer(h, token))).StatusCode);
    }

    [Fact]
    public async Task Bearer_prefix_is_case_sensitive()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options(TimeProvider.System));
        using var http = HttpFor(emulator);
        var token = emulator.IssueToken("tenant_admin");

        await AssertText(
            await http.Send(HttpMethod.Get, Me, headers: h => h.TryAddWithoutValidation("Authorization", "bearer " + token)),
            HttpStatusCode.Unauthorized,
            "Missing or invalid authorization header");
    }

    [Fact]
    public async Task Revoked_tokens_are_refused()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options(TimeProvider.System));
        using var http = HttpFor(emulator);
        var token = await Login(http, "tenant_admin", "admin-pass", NilTenant);
        var spare = await Login(http, "tenant_admin", "admin-pass", NilTenant);

        await AssertBody(
            await http.Send(HttpMethod.Post, "/api/v1/auth/revoke", "{}", h => Bearer(h, token)),
            HttpStatusCode.OK,
            Json,
            """{"message":"Token revoked successfully. Please log in again."}""");

        await AssertText(await http.Send(HttpMethod.Get, Me, headers: h => Bearer(h, token)), HttpStatusCode.Unauthorized, "Token has been revoked");
        Assert.Equal(HttpStatusCode.OK, (await http.Send(HttpMethod.Get, Me, headers: h => Bearer(h, spare))).StatusCode);

        var jti = LoginTests.Claims(spare).GetProperty("jti").GetString();
        var admin = emulator.IssueToken("tenant_admin");
        Assert.Equal(HttpStatusCode.OK, (await http.Send(HttpMethod.Post, $"/api/v1/auth/revoke/{jti}", "{}", h => Bearer(h, admin))).StatusCode);
        await AssertText(await http.Send(HttpMethod.Get, Me, headers: h => Bearer(h, spare)), HttpStatusCode.Unauthorized, "Token has been revoked");
    }

    [Fact]
    public async Task Revoke_without_a_token_backed_session_is_400()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        await AssertText(
            await http.PostJson("/api/v1/auth/revoke", "{}"), HttpStatusCode.BadRequest, "This session is not backed by a revocable token");
    }
}
