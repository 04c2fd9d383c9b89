using System.Net;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class DeleteTests
{
    [Fact]
    public async Task Iceberg_delete_removes_any_asset_kind_with_204()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        await AssertEmpty(await http.DeleteAsync("/v1/conns/namespaces/databases/tables/pg"), HttpStatusCode.NoContent);

        Assert.False(emulator.Store.TryGetAsset("conns", "databases", "pg", out _));
        await AssertText(
            await http.GetAsync("/api/v1/catalogs/conns/namespaces/databases/assets/pg"), HttpStatusCode.NotFound, "Asset not found");
    }

    [Fact]
    public async Task Iceberg_delete_accepts_unit_separated_namespaces_and_name_at_branch()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", ["a", "b"], "pg", PangolinAssetKinds.DbConnString, "x");
        emulator.Store.PutAsset("conns", ["a", "b"], "pg2", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        await AssertEmpty(await http.DeleteAsync("/v1/conns/namespaces/a%1Fb/tables/pg@main"), HttpStatusCode.NoContent);
        await AssertIceberg(
            await http.DeleteAsync("/v1/conns/namespaces/a%1Fb/tables/pg2@dev"),
            HttpStatusCode.NotFound,
            "NoSuchTableException",
            "Table does not exist: a.b.pg2");
        Assert.True(emulator.Store.TryGetAsset("conns", "a.b", "pg2", out _));
    }

    [Fact]
    public async Task Iceberg_delete_of_a_missing_table_or_catalog_is_404_envelope()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        await AssertIceberg(
            await http.DeleteAsync("/v1/conns/namespaces/databases/tables/nope"),
            HttpStatusCode.NotFound,
            "NoSuchTableException",
            "Table does not exist: databases.nope");
        await AssertIceberg(
            await http.DeleteAsync("/v1/other/namespaces/databases/tables/nope"),
            HttpStatusCode.NotFound,
            "NoSuchNamespaceException",
            "Namespace does not exist: other");
    }

    [Fact]
    public async Task Bulk_delete_reports_successes_and_failures()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        var pg = emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        var missing = Guid.NewGuid();
        using var http = HttpFor(emulator);

        await AssertBody(
            await http.PostJson("/api/v1/bulk/assets/delete", $$"""{"asset_ids":["{{pg.Id}}","{{missing}}","nope"]}"""),
            HttpStatusCode.OK,
            Json,
            $$"""{"succeeded":1,"failed":2,"errors":["Asset not found: {{missing}}","Invalid UUID: nope"]}""");
        Assert.False(emulator.Store.TryGetAsset("conns", "databases", "pg", out _));
    }

    [Fact]
    public async Task Bulk_delete_of_more_than_100_ids_is_400_json()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);
        var ids = string.Join(",", Enumerable.Range(0, 101).Select(_ => $"\"{Guid.NewGuid()}\""));

        await AssertBody(
            await http.PostJson("/api/v1/bulk/assets/delete", $$"""{"asset_ids":[{{ids}}]}"""),
            HttpStatusCode.BadRequest,
            Json,
            """{"error":"Maximum 100 assets can be deleted at once"}""");
    }

    [Fact]
    public async Task Bulk_delete_by_a_replaced_id_deletes_the_replacement()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        var old = emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "v1");
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "v2");
        using var http = HttpFor(emulator);

        var result = await ReadJson(await http.PostJson("/api/v1/bulk/assets/delete", $$"""{"asset_ids":["{{old.Id}}"]}"""), HttpStatusCode.OK);

        Assert.Equal(1, result.GetProperty("succeeded").GetInt32());
        Assert.False(emulator.Store.TryGetAsset("conns", "databases", "pg", out _));
    }
}
