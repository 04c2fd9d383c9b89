using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.Tests.Assets;

public class PangolinConnectionAssetsTests
{
    private static readonly AssetReference Where = AssetReference.Parse("conns.databases.pg");

    [Theory]
    [InlineData(DuplicateAssetPolicy.Upsert)]
    [InlineData(DuplicateAssetPolicy.Reject)]
    public async Task Replace_works_on_both_duplicate_behaviours(DuplicateAssetPolicy policy)
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions { DuplicatePolicy = policy });
        using var client = PangolinClient.Create(new PangolinClientOptions { Uri = emulator.BaseAddress });
        await client.EnsureCatalogAsync("conns");
        await client.CreateNamespaceAsync("conns", ["databases"]);
        var assets = new PangolinConnectionAssets(client);
        var keys = new FernetKeyRing([FernetKey.Generate()]);

        var first = await assets.RegisterAsync(Where, Definition("one"), keys);
        var second = await assets.RegisterAsync(Where, Definition("two"), keys, new RegisterConnectionOptions { IfExists = AssetExistsBehavior.Replace });

        Assert.NotEqual(first.Id, second.Id);
        var (asset, credentials) = await assets.ReadAsync(Where, keys);
        Assert.Equal("two", credentials.Password);
        Assert.Equal(second.Id, asset.Id);
        Assert.Equal(policy == DuplicateAssetPolicy.Reject ? 1 : 0, emulator.CountRequests("DELETE", "/v1/conns/namespaces/databases/tables/pg"));
    }

    [Fact]
    public async Task Registering_over_an_existing_asset_fails_by_default_and_keeps_the_old_one()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var client = PangolinClient.Create(new PangolinClientOptions { Uri = emulator.BaseAddress });
        await client.EnsureCatalogAsync("conns");
        var assets = new PangolinConnectionAssets(client);
        var keys = new FernetKeyRing([FernetKey.Generate()]);
        await assets.RegisterAsync(Where, Definition("one"), keys);

        var ex = await Assert.ThrowsAsync<PangolinConflictException>(() => assets.RegisterAsync(Where, Definition("two"), keys));
        Assert.Contains("'conns.databases.pg'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("IfExists", ex.Message, StringComparison.Ordinal);
        Assert.Equal("one", (await assets.ReadAsync(Where, keys)).Credentials.Password);
    }

    [Fact]
    public async Task Storing_the_key_logs_a_warning_without_the_key()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var client = PangolinClient.Create(new PangolinClientOptions { Uri = emulator.BaseAddress });
        await client.EnsureCatalogAsync("conns");
        var logger = new FakeLogger<PangolinConnectionAssets>();
        var assets = new PangolinConnectionAssets(client, logger);
        var keys = new FernetKeyRing([FernetKey.Generate()]);

        await assets.RegisterAsync(Where, Definition("pw"), keys, new RegisterConnectionOptions { StoreKey = true });

        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("conns.databases.pg", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(keys.PrimaryKey.Export(), warning.Message, StringComparison.Ordinal);
        Assert.True(emulator.Store.TryGetAsset("conns", "databases", "pg", out var stored));
        Assert.Equal(keys.PrimaryKey.Export(), stored.Properties["encryption_key"]);
    }

    [Theory]
    [InlineData(DuplicateAssetPolicy.Upsert)]
    [InlineData(DuplicateAssetPolicy.Reject)]
    public async Task Reencrypt_moves_every_credential_to_the_new_key_and_keeps_the_rest(DuplicateAssetPolicy policy)
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions { DuplicatePolicy = policy });
        using var client = PangolinClient.Create(new PangolinClientOptions { Uri = emulator.BaseAddress });
        await client.EnsureCatalogAsync("conns");
        var assets = new PangolinConnectionAssets(client);
        var oldKey = FernetKey.Generate();
        var newKey = FernetKey.Generate();
        var definition = Definition("s3cret");
        await assets.RegisterAsync(Where, new ConnectionAssetDefinition(definition.ConnectionType, definition.ConnectionString, definition.Credentials)
        {
            Description = "keep me",
            ExtraProperties = new Dictionary<string, string> { ["owner"] = "team" },
        }, new FernetKeyRing([oldKey]));
        Assert.True(emulator.Store.TryGetAsset("conns", "databases", "pg", out var before));

        var count = await assets.ReencryptAsync(Where, new FernetKeyRing([newKey, oldKey]));

        Assert.Equal(2, count);
        var (asset, credentials) = await assets.ReadAsync(Where, new FernetKeyRing([newKey]));
        Assert.Equal("s3cret", credentials.Password);
        Assert.Equal("keep me", asset.Description);
        Assert.Equal("team", asset.ExtraProperties["owner"]);
        Assert.True(emulator.Store.TryGetAsset("conns", "databases", "pg", out var after));
        Assert.Equal(before.Location, after.Location);
        Assert.Equal(
            Fernet.GetTimestamp(before.Properties["encrypted_password"]),
            Fernet.GetTimestamp(after.Properties["encrypted_password"]));
        await Assert.ThrowsAsync<PangolinConnectionException>(() => assets.ReadAsync(Where, new FernetKeyRing([oldKey])));
    }

    [Fact]
    public async Task Reencrypt_with_a_ring_that_cannot_decrypt_changes_nothing()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var client = PangolinClient.Create(new PangolinClientOptions { Uri = emulator.BaseAddress });
        await client.EnsureCatalogAsync("conns");
        var assets = new PangolinConnectionAssets(client);
        var key = FernetKey.Generate();
        await assets.RegisterAsync(Where, Definition("pw"), new FernetKeyRing([key]));
        Assert.True(emulator.Store.TryGetAsset("conns", "databases", "pg", out var before));

        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(() => assets.ReencryptAsync(Where, new FernetKeyRing([FernetKey.Generate()])));

        Assert.Equal(ConnectionFailureReason.DecryptionFailed, ex.Reason);
        Assert.Contains("nothing was changed", ex.Message, StringComparison.Ordinal);
        Assert.True(emulator.Store.TryGetAsset("conns", "databases", "pg", out var after));
        Assert.Equal(before.Id, after.Id);
    }

    private static ConnectionAssetDefinition Definition(string password) =>
        new(ConnectionType.PostgreSql, "postgresql://h:5432/db", new ConnectionCredentials([new("username", "u"), new("password", password)]));
}
