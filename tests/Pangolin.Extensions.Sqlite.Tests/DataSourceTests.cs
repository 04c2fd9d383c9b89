using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.Sqlite.Tests;

/// <summary>Real SQLite databases behind assets served by the Pangolin emulator.</summary>
public sealed class DataSourceTests : IAsyncLifetime, IDisposable
{
    private readonly FernetKey _key = FernetKey.Generate();
    private readonly TempDirectory _temp = new();
    private PangolinEmulator? _emulator;

    private PangolinEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _emulator = await PangolinEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Opens_creates_a_table_and_queries_a_file_database()
    {
        var file = _temp.File("orders.db");
        using var services = Build(new() { ["orders"] = TestAssets.Definition("sqlite://" + file) });
        var dataSource = services.GetRequiredKeyedService<PangolinSqliteDataSource>("orders");

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await Execute(connection, "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL); INSERT INTO orders (item) VALUES ('tea'), ('cake');");
        }

        using var keyed = services.GetRequiredKeyedService<SqliteConnection>("orders");
        keyed.Open();
        Assert.Equal(2L, await Scalar(keyed, "SELECT COUNT(*) FROM orders"));
        Assert.True(File.Exists(file));
        Assert.Equal(file, keyed.DataSource);
    }

    [Fact]
    public async Task Two_connections_use_two_isolated_files()
    {
        using var services = Build(new()
        {
            ["orders"] = TestAssets.Definition("sqlite://" + _temp.File("orders.db")),
            ["events"] = TestAssets.Definition("sqlite://" + _temp.File("events.db")),
        });

        await using (var orders = await services.GetRequiredKeyedService<PangolinSqliteDataSource>("orders").OpenConnectionAsync())
        {
            await Execute(orders, "CREATE TABLE only_in_orders (id INTEGER)");
        }

        await using var events = await services.GetRequiredKeyedService<PangolinSqliteDataSource>("events").OpenConnectionAsync();
        Assert.Equal(0L, await Scalar(events, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'only_in_orders'"));
    }

    [Fact]
    public async Task An_in_memory_database_is_shared_by_the_data_sources_connections_and_private_to_it()
    {
        using var services = Build(new() { ["cache"] = TestAssets.Definition("sqlite::memory:"), ["other"] = TestAssets.Definition(":memory:") });
        var dataSource = services.GetRequiredKeyedService<PangolinSqliteDataSource>("cache");

        await using (var first = await dataSource.OpenConnectionAsync())
        {
            await Execute(first, "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT); INSERT INTO kv VALUES ('a', 'b');");
        }

        SqliteConnection.ClearAllPools(); // only the data source's own kept-open connection holds the database now
        await using (var second = await dataSource.OpenConnectionAsync())
        {
            Assert.Equal("b", await Scalar(second, "SELECT v FROM kv WHERE k = 'a'"));
        }

        await using var other = await services.GetRequiredKeyedService<PangolinSqliteDataSource>("other").OpenConnectionAsync();
        Assert.Equal(0L, await Scalar(other, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'kv'"));
    }

    [Fact]
    public void Relative_paths_resolve_against_the_setting_then_the_content_root()
    {
        using (var fromSetting = Build(new() { ["app"] = TestAssets.Definition("sqlite:data/app.db") }, configure: s => s.BaseDirectory = _temp.Path))
        {
            Assert.Equal(Path.Combine(_temp.Path, "data", "app.db"), DataSourceOf(fromSetting, "app"));
        }

        using var fromHost = Build(new() { ["app"] = TestAssets.Definition("sqlite://app.db") }, hostRoot: _temp.Path);
        Assert.Equal(Path.Combine(_temp.Path, "app.db"), DataSourceOf(fromHost, "app"));
    }

    [Fact]
    public async Task The_connection_factory_opens_through_the_same_data_source()
    {
        using var services = Build(new() { ["orders"] = TestAssets.Definition("sqlite://" + _temp.File("factory.db")) });
        var factory = services.GetRequiredService<IPangolinConnectionFactory>();

        Assert.Same(services.GetRequiredKeyedService<DbDataSource>("orders"), factory.GetDataSource("orders"));
        await using var connection = await factory.OpenConnectionAsync("orders");
        Assert.IsType<SqliteConnection>(connection);
        Assert.Equal(1L, await Scalar(connection, "SELECT 1"));
    }

    [Fact]
    public async Task The_health_check_is_healthy_for_a_working_database_and_unhealthy_for_a_missing_read_only_one()
    {
        using var services = Build(new()
        {
            ["good"] = TestAssets.Definition("sqlite://" + _temp.File("good.db")),
            ["missing"] = TestAssets.Definition("sqlite://" + _temp.File("missing.db") + "?mode=ro"),
        });

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name is "good" or "missing");

        Assert.Equal(HealthStatus.Healthy, report.Entries["good"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["missing"].Status);
        Assert.IsType<SqliteException>(report.Entries["missing"].Exception);
    }

    [Fact]
    public void A_password_is_ignored_and_logged_by_name_unless_encryption_is_asked_for()
    {
        var definition = TestAssets.Definition("sqlite://" + _temp.File("plain.db"), ("password", "Zk7Marker"));
        using (var services = Build(new() { ["plain"] = definition }))
        {
            using var connection = services.GetRequiredKeyedService<SqliteConnection>("plain");
            Assert.DoesNotContain("Password", connection.ConnectionString, StringComparison.OrdinalIgnoreCase);
            var ignored = Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 2401);
            Assert.Contains("password", ignored.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Zk7Marker", ignored.Message, StringComparison.Ordinal);
        }

        using var encrypted = Build(new() { ["plain"] = definition }, configure: s => s.UsePasswordAsEncryptionKey = true);
        var ex = Assert.Throws<InvalidOperationException>(() => encrypted.GetRequiredKeyedService<PangolinSqliteDataSource>("plain"));
        Assert.Contains("cannot encrypt", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zk7Marker", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_asset_reaches_new_connections_after_the_resolution_changes()
    {
        var asset = Asset("app");
        using var services = Build(new() { ["app"] = TestAssets.Definition("sqlite://" + _temp.File("v1.db")) });
        var dataSource = services.GetRequiredKeyedService<PangolinSqliteDataSource>("app");
        await using (var v1 = await dataSource.OpenConnectionAsync())
        {
            await Execute(v1, "CREATE TABLE marker (v TEXT); INSERT INTO marker VALUES ('v1');");
        }

        Emulator.PutConnection(asset, TestAssets.Definition("sqlite://" + _temp.File("v2.db")), _key);
        services.GetRequiredService<IPangolinConnectionResolver>().Invalidate("app");

        await using var v2 = await dataSource.OpenConnectionAsync();
        Assert.Equal(_temp.File("v2.db"), v2.DataSource);
        Assert.Equal(0L, await Scalar(v2, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'marker'"));
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 2403);
    }

    [Fact]
    public async Task Disposing_the_data_source_releases_its_in_memory_database()
    {
        var services = Build(new() { ["cache"] = TestAssets.Definition("sqlite::memory:") });
        var dataSource = services.GetRequiredKeyedService<PangolinSqliteDataSource>("cache");
        var connectionString = new SqliteConnectionStringBuilder(dataSource.ConnectionString);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await Execute(connection, "CREATE TABLE kv (k TEXT)");
        }

        await services.DisposeAsync();

        await using var after = new SqliteConnection(connectionString.ConnectionString);
        await after.OpenAsync();
        Assert.Equal(0L, await Scalar(after, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'kv'"));
        Assert.Throws<ObjectDisposedException>(() => dataSource.CreateConnection());
    }

    private static AssetReference Asset(string name) => new("local", "sqlite", name);

    private static string DataSourceOf(ServiceProvider services, string name) =>
        new SqliteConnectionStringBuilder(services.GetRequiredKeyedService<PangolinSqliteDataSource>(name).ConnectionString).DataSource;

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private ServiceProvider Build(Dictionary<string, ConnectionAssetDefinition> connections, Action<PangolinSqliteSettings>? configure = null, string? hostRoot = null)
    {
        var values = new Dictionary<string, string?> { ["Pangolin:Uri"] = Emulator.BaseAddress.ToString() };
        foreach (var (name, definition) in connections)
        {
            Emulator.PutConnection(Asset(name), definition, _key);
            values[$"Pangolin:Connections:{name}:Asset"] = Asset(name).ToString();
            values[$"Pangolin:Connections:{name}:Key"] = "literal:" + _key.Export();
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddSingleton<IConfiguration>(configuration);
        if (hostRoot is not null)
        {
            services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(hostRoot));
        }

        var builder = services.AddPangolinConnections(configuration);
        foreach (var name in connections.Keys)
        {
            builder.AddSqliteDataSource(name, configure);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private sealed class TestHostEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
