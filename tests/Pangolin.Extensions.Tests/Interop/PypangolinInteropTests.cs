using System.Text.Json.Nodes;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Keys;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.TestInfrastructure;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.Tests.Interop;

/// <summary>
/// Interop with pypangolin 0.8's connection assets, over real HTTP against the emulator. pypangolin cannot be
/// installed here (no PyPI), so <see cref="PypangolinScript"/> reproduces its register() and
/// _get_decrypted_credentials() line for line (contract §5.2, §5.4) with Python's requests and cryptography.
/// </summary>
[Trait(TestCategories.Category, TestCategories.Integration)]
public sealed class PypangolinInteropTests : IAsyncLifetime
{
    private PangolinEmulator _emulator = null!;
    private PangolinClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await PangolinEmulator.StartAsync();
        _client = PangolinClient.Create(new PangolinClientOptions { Uri = _emulator.BaseAddress });
        await _client.EnsureCatalogAsync("data_sources");
        await _client.CreateNamespaceAsync("data_sources", ["databases"]);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task An_asset_registered_by_pypangolin_0_8_with_a_user_key_resolves_in_dotnet()
    {
        var key = FernetKey.Generate();
        await PythonRegisterAsync("pg_py", "PostgreSQLAsset", "postgresql://db.example.com:5432/production",
            new() { ["username"] = "app", ["password"] = "pässwörd;=\"'✓", ["port"] = 5432, ["ssl"] = true },
            key.Export(), storeKey: false, description: "Production PostgreSQL database");

        var resolved = await ResolveAsync("pg_py", "literal:" + key.Export());

        Assert.Equal(ConnectionType.PostgreSql, resolved.ConnectionType);
        Assert.Equal("postgresql://db.example.com:5432/production", resolved.ConnectionString);
        Assert.Equal("Production PostgreSQL database", resolved.Asset.Description);
        Assert.Equal("pässwörd;=\"'✓", resolved.Credentials.Password);
        Assert.Equal("5432", resolved.Credentials.GetValueOrDefault("port"));
        Assert.True(resolved.Credentials.GetBoolean("ssl"));
        Assert.False(resolved.Asset.HasStoredKey);
    }

    [Fact]
    public async Task An_asset_registered_by_pypangolin_0_6_with_a_stored_key_resolves_when_allowed()
    {
        await PythonRegisterAsync("mongo_py", "MongoDBAsset", "mongodb://mongo:27017/events",
            new() { ["username"] = "u", ["password"] = "p@ss:w/rd" }, key: null, storeKey: true, description: null);

        var resolved = await ResolveAsync("mongo_py", "asset", StoredKeyPolicy.AllowWithWarning);
        Assert.Equal(ConnectionType.MongoDb, resolved.ConnectionType);
        Assert.True(resolved.Asset.HasStoredKey);
        Assert.Equal("p@ss:w/rd", resolved.Credentials.Password);
    }

    [Fact]
    public async Task A_legacy_asset_without_connection_type_resolves_from_its_scheme()
    {
        await PythonRunner.RunJsonAsync(PypangolinScript.RegisterLegacy, new JsonObject
        {
            ["uri"] = _emulator.BaseAddress.ToString(),
            ["name"] = "legacy",
            ["location"] = "mysql://db.example.com:3306/shop",
        });

        var resolved = await ResolveAsync("legacy", "literal:" + FernetKey.Generate().Export());
        Assert.Equal(ConnectionType.MySql, resolved.ConnectionType);
        Assert.True(resolved.Asset.ConnectionTypeInferred);
        Assert.Equal(0, resolved.Credentials.Count);
    }

    [Fact]
    public async Task An_asset_registered_by_dotnet_has_pypangolins_layout_and_decrypts_in_python()
    {
        var key = FernetKey.Generate();
        var assets = new PangolinConnectionAssets(_client);
        var definition = new ConnectionAssetDefinition(
            ConnectionType.Dremio, "grpc+tls://data.dremio.cloud:443",
            new ConnectionCredentials([new("token", "pat-✓-secret"), new("project_id", "p-1"), new("disable_certificate_verification", PropertyValues.FormatBoolean(false))]))
        {
            Description = "Dremio Cloud",
        };
        await assets.RegisterAsync(AssetReference.Parse("data_sources.databases.dremio_net"), definition, new FernetKeyRing([key]));

        var python = await PythonRunner.RunJsonAsync(PypangolinScript.Read, new JsonObject
        {
            ["uri"] = _emulator.BaseAddress.ToString(),
            ["name"] = "dremio_net",
            ["key"] = key.Export(),
        });

        var asset = python!["asset"]!;
        Assert.Equal("DB_CONN_STRING", (string?)asset["kind"]);
        Assert.Equal("grpc+tls://data.dremio.cloud:443", (string?)asset["location"]);
        var names = asset["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["connection_string", "connection_type", "description", "encrypted_disable_certificate_verification", "encrypted_project_id", "encrypted_token"],
            names);
        Assert.Equal("dremio", (string?)asset["properties"]!["connection_type"]);
        Assert.All(asset["properties"]!.AsObject().Where(p => p.Key.StartsWith("encrypted_", StringComparison.Ordinal)),
            p => Assert.StartsWith("gAAAAA", (string?)p.Value, StringComparison.Ordinal));
        var credentials = python["credentials"]!;
        Assert.Equal("pat-✓-secret", (string?)credentials["token"]);
        Assert.Equal("p-1", (string?)credentials["project_id"]);
        Assert.False((bool)python["dremio_disable_cert_verification"]!);
    }

    private Task<JsonNode?> PythonRegisterAsync(string name, string className, string connectionString, JsonObject credentials, string? key, bool storeKey, string? description) =>
        PythonRunner.RunJsonAsync(PypangolinScript.Register, new JsonObject
        {
            ["uri"] = _emulator.BaseAddress.ToString(),
            ["name"] = name,
            ["class_name"] = className,
            ["connection_string"] = connectionString,
            ["credentials"] = credentials,
            ["key"] = key,
            ["store_key"] = storeKey,
            ["description"] = description,
        });

    private async Task<ResolvedConnection> ResolveAsync(string name, string key, StoredKeyPolicy? policy = null)
    {
        var definition = new PangolinConnectionDefinition(name, new AssetReference("data_sources", "databases", name), [KeyReference.Parse(key)]) { StoredKeyPolicy = policy };
        var resolver = new PangolinConnectionResolver(_client, new KeyRingResolver([new LiteralKeyProvider(), new AssetKeyProvider()]), [definition]);
        return await resolver.ResolveAsync(name);
    }
}
