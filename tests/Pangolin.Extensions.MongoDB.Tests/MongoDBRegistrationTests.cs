using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.MongoDB.Tests;

/// <summary>Dependency-injection behaviour against the emulator. No MongoDB server is contacted: clients connect lazily.</summary>
public sealed class MongoDBRegistrationTests : IAsyncLifetime
{
    private const string Password = "p@ss:w/rd%secret";
    private MongoApp _app = null!;

    public async Task InitializeAsync() => _app = await MongoApp.StartAsync();

    public async Task DisposeAsync()
    {
        var records = _app.Logs().ToList();
        await _app.DisposeAsync();
        foreach (var record in records)
        {
            Assert.DoesNotContain(Password, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, record.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Two_names_get_two_isolated_clients_and_databases()
    {
        _app.Put("first", "mongodb://first.example.com:27017/db_first", new() { ["username"] = "u1", ["password"] = Password });
        _app.Put("second", "mongodb://second.example.com:27018/db_second", new() { ["username"] = "u2", ["password"] = Password });
        var services = _app.Build(["first", "second"], b => b.AddMongoDBClient("first").AddMongoDBClient("second"));

        var first = services.GetRequiredKeyedService<IMongoClient>("first");
        var second = services.GetRequiredKeyedService<IMongoClient>("second");

        Assert.NotSame(first, second);
        Assert.Same(first, services.GetRequiredKeyedService<IMongoClient>("first"));
        Assert.Equal("first.example.com", Assert.Single(first.Settings.Servers).Host);
        Assert.Equal("u1", first.Settings.Credential.Username);
        Assert.Equal("second.example.com", Assert.Single(second.Settings.Servers).Host);
        Assert.Equal("u2", second.Settings.Credential.Username);
        Assert.Equal("db_first", services.GetRequiredKeyedService<IMongoDatabase>("first").DatabaseNamespace.DatabaseName);
        Assert.Equal("db_second", services.GetRequiredKeyedService<IMongoDatabase>("second").DatabaseNamespace.DatabaseName);
        Assert.Same(second, services.GetRequiredKeyedService<IMongoDatabase>("second").Client);
        Assert.Null(services.GetService<IMongoClient>());
    }

    [Fact]
    public void The_unkeyed_default_and_a_caller_chosen_key()
    {
        _app.Put("events", "mongodb://db.example.com/events");
        var services = _app.Build(["events"], b => b.AddMongoDBClient("events", serviceKey: "primary", registerAsDefault: true));

        Assert.Null(services.GetKeyedService<IMongoClient>("events"));
        Assert.Same(services.GetRequiredKeyedService<IMongoClient>("primary"), services.GetRequiredService<IMongoClient>());
        Assert.Equal("events", services.GetRequiredService<IMongoDatabase>().DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public void Without_a_database_in_the_url_the_database_cannot_be_injected_but_the_client_can()
    {
        _app.Put("events", "mongodb://db.example.com:27017");
        var services = _app.Build(["events"], b => b.AddMongoDBClient("events"));

        Assert.NotNull(services.GetRequiredKeyedService<IMongoClient>("events"));
        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<IMongoDatabase>("events"));
        Assert.Contains("names no database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_settings_apply_and_the_code_delegates_win()
    {
        _app.Put("events", "mongodb://db.example.com/?maxPoolSize=50");
        var services = _app.Build(
            ["events"],
            b => b.AddMongoDBClient("events", s => s.UrlOptions["appName"] = "from-code", c => c.MinConnectionPoolSize = 2),
            new()
            {
                ["Pangolin:Connections:events:Settings:maxPoolSize"] = "9",
                ["Pangolin:Connections:events:Settings:appName"] = "from-config",
                ["Pangolin:Connections:events:DatabaseName"] = "bound-from-config",
            });

        var settings = services.GetRequiredKeyedService<IMongoClient>("events").Settings;
        Assert.Equal(9, settings.MaxConnectionPoolSize);
        Assert.Equal("from-code", settings.ApplicationName);
        Assert.Equal(2, settings.MinConnectionPoolSize);
        Assert.Equal("bound-from-config", services.GetRequiredKeyedService<IMongoDatabase>("events").DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public void Invalid_settings_fail_at_registration_naming_the_config_path()
    {
        _app.Put("events", "mongodb://db.example.com/events");

        var ex = Assert.Throws<InvalidOperationException>(() =>
            _app.Build(["events"], b => b.AddMongoDBClient("events"), new() { ["Pangolin:Connections:events:Settings:maxPoolSizee"] = "3" }));
        Assert.Contains("Pangolin:Connections:events", ex.Message, StringComparison.Ordinal);

        var secret = Assert.Throws<InvalidOperationException>(() => _app.Build(["events"], b => b.AddMongoDBClient("events", s => s.UrlOptions["proxyPassword"] = "x")));
        Assert.Contains("proxyPassword", secret.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_in_the_url_win_and_the_ignored_stored_ones_are_logged_by_name_only()
    {
        _app.Put("legacy", "mongodb://urluser:url%40pw@db.example.com/events", new() { ["username"] = "stored", ["password"] = Password });
        var services = _app.Build(["legacy"], b => b.AddMongoDBClient("legacy"));

        Assert.Equal("urluser", services.GetRequiredKeyedService<IMongoClient>("legacy").Settings.Credential.Username);
        var logs = services.GetFakeLogCollector().GetSnapshot();
        var ignored = Assert.Single(logs, r => r.Id.Id == 5102);
        Assert.Contains("password, username", ignored.Message, StringComparison.Ordinal);
        var created = Assert.Single(logs, r => r.Id.Id == 5101);
        Assert.Contains("user urluser", created.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("url@pw", string.Join('\n', logs.Select(l => l.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_asset_of_another_type_fails_with_a_typed_error()
    {
        _app.Put("events", "postgresql://db/x", type: ConnectionType.PostgreSql);
        var services = _app.Build(["events"], b => b.AddMongoDBClient("events"));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<IMongoClient>("events"));
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
    }

    [Fact]
    public void One_health_check_per_connection_with_its_tags_and_timeout()
    {
        _app.Put("events", "mongodb://db.example.com/events");
        var services = _app.Build(["events"], b => b.AddMongoDBClient("events").AddMongoDBClient("events", serviceKey: "again"), new()
        {
            ["Pangolin:Connections:events:HealthCheckTags:0"] = "ready",
            ["Pangolin:Connections:events:HealthCheckTimeout"] = "00:00:03",
        });

        var registration = Assert.Single(services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "events");
        Assert.Equal(["ready"], registration.Tags);
        Assert.Equal(TimeSpan.FromSeconds(3), registration.Timeout);
    }

    [Fact]
    public void The_same_key_twice_is_refused()
    {
        _app.Put("events", "mongodb://db.example.com/events");
        var ex = Assert.Throws<InvalidOperationException>(() => _app.Build(["events"], b => b.AddMongoDBClient("events").AddMongoDBClient("events")));
        Assert.Contains("already used", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_when_the_server_cannot_be_reached()
    {
        var port = TestInfrastructure.FreePort.Next();
        _app.Put("down", $"mongodb://127.0.0.1:{port}/events?serverSelectionTimeoutMS=300&connectTimeoutMS=300", new() { ["username"] = "app", ["password"] = Password });
        var services = _app.Build(["down"], b => b.AddMongoDBClient("down"));

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "down");

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["down"].Status);
        Assert.DoesNotContain(Password, report.Entries["down"].Description ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, report.Entries["down"].Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_when_the_asset_is_missing()
    {
        var services = _app.Build(["missing"], b => b.AddMongoDBClient("missing"));

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "missing");

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["missing"].Status);
        Assert.IsType<PangolinConnectionException>(report.Entries["missing"].Exception);
    }
}
