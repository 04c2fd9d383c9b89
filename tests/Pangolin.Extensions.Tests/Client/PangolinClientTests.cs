using System.Net;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.Tests.Client;

public sealed class PangolinClientTests : IAsyncLifetime
{
    private PangolinEmulator _emulator = null!;
    private PangolinClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await PangolinEmulator.StartAsync();
        _client = PangolinClient.Create(new PangolinClientOptions { Uri = _emulator.BaseAddress });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Registers_reads_lists_and_deletes_assets()
    {
        await _client.EnsureCatalogAsync("conns");
        Assert.True(await _client.CreateNamespaceAsync("conns", ["databases"]));
        var reference = AssetReference.Parse("conns.databases.pg prod ✓");
        var properties = new Dictionary<string, string> { ["connection_type"] = "postgresql", ["k"] = "v" };

        var registered = await _client.RegisterAssetAsync(reference, "DB_CONN_STRING", "postgresql://h/db", properties);
        var read = await _client.GetAssetAsync(reference);
        var listed = await _client.ListAssetsAsync("conns", ["databases"], kind: "DB_CONN_STRING");

        Assert.Equal("pg prod ✓", registered.Name);
        Assert.True(Guid.TryParse(registered.Id, out _));
        Assert.Equal(registered.Id, read.Id);
        Assert.Equal("postgresql://h/db", read.Location);
        Assert.Equal(properties, read.Properties);
        Assert.Equal(["pg prod ✓"], listed.Select(a => a.Name));
        Assert.Equal(["databases"], listed[0].Namespace);

        Assert.True(await _client.DeleteAssetAsync(reference));
        Assert.False(await _client.DeleteAssetAsync(reference));
        await Assert.ThrowsAsync<PangolinNotFoundException>(() => _client.GetAssetAsync(reference));
    }

    [Fact]
    public async Task Nested_namespaces_are_dot_joined_on_asset_paths_and_unit_separated_on_iceberg_paths()
    {
        await _client.EnsureCatalogAsync("nest");
        await _client.CreateNamespaceAsync("nest", ["a", "b"]);
        var reference = new AssetReference("nest", ["a", "b"], "x");
        await _client.RegisterAssetAsync(reference, "DB_CONN_STRING", "mysql://h/db", new Dictionary<string, string>());

        Assert.True(_emulator.Store.TryGetAsset("nest", "a.b", "x", out var stored));
        Assert.Equal(["a", "b"], stored.Namespace);
        Assert.True(await _client.DeleteAssetAsync(reference));
        Assert.Contains(_emulator.Requests, r => r.Method == "DELETE" && r.Target.Contains("a%1Fb", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_existing_namespace_is_not_an_error()
    {
        await _client.EnsureCatalogAsync("dup");
        Assert.True(await _client.CreateNamespaceAsync("dup", ["db"]));
        Assert.False(await _client.CreateNamespaceAsync("dup", ["db"]));
    }

    [Fact]
    public async Task EnsureCatalog_creates_only_when_missing()
    {
        var first = await _client.EnsureCatalogAsync("once");
        var second = await _client.EnsureCatalogAsync("once");
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, _emulator.CountRequests("POST", "/api/v1/catalogs"));
    }

    [Fact]
    public async Task Not_found_errors_are_typed_and_carry_the_server_message()
    {
        var missingCatalog = await Assert.ThrowsAsync<PangolinNotFoundException>(() => _client.GetAssetAsync(AssetReference.Parse("nope.db.x")));
        Assert.Equal("Catalog not found", missingCatalog.ServerMessage);
        Assert.Equal(HttpStatusCode.NotFound, missingCatalog.StatusCode);
        Assert.Contains("Reading asset 'nope.db.x'", missingCatalog.Message, StringComparison.Ordinal);
        Assert.NotNull(missingCatalog.RequestId);

        await _client.EnsureCatalogAsync("cat");
        var missingAsset = await Assert.ThrowsAsync<PangolinNotFoundException>(() => _client.GetAssetAsync(AssetReference.Parse("cat.db.x")));
        Assert.Equal("Asset not found", missingAsset.ServerMessage);
    }

    [Fact]
    public async Task Validation_errors_from_the_server_are_typed()
    {
        await _client.EnsureCatalogAsync("v");
        var ex = await Assert.ThrowsAsync<PangolinValidationException>(() =>
            _client.RegisterAssetAsync(AssetReference.Parse("v.db.x"), "DbConnString", "l", new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Contains("DbConnString", ex.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_the_server_cannot_address_are_refused_before_any_request()
    {
        Assert.Throws<ArgumentException>(() => new AssetReference("cat", "db", "a/b"));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.CreateNamespaceAsync("cat", ["a.b"]));
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task Server_errors_and_outages_are_typed()
    {
        await _client.EnsureCatalogAsync("o");
        _emulator.FailNextRequests(1, HttpStatusCode.InternalServerError);
        var failed = await Assert.ThrowsAsync<PangolinServerException>(() => _client.GetAssetAsync(AssetReference.Parse("o.db.x")));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);

        var port = _emulator.BaseAddress.Port;
        await _emulator.StopAsync();
        var unreachable = await Assert.ThrowsAsync<PangolinServerException>(() => _client.GetAssetAsync(AssetReference.Parse("o.db.x")));
        Assert.Null(unreachable.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", unreachable.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_server_readiness()
    {
        var health = await _client.GetServerHealthAsync();
        Assert.True(health.IsReady);
        Assert.Equal("ready", health.Status);
        Assert.Equal("ok", health.Store);

        _emulator.Offline = true;
        var down = await _client.GetServerHealthAsync();
        Assert.False(down.IsReady);
    }
}
