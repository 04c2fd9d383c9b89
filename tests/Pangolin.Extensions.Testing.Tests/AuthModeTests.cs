using System.Net;
using System.Net.Http.Headers;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class AuthModeTests
{
    private static readonly Guid Acme = Guid.Parse("11111111-2222-4333-8444-555555555555");

    private static PangolinEmulatorOptions Options(PangolinAuthMode mode = PangolinAuthMode.Required)
    {
        var options = new PangolinEmulatorOptions
        {
            AuthMode = mode,
            RootUser = "root",
            RootPassword = "root-pass",
            AdminPassword = "admin-pass",
            LoginRateLimit = 0,
        };
        options.ApiKeys.Add(new EmulatorApiKey
        {
            Key = "pgl_key1_secret",
            ServiceUserName = "svc",
            Role = PangolinRole.TenantAdmin,
        });
        return options;
    }

    [Fact]
    public async Task No_auth_mode_runs_header_less_requests_as_the_default_tenant_admin()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options(PangolinAuthMode.NoAuth));
        using var http = HttpFor(emulator);

        var me = await ReadJson(await http.GetAsync("/api/v1/users/me"), HttpStatusCode.OK);

        Assert.Equal("tenant_admin", me.GetProperty("username").GetString());
        Assert.Equal(NilTenant, me.GetProperty("id").GetString());
        Assert.Equal(NilTenant, me.GetProperty("tenant-id").GetString());
        Assert.Equal("tenant-admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task No_auth_mode_ignores_api_keys_but_verifies_authorization_headers()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options(PangolinAuthMode.NoAuth));
        using var http = HttpFor(emulator);

        Assert.Equal(
            HttpStatusCode.OK,
            (await http.Send(HttpMethod.Get, "/api/v1/users/me", headers: h => h.Add("X-API-Key", "not-a-key"))).StatusCode);
        await AssertText(
            await http.Send(HttpMethod.Get, "/api/v1/users/me", headers: h => Bearer(h, "junk")), HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task Required_mode_refuses_anonymous_requests_but_not_public_paths()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);

        await AssertText(await http.GetAsync("/api/v1/catalogs/c"), HttpStatusCode.Unauthorized, "Missing or invalid authorization header");
        await AssertText(
            await http.Send(HttpMethod.Get, "/api/v1/catalogs/c", headers: h => h.Authorization = new AuthenticationHeaderValue("Token", "x")),
            HttpStatusCode.Unauthorized,
            "Missing or invalid authorization header");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/app-config")).StatusCode);
    }

    [Fact]
    public async Task Api_keys_authenticate_as_their_service_user()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);

        var me = await ReadJson(
            await http.Send(HttpMethod.Get, "/api/v1/users/me", headers: h => h.Add("X-API-Key", "pgl_key1_secret")), HttpStatusCode.OK);
        Assert.Equal("svc", me.GetProperty("username").GetString());

        await AssertText(
            await http.Send(HttpMethod.Get, "/api/v1/users/me", headers: h => h.Add("X-API-Key", "pgl_key1_wrong")),
            HttpStatusCode.Unauthorized,
            "Invalid or expired API key");

        // X-API-Key wins: a valid bearer token next to a bad key does not help.
        var token = emulator.IssueToken("tenant_admin");
        await AssertText(
            await http.Send(HttpMethod.Get, "/api/v1/users/me", headers: h =>
            {
                h.Add("X-API-Key", "nope");
                Bearer(h, token);
            }),
            HttpStatusCode.Unauthorized,
            "Invalid or expired API key");
    }

    [Fact]
    public async Task Basic_auth_checks_the_env_root_credentials()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);

        var me = await ReadJson(
            await http.Send(HttpMethod.Get, "/api/v1/users/me", headers: h => h.Authorization = new AuthenticationHeaderValue("Basic", BasicValue("root", "root-pass"))),
            HttpStatusCode.OK);
        Assert.Equal("root", me.GetProperty("role").GetString());

        await AssertText(
            await http.Send(HttpMethod.Get, "/api/v1/users/me", headers: h => h.Authorization = new AuthenticationHeaderValue("Basic", BasicValue("root", "nope"))),
            HttpStatusCode.Unauthorized,
            "Invalid credentials");
    }

    [Fact]
    public async Task Basic_auth_without_root_configured_falls_through_to_bearer()
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions { AuthMode = PangolinAuthMode.Required });
        using var http = HttpFor(emulator);

        await AssertText(
            await http.Send(HttpMethod.Get, "/api/v1/users/me", headers: h => h.Authorization = new AuthenticationHeaderValue("Basic", BasicValue("root", "x"))),
            HttpStatusCode.Unauthorized,
            "Missing or invalid authorization header");
    }

    [Fact]
    public async Task Tenant_header_is_honoured_only_for_root_sessions()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        emulator.Store.CreateCatalog("acme_only", Acme);
        emulator.Store.CreateCatalog("default_only");
        using var http = HttpFor(emulator);
        var admin = emulator.IssueToken("tenant_admin");
        var root = emulator.IssueRootToken();

        Task<HttpResponseMessage> Get(string catalog, string token, string tenant) =>
            http.Send(HttpMethod.Get, "/api/v1/catalogs/" + catalog, headers: h =>
            {
                Bearer(h, token);
                h.Add("X-Pangolin-Tenant", tenant);
            });

        Assert.Equal(HttpStatusCode.OK, (await Get("acme_only", root, Acme.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("default_only", root, Acme.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get("default_only", root, "not-a-uuid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("acme_only", admin, Acme.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get("default_only", admin, Acme.ToString())).StatusCode);

        using var basic = await http.Send(HttpMethod.Get, "/api/v1/catalogs/acme_only", headers: h =>
        {
            h.Authorization = new AuthenticationHeaderValue("Basic", BasicValue("root", "root-pass"));
            h.Add("X-Pangolin-Tenant", Acme.ToString());
        });
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
    }

    [Fact]
    public async Task Tenant_users_created_over_http_can_log_in()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        using var http = HttpFor(emulator);
        var admin = emulator.IssueToken("tenant_admin");

        var created = await ReadJson(
            await http.Send(
                HttpMethod.Post,
                "/api/v1/users",
                """{"username":"alice","email":"alice@example.com","password":"alice-pass","role":"tenant-user"}""",
                h => Bearer(h, admin)),
            HttpStatusCode.Created);
        Assert.Equal("tenant-user", created.GetProperty("role").GetString());

        var token = await Login(http, "alice", "alice-pass", NilTenant);
        Assert.Equal("tenant-user", LoginTests.Claims(token).GetProperty("role").GetString());
    }
}
