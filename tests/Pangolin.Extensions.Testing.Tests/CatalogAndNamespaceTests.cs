using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class CatalogAndNamespaceTests
{
    [Fact]
    public async Task Create_catalog_returns_201_with_the_catalog_response_shape()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        using var response = await http.PostJson("/api/v1/catalogs", """{"name":"conns","warehouse_name":""}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Matches(
            new Regex("""^\{"id":"[0-9a-f-]{36}","name":"conns","catalog_type":"Local","warehouse_name":null,"storage_location":null,"federated_config":null,"properties":\{\}\}$"""),
            body);
        await AssertBody(await http.GetAsync("/api/v1/catalogs/conns"), HttpStatusCode.OK, Json, body);
    }

    [Fact]
    public async Task Creating_a_catalog_creates_namespace_default()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        Assert.Equal(HttpStatusCode.Created, (await http.PostJson("/api/v1/catalogs", """{"name":"conns"}""")).StatusCode);

        await AssertEmpty(await http.Send(HttpMethod.Head, "/v1/conns/namespaces/default"), HttpStatusCode.NoContent);
        await AssertBody(
            await http.GetAsync("/v1/conns/namespaces/default"), HttpStatusCode.OK, Json, """{"namespace":["default"],"properties":{}}""");
    }

    [Fact]
    public async Task Duplicate_catalog_is_silently_replaced_with_a_new_id()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        var first = await ReadJson(await http.PostJson("/api/v1/catalogs", """{"name":"conns"}"""), HttpStatusCode.Created);
        var second = await ReadJson(await http.PostJson("/api/v1/catalogs", """{"name":"conns"}"""), HttpStatusCode.Created);

        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Get_missing_catalog_is_404_text()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        await AssertText(await http.GetAsync("/api/v1/catalogs/nope"), HttpStatusCode.NotFound, "Catalog not found");
    }

    [Fact]
    public async Task Catalog_naming_a_warehouse_is_400_because_the_emulator_has_none()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        await AssertText(
            await http.PostJson("/api/v1/catalogs", """{"name":"c","warehouse_name":"wh"}"""), HttpStatusCode.BadRequest, "Warehouse not found");
    }

    [Fact]
    public async Task Create_namespace_is_200_then_409_with_the_iceberg_envelope()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        await AssertBody(
            await http.PostJson("/v1/conns/namespaces", """{"namespace":["a","b"],"properties":{"owner":"me"}}"""),
            HttpStatusCode.OK,
            Json,
            """{"namespace":["a","b"],"properties":{"owner":"me"}}""");
        await AssertIceberg(
            await http.PostJson("/v1/conns/namespaces", """{"namespace":["a","b"]}"""),
            HttpStatusCode.Conflict,
            "AlreadyExistsException",
            "Namespace already exists: a.b");
    }

    [Fact]
    public async Task Create_namespace_in_a_missing_catalog_is_404_no_such_namespace()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        await AssertIceberg(
            await http.PostJson("/v1/nope/namespaces", """{"namespace":["db"]}"""),
            HttpStatusCode.NotFound,
            "NoSuchNamespaceException",
            "Namespace does not exist: nope");
    }

    [Fact]
    public async Task Create_namespace_denies_unknown_fields()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson("/v1/conns/namespaces", """{"namespace":["db"],"name":"x"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith(
            "Failed to deserialize the JSON body into the target type: unknown field `name`",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Namespace_levels_in_iceberg_paths_are_unit_separated()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        emulator.Store.CreateNamespace("conns", ["a", "b"]);
        using var http = HttpFor(emulator);

        await AssertEmpty(await http.Send(HttpMethod.Head, "/v1/conns/namespaces/a%1Fb"), HttpStatusCode.NoContent);
        await AssertEmpty(await http.Send(HttpMethod.Head, "/v1/conns/namespaces/a.b"), HttpStatusCode.NotFound);
        await AssertEmpty(await http.Send(HttpMethod.Head, "/v1/nope/namespaces/a"), HttpStatusCode.NotFound);
        await AssertBody(
            await http.GetAsync("/v1/conns/namespaces/a%1Fb"), HttpStatusCode.OK, Json, """{"namespace":["a","b"],"properties":{}}""");
        await AssertIceberg(
            await http.GetAsync("/v1/conns/namespaces/zz"), HttpStatusCode.NotFound, "NoSuchNamespaceException", "Namespace does not exist: zz");
    }

    [Fact]
    public async Task Tenant_creation_is_403_json_in_no_auth_mode()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        await AssertBody(
            await http.PostJson("/api/v1/tenants", """{"name":"acme"}"""),
            HttpStatusCode.Forbidden,
            Json,
            """{"error":"Tenant creation is disabled in NO_AUTH mode","hint":"Remove PANGOLIN_NO_AUTH environment variable and use /api/v1/tokens endpoint to generate tokens"}""");
    }

    [Fact]
    public async Task Root_creates_tenants_but_not_catalogs()
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions
        {
            AuthMode = PangolinAuthMode.Required,
            RootUser = "root",
            RootPassword = "s3cret-root",
            AdminPassword = "s3cret-admin",
        });
        using var http = HttpFor(emulator);
        void AsRoot(HttpRequestHeaders h) => h.Authorization = new AuthenticationHeaderValue("Basic", BasicValue("root", "s3cret-root"));

        var tenant = await ReadJson(
            await http.Send(HttpMethod.Post, "/api/v1/tenants", """{"name":"acme","properties":{"tier":"gold"}}""", AsRoot),
            HttpStatusCode.Created);
        Assert.Equal("acme", tenant.GetProperty("name").GetString());
        Assert.Equal("gold", tenant.GetProperty("properties").GetProperty("tier").GetString());
        Assert.Contains(emulator.Store.Tenants, t => t.Name == "acme");

        await AssertText(
            await http.Send(HttpMethod.Post, "/api/v1/catalogs", """{"name":"c"}""", AsRoot),
            HttpStatusCode.Forbidden,
            "Root user cannot create catalogs. Please login as Tenant Admin.");

        var admin = await Login(http, "tenant_admin", "s3cret-admin", NilTenant);
        await AssertText(
            await http.Send(HttpMethod.Post, "/api/v1/tenants", """{"name":"x"}""", h => Bearer(h, admin)),
            HttpStatusCode.Forbidden,
            "Only Root can create tenants");
    }
}
