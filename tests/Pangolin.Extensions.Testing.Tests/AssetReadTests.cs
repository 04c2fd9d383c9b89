using System.Net;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class AssetReadTests
{
    private const string Assets = "/api/v1/catalogs/conns/namespaces/databases/assets";

    [Fact]
    public async Task Get_returns_id_name_kind_location_properties_in_order()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        var asset = emulator.Store.PutAsset(
            "conns", "databases", "pg", PangolinAssetKinds.DbConnString, "postgresql://db/prod",
            new Dictionary<string, string> { ["connection_type"] = "postgresql" });
        using var http = HttpFor(emulator);

        await AssertBody(
            await http.GetAsync(Assets + "/pg"),
            HttpStatusCode.OK,
            Json,
            $$$"""{"id":"{{{asset.Id}}}","name":"pg","kind":"DB_CONN_STRING","location":"postgresql://db/prod","properties":{"connection_type":"postgresql"}}""");
    }

    [Fact]
    public async Task Get_missing_catalog_and_missing_asset_are_404_text()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        await AssertText(await http.GetAsync(Assets + "/pg"), HttpStatusCode.NotFound, "Catalog not found");
        emulator.Store.CreateCatalog("conns");
        await AssertText(await http.GetAsync(Assets + "/pg"), HttpStatusCode.NotFound, "Asset not found");
    }

    [Fact]
    public async Task Asset_name_at_branch_is_a_literal_name()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        await AssertText(await http.GetAsync(Assets + "/pg@main"), HttpStatusCode.NotFound, "Asset not found");
    }

    [Fact]
    public async Task Unit_separator_is_not_a_namespace_separator_on_asset_paths()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", ["a", "b"], "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/catalogs/conns/namespaces/a.b/assets/pg")).StatusCode);
        await AssertText(
            await http.GetAsync("/api/v1/catalogs/conns/namespaces/a%1Fb/assets/pg"), HttpStatusCode.NotFound, "Asset not found");
    }

    [Fact]
    public async Task Percent_encoded_slash_in_a_name_is_decoded_like_axum()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", "databases", "a/b", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        var json = await ReadJson(await http.GetAsync(Assets + "/a%2Fb"), HttpStatusCode.OK);

        Assert.Equal("a/b", json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Head_on_a_get_route_answers_like_get_without_a_body()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        await AssertEmpty(await http.Send(HttpMethod.Head, Assets + "/pg"), HttpStatusCode.OK);
        await AssertEmpty(await http.Send(HttpMethod.Head, Assets + "/nope"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Update_and_delete_methods_on_asset_paths_are_405_with_an_empty_body(string method)
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        await AssertEmpty(await http.Send(new HttpMethod(method), Assets + "/pg", RegisterPg), HttpStatusCode.MethodNotAllowed);
        await AssertEmpty(await http.Send(new HttpMethod(method), Assets, RegisterPg), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task List_returns_summaries_sorted_by_name_without_location_or_properties()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        var b = emulator.Store.PutAsset("conns", "databases", "b", PangolinAssetKinds.DbConnString, "loc", new Dictionary<string, string> { ["k"] = "v" });
        var a = emulator.Store.PutAsset("conns", "databases", "a", PangolinAssetKinds.IcebergTable, "loc");
        emulator.Store.PutAsset("conns", "other", "c", PangolinAssetKinds.DbConnString, "loc");
        using var http = HttpFor(emulator);

        await AssertBody(
            await http.GetAsync(Assets),
            HttpStatusCode.OK,
            Json,
            $$$"""[{"id":"{{{a.Id}}}","name":"a","namespace":["databases"],"kind":"ICEBERG_TABLE","identifier":{"namespace":["databases"],"name":"a"}},{"id":"{{{b.Id}}}","name":"b","namespace":["databases"],"kind":"DB_CONN_STRING","identifier":{"namespace":["databases"],"name":"b"}}]""");
    }

    [Fact]
    public async Task List_applies_offset_then_limit()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        foreach (var name in new[] { "e", "c", "a", "d", "b" })
        {
            emulator.Store.PutAsset("conns", "databases", name, PangolinAssetKinds.DbConnString, "x");
        }

        using var http = HttpFor(emulator);

        Assert.Equal(["b", "c"], await Names(http, "?limit=2&offset=1"));
        Assert.Equal(["d", "e"], await Names(http, "?offset=3"));
        Assert.Equal(["a"], await Names(http, "?limit=1"));
        Assert.Empty(await Names(http, "?offset=10"));
        Assert.Equal(5, (await Names(http, "?unknown=1")).Length);
    }

    [Theory]
    [InlineData("?limit=abc", "invalid digit found in string")]
    [InlineData("?offset=-1", "invalid digit found in string")]
    [InlineData("?limit=", "cannot parse integer from empty string")]
    [InlineData("?limit=1&limit=2", "duplicate field `limit`")]
    public async Task List_with_a_bad_limit_or_offset_is_400(string query, string detail)
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        await AssertText(await http.GetAsync(Assets + query), HttpStatusCode.BadRequest, "Failed to deserialize query string: " + detail);
    }

    [Fact]
    public async Task List_of_a_missing_namespace_is_an_empty_array_and_of_a_missing_catalog_404()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        await AssertText(await http.GetAsync(Assets), HttpStatusCode.NotFound, "Catalog not found");
        emulator.Store.CreateCatalog("conns");
        await AssertBody(await http.GetAsync("/api/v1/catalogs/conns/namespaces/nope/assets"), HttpStatusCode.OK, Json, "[]");
    }

    private static async Task<string[]> Names(HttpClient http, string query)
    {
        var json = await ReadJson(await http.GetAsync(Assets + query), HttpStatusCode.OK);
        return [.. json.EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];
    }
}
