using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class LoginTests
{
    private static PangolinEmulatorOptions Options(int rateLimit = 0, TimeProvider? time = null)
    {
        var options = new PangolinEmulatorOptions
        {
            AuthMode = PangolinAuthMode.Required,
            RootUser = "root",
            RootPassword = "root-pass",
            AdminPassword = "admin-pass",
            LoginRateLimit = rateLimit,
        };
        if (time is not null)
        {
            options.TimeProvider = time;
        }

        options.Users.Add(new EmulatorUser { Username = "sso", Password = null });
        return options;
    }

    [Fact]
    public async Task Tenant_admin_login_returns_kebab_case_token_user_and_expires_at()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 8, 12, 18, 48, 9, 123, TimeSpan.Zero));
        await using var emulator = await PangolinEmulator.StartAsync(Options(time: time));
        using var http = HttpFor(emulator);

        var json = await ReadJson(
            await http.PostJson("/api/v1/users/login", $$"""{"username":"tenant_admin","password":"admin-pass","tenant-id":"{{NilTenant}}"}"""),
            HttpStatusCode.OK);

        Assert.Equal(["token", "user", "expires-at"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-08-13T18:48:09.123000000+00:00", json.GetProperty("expires-at").GetString());
        var user = json.GetProperty("user");
        Assert.Equal(
            ["id", "username", "email", "tenant-id", "role", "oauth-provider", "created-at", "last-login"],
            user.EnumerateObject().Select(p => p.Name));
        Assert.Equal(NilTenant, user.GetProperty("id").GetString());
        Assert.Equal("tenant_admin@example.com", user.GetProperty("email").GetString());
        Assert.Equal(NilTenant, user.GetProperty("tenant-id").GetString());
        Assert.Equal("tenant-admin", user.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("oauth-provider").ValueKind);

        var claims = Claims(json.GetProperty("token").GetString()!);
        Assert.Equal(["sub", "jti", "username", "tenant_id", "role", "exp", "iat"], claims.EnumerateObject().Select(p => p.Name));
        Assert.Equal(NilTenant, claims.GetProperty("sub").GetString());
        Assert.Equal("tenant_admin", claims.GetProperty("username").GetString());
        Assert.Equal("tenant-admin", claims.GetProperty("role").GetString());
        Assert.True(Guid.TryParse(claims.GetProperty("jti").GetString(), out _));
        Assert.Equal(86400, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Expires_at_has_nine_fractional_digits()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);

        var json = await ReadJson(
            await http.PostJson("/api/v1/users/login", """{"username":"root","password":"root-pass"}"""), HttpStatusCode.OK);

        var expiresAt = json.GetProperty("expires-at").GetString()!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}\+00:00$", expiresAt);
        var parsed = DateTimeOffset.Parse(expiresAt, CultureInfo.InvariantCulture);
        Assert.InRange(parsed - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
    }

    [Fact]
    public async Task Root_login_without_tenant_gets_the_synthetic_root_user()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);

        var json = await ReadJson(
            await http.PostJson("/api/v1/users/login", """{"username":"root","password":"root-pass"}"""), HttpStatusCode.OK);

        var user = json.GetProperty("user");
        Assert.Equal("ffffffff-ffff-ffff-ffff-ffffffffffff", user.GetProperty("id").GetString());
        Assert.Equal("root@pangolin.local", user.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("tenant-id").ValueKind);
        Assert.Equal("root", user.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, Claims(json.GetProperty("token").GetString()!).GetProperty("tenant_id").ValueKind);
    }

    [Fact]
    public async Task Tenant_id_alias_is_accepted_and_both_spellings_are_a_duplicate_field()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);

        Assert.Equal(
            HttpStatusCode.OK,
            (await http.PostJson("/api/v1/users/login", $$"""{"username":"tenant_admin","password":"admin-pass","tenant_id":"{{NilTenant}}"}""")).StatusCode);

        using var both = await http.PostJson(
            "/api/v1/users/login",
            $$"""{"username":"tenant_admin","password":"admin-pass","tenant-id":"{{NilTenant}}","tenant_id":"{{NilTenant}}"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        Assert.StartsWith(
            "Failed to deserialize the JSON body into the target type: duplicate field `tenant-id`",
            await both.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_denies_unknown_fields()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);

        using var response = await http.PostJson("/api/v1/users/login", """{"username":"root","password":"root-pass","remember":true}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith(
            "Failed to deserialize the JSON body into the target type: unknown field `remember`, expected one of `username`, `password`, `tenant-id`, `tenant_id`",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"username":"tenant_admin","password":"wrong","tenant-id":"00000000-0000-0000-0000-000000000000"}""", "Invalid credentials")]
    [InlineData("""{"username":"nobody","password":"x","tenant-id":"00000000-0000-0000-0000-000000000000"}""", "Invalid credentials")]
    [InlineData("""{"username":"root","password":"wrong"}""", "Invalid credentials")]
    [InlineData("""{"username":"root","password":"root-pass","tenant-id":"00000000-0000-0000-0000-000000000000"}""", "Root users must login without tenant_id")]
    [InlineData("""{"username":"tenant_admin","password":"admin-pass"}""", "Tenant users must login with tenant_id")]
    [InlineData("""{"username":"sso","password":"x","tenant-id":"00000000-0000-0000-0000-000000000000"}""", "Account uses external authentication")]
    public async Task Login_failures_are_401_text(string body, string message)
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);

        await AssertText(await http.PostJson("/api/v1/users/login", body), HttpStatusCode.Unauthorized, message);
    }

    [Fact]
    public async Task Login_is_rate_limited_per_ip_counting_successes_with_retry_after()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await PangolinEmulator.StartAsync(Options(rateLimit: 3, time: time));
        using var http = HttpFor(emulator);
        const string good = """{"username":"root","password":"root-pass"}""";

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.PostJson("/api/v1/users/login", good)).StatusCode);
        }

        using var throttled = await http.PostJson("/api/v1/users/login", good);
        await AssertBody(
            throttled,
            HttpStatusCode.TooManyRequests,
            Json,
            """{"error":{"message":"too many authentication attempts; try again later","type":"TooManyRequests","code":429}}""");
        Assert.Equal("60", Assert.Single(throttled.Headers.GetValues("retry-after")));

        // Other endpoints are never throttled.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await http.PostJson("/api/v1/users/login", good)).StatusCode);
    }

    [Fact]
    public async Task Default_rate_limit_is_ten_and_zero_disables_it()
    {
        await using (var limited = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions()))
        {
            using var http = HttpFor(limited);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 11; i++)
            {
                statuses.Add((await http.PostJson("/api/v1/users/login", """{"username":"x","password":"y"}""")).StatusCode);
            }

            Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        }

        await using var unlimited = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions { LoginRateLimit = 0 });
        using var client = HttpFor(unlimited);
        for (var i = 0; i < 15; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJson("/api/v1/users/login", """{"username":"x","password":"y"}""")).StatusCode);
        }
    }

    [Fact]
    public async Task Users_me_returns_the_caller()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);
        var token = await Login(http, "tenant_admin", "admin-pass", NilTenant);

        var me = await ReadJson(await http.Send(HttpMethod.Get, "/api/v1/users/me", headers: h => Bearer(h, token)), HttpStatusCode.OK);

        Assert.Equal("tenant_admin", me.GetProperty("username").GetString());
        Assert.Equal("tenant-admin", me.GetProperty("role").GetString());
        Assert.NotEqual(JsonValueKind.Null, me.GetProperty("last-login").ValueKind);
    }

    internal static JsonElement Claims(string token)
    {
        var payload = Base64Url.DecodeFromChars(token.Split('.')[1]);
        using var doc = JsonDocument.Parse(payload);
        return doc.RootElement.Clone();
    }
}
