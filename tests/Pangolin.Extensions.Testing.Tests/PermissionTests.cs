using System.Net;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class PermissionTests
{
    private const string Assets = "/api/v1/catalogs/conns/namespaces/databases/assets";

    private static PangolinEmulatorOptions Options()
    {
        var options = new PangolinEmulatorOptions { AuthMode = PangolinAuthMode.Required, LoginRateLimit = 0 };
        options.Users.Add(new EmulatorUser
        {
            Username = "reader",
            Password = "reader-pass",
            Grants = { EmulatorGrant.OnNamespace("conns", "databases", PangolinPermissions.Read) },
        });
        options.Users.Add(new EmulatorUser
        {
            Username = "writer",
            Password = "writer-pass",
            Grants = { EmulatorGrant.OnCatalog("conns", PangolinPermissions.Write) },
        });
        options.Users.Add(new EmulatorUser { Username = "nobody", Password = "nobody-pass" });
        options.ApiKeys.Add(new EmulatorApiKey
        {
            Key = "pgl_ro_secret",
            ServiceUserName = "ro-service",
            Grants = { EmulatorGrant.Tenant(PangolinPermissions.Read) },
        });
        return options;
    }

    [Fact]
    public async Task Read_only_user_can_get_but_not_register()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);
        var token = emulator.IssueToken("reader");

        Assert.Equal(HttpStatusCode.OK, (await http.Send(HttpMethod.Get, Assets + "/pg", headers: h => Bearer(h, token))).StatusCode);
        await AssertText(
            await http.Send(HttpMethod.Post, Assets, RegisterPg, h => Bearer(h, token)),
            HttpStatusCode.Forbidden,
            "Forbidden: Create permission required");
        await AssertIceberg(
            await http.Send(HttpMethod.Delete, "/v1/conns/namespaces/databases/tables/pg", headers: h => Bearer(h, token)),
            HttpStatusCode.Forbidden,
            "ForbiddenException",
            "Forbidden");
    }

    [Fact]
    public async Task User_without_grants_gets_403_read_after_404_checks_and_an_empty_list()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);
        var token = emulator.IssueToken("nobody");

        await AssertText(
            await http.Send(HttpMethod.Get, Assets + "/pg", headers: h => Bearer(h, token)),
            HttpStatusCode.Forbidden,
            "Forbidden: Read permission required");
        await AssertText(
            await http.Send(HttpMethod.Get, Assets + "/missing", headers: h => Bearer(h, token)),
            HttpStatusCode.NotFound,
            "Asset not found");
        await AssertBody(await http.Send(HttpMethod.Get, Assets, headers: h => Bearer(h, token)), HttpStatusCode.OK, Json, "[]");
        await AssertIceberg(
            await http.Send(HttpMethod.Post, "/v1/conns/namespaces", """{"namespace":["x"]}""", h => Bearer(h, token)),
            HttpStatusCode.Forbidden,
            "ForbiddenException",
            "Forbidden");
    }

    [Fact]
    public async Task Write_grant_implies_create_and_read()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);
        var token = emulator.IssueToken("writer");

        Assert.Equal(HttpStatusCode.Created, (await http.Send(HttpMethod.Post, Assets, RegisterPg, h => Bearer(h, token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.Send(HttpMethod.Get, Assets + "/pg", headers: h => Bearer(h, token))).StatusCode);
    }

    [Fact]
    public async Task Api_key_service_users_carry_grants()
    {
        await using var emulator = await PangolinEmulator.StartAsync(Options());
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        Assert.Equal(
            HttpStatusCode.OK,
            (await http.Send(HttpMethod.Get, Assets + "/pg", headers: h => h.Add("X-API-Key", "pgl_ro_secret"))).StatusCode);
        await AssertText(
            await http.Send(HttpMethod.Post, Assets, RegisterPg, h => h.Add("X-API-Key", "pgl_ro_secret")),
            HttpStatusCode.Forbidden,
            "Forbidden: Create permission required");
    }
}
