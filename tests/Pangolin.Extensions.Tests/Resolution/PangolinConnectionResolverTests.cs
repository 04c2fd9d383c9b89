using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Keys;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.Testing;
using Pangolin.Extensions.Tests.Keys;

namespace Pangolin.Extensions.Tests.Resolution;

public sealed class PangolinConnectionResolverTests : IAsyncLifetime
{
    private static readonly AssetReference Orders = AssetReference.Parse("data_sources.databases.orders");
    private readonly FernetKey _key = FernetKey.Generate();
    private PangolinEmulator _emulator = null!;
    private PangolinClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await PangolinEmulator.StartAsync();
        _client = PangolinClient.Create(new PangolinClientOptions { Uri = _emulator.BaseAddress });
        await _client.EnsureCatalogAsync(Orders.Catalog);
        await _client.CreateNamespaceAsync(Orders.Catalog, Orders.NamespaceLevels);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Hundred_concurrent_first_resolutions_make_one_asset_get_and_one_key_fetch()
    {
        await RegisterAsync(Orders);
        var keys = new KeyRingResolverTests.CountingProvider(_key.Export(), delay: TimeSpan.FromMilliseconds(20));
        var resolver = Resolver(keys, Definition("orders", Orders, "count:orders"));
        _emulator.ClearRequests();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => resolver.ResolveAsync("orders").AsTask())));

        Assert.Equal(1, _emulator.CountRequests("GET", "/api/v1/catalogs/data_sources/namespaces/databases/assets/orders"));
        Assert.Equal(1, keys.Calls);
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal("app", results[0].Credentials.Username);
        Assert.Equal("s3cr3t;=\"'", results[0].Credentials.Password);
    }

    [Fact]
    public async Task Failures_are_not_cached_and_name_the_connection()
    {
        var resolver = Resolver(new LiteralKeyProvider(), Definition("orders", Orders, "literal:" + _key.Export()));

        var missing = await Assert.ThrowsAsync<PangolinConnectionException>(() => resolver.ResolveAsync("orders").AsTask());
        Assert.Equal(ConnectionFailureReason.AssetNotFound, missing.Reason);
        Assert.StartsWith("Connection 'orders' (asset 'data_sources.databases.orders')", missing.Message, StringComparison.Ordinal);
        Assert.IsType<PangolinNotFoundException>(missing.InnerException);

        await RegisterAsync(Orders);
        var resolved = await resolver.ResolveAsync("orders");
        Assert.Equal("app", resolved.Credentials.Username);
    }

    [Fact]
    public async Task Wrong_key_is_a_decryption_failure_naming_the_property()
    {
        await RegisterAsync(Orders);
        var wrong = FernetKey.Generate();
        var resolver = Resolver(new LiteralKeyProvider(), Definition("orders", Orders, "literal:" + wrong.Export()));

        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(() => resolver.ResolveAsync("orders").AsTask());
        Assert.Equal(ConnectionFailureReason.DecryptionFailed, ex.Reason);
        Assert.Contains("'encrypted_password'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong.Export(), ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_key.Export(), ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_connection_names_list_the_configured_ones()
    {
        var resolver = Resolver(new LiteralKeyProvider(), Definition("orders", Orders, "literal:" + _key.Export()));
        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(() => resolver.ResolveAsync("ordres").AsTask());
        Assert.Equal(ConnectionFailureReason.NotConfigured, ex.Reason);
        Assert.Contains("configured: orders", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Pangolin:Connections:ordres", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_key_is_refused_by_default_and_accepted_when_allowed()
    {
        await RegisterAsync(Orders, storeKey: true);
        var refusing = Resolver(new AssetKeyProvider(), Definition("orders", Orders, "asset"));
        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(() => refusing.ResolveAsync("orders").AsTask());
        Assert.Equal(ConnectionFailureReason.StoredKeyRefused, ex.Reason);

        var allowing = Resolver(new AssetKeyProvider(), new PangolinConnectionDefinition("orders", Orders, [KeyReference.Parse("asset")]) { StoredKeyPolicy = StoredKeyPolicy.AllowWithWarning });
        Assert.Equal("app", (await allowing.ResolveAsync("orders")).Credentials.Username);
    }

    [Fact]
    public async Task Invalidate_reads_the_asset_again()
    {
        await RegisterAsync(Orders);
        var resolver = Resolver(new LiteralKeyProvider(), Definition("orders", Orders, "literal:" + _key.Export()));
        var first = await resolver.ResolveAsync("orders");
        await RegisterAsync(Orders, password: "rotated", replace: true);

        Assert.Same(first, await resolver.ResolveAsync("orders"));
        resolver.Invalidate("orders");
        var second = await resolver.ResolveAsync("orders");
        Assert.Equal("rotated", second.Credentials.Password);
        Assert.NotEqual(first.Asset.Id, second.Asset.Id);
    }

    [Fact]
    public async Task The_type_check_names_expected_and_actual_types()
    {
        await RegisterAsync(Orders);
        var resolver = Resolver(new LiteralKeyProvider(), Definition("orders", Orders, "literal:" + _key.Export()));
        var resolved = await resolver.ResolveAsync("orders");

        resolved.EnsureType(ConnectionType.PostgreSql, ConnectionType.Redshift);
        var ex = Assert.Throws<PangolinConnectionException>(() => resolved.EnsureType(ConnectionType.MySql));
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
        Assert.Contains("'postgresql'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'mysql'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", resolved.ToString(), StringComparison.Ordinal);
    }

    private async Task RegisterAsync(AssetReference where, bool storeKey = false, string password = "s3cr3t;=\"'", bool replace = false)
    {
        var assets = new PangolinConnectionAssets(_client);
        var definition = new ConnectionAssetDefinition(
            ConnectionType.PostgreSql, "postgresql://db.example.com:5432/orders",
            new ConnectionCredentials([new("username", "app"), new("password", password)]));
        await assets.RegisterAsync(where, definition, new FernetKeyRing([_key]), new RegisterConnectionOptions
        {
            StoreKey = storeKey,
            IfExists = replace ? AssetExistsBehavior.Replace : AssetExistsBehavior.Fail,
        });
    }

    private static PangolinConnectionDefinition Definition(string name, AssetReference asset, string key) =>
        new(name, asset, [KeyReference.Parse(key)]);

    private PangolinConnectionResolver Resolver(IKeyProvider provider, PangolinConnectionDefinition definition) =>
        new(_client, new KeyRingResolver([provider]), [definition]);
}
