using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MySqlConnector;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.MySqlConnector.Tests;

/// <summary>Against the real MariaDB 10.11 test server, with assets registered in the emulator over HTTP.</summary>
[Trait(TestCategories.Category, TestCategories.Integration)]
public sealed class MySqlConnectorIntegrationTests(MariaDbFixture db) : IClassFixture<MariaDbFixture>, IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly List<string> _secrets = [db.Password];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes every application built by the test, then checks that no log line carried a password.</summary>
    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            var records = provider.GetFakeLogCollector().GetSnapshot();
            await provider.DisposeAsync();
            foreach (var record in records)
            {
                foreach (var secret in _secrets)
                {
                    Assert.DoesNotContain(secret, record.Message, StringComparison.Ordinal);
                    Assert.DoesNotContain(secret, record.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task Resolves_opens_and_queries_without_a_password_in_the_connection_string()
    {
        await db.RegisterDatabaseAsync("orders", db.DatabaseA);
        var services = Build([("orders", Literal())], b => b.AddMySqlDataSource("orders"));

        var dataSource = services.GetRequiredKeyedService<MySqlDataSource>("orders");
        await using var command = dataSource.CreateCommand("SELECT CONCAT(SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '/', DATABASE())");
        Assert.Equal($"{db.User}/{db.DatabaseA}", await command.ExecuteScalarAsync());
        Assert.DoesNotContain(db.Password, dataSource.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", dataSource.ConnectionString, StringComparison.OrdinalIgnoreCase);
        var created = Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 2201);
        Assert.Contains($"server 127.0.0.1, port {db.Port}, database {db.DatabaseA}, user {db.User}", created.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_come_from_the_pool_of_the_singleton_data_source()
    {
        await db.RegisterDatabaseAsync("orders", db.DatabaseA);
        var services = Build([("orders", Literal())], b => b.AddMySqlDataSource("orders"));

        int first;
        await using (var connection = services.GetRequiredKeyedService<MySqlConnection>("orders"))
        {
            await connection.OpenAsync();
            first = connection.ServerThread;
        }

        await using var again = (MySqlConnection)services.GetRequiredKeyedService<DbConnection>("orders");
        await again.OpenAsync();
        Assert.Equal(first, again.ServerThread);
    }

    [Fact]
    public async Task Two_named_connections_stay_isolated()
    {
        await db.RegisterDatabaseAsync("a", db.DatabaseA);
        await db.RegisterDatabaseAsync("b", db.DatabaseB);
        var services = Build([("a", Literal()), ("b", Literal())], b => b.AddMySqlDataSource("a").AddMySqlDataSource("b"));

        Assert.Equal(db.DatabaseA, await CurrentDatabaseAsync(services.GetRequiredKeyedService<MySqlDataSource>("a")));
        Assert.Equal(db.DatabaseB, await CurrentDatabaseAsync(services.GetRequiredKeyedService<MySqlDataSource>("b")));
        var factory = services.GetRequiredService<IPangolinConnectionFactory>();
        await using var viaFactory = await factory.OpenConnectionAsync("b");
        Assert.Equal(db.DatabaseB, viaFactory.Database);
    }

    [Fact]
    public async Task The_unkeyed_default_works_after_the_start_up_warm_up_with_an_env_key()
    {
        var variable = "PANGOLIN_MYSQL_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, db.Key.Export());
        try
        {
            await db.RegisterDatabaseAsync("main", db.DatabaseB);
            var services = Build([("main", "env:" + variable)], b => b.AddMySqlDataSource("main", registerAsDefault: true));
            foreach (var hosted in services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }

            await using var connection = services.GetRequiredService<MySqlConnection>();
            await connection.OpenAsync();
            Assert.Equal(db.DatabaseB, connection.Database);
            Assert.Same(services.GetRequiredService<MySqlDataSource>(), services.GetRequiredService<DbDataSource>());
            foreach (var hosted in services.GetServices<IHostedService>())
            {
                await hosted.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_legacy_asset_with_the_password_in_the_url_connects_through_the_password_provider()
    {
        var url = $"mysql://{db.User}:{Uri.EscapeDataString(db.Password)}@127.0.0.1:{db.Port}/{db.DatabaseA}?ssl-mode=DISABLED";
        await db.RegisterAsync("legacy", url, []);
        var services = Build([("legacy", Literal())], b => b.AddMySqlDataSource("legacy"));

        var dataSource = services.GetRequiredKeyedService<MySqlDataSource>("legacy");
        Assert.Equal(db.DatabaseA, await CurrentDatabaseAsync(dataSource));
        Assert.DoesNotContain(db.Password, dataSource.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_a_decryption_failure_naming_the_connection()
    {
        await db.RegisterDatabaseAsync("orders", db.DatabaseA);
        var services = Build([("orders", "literal:" + FernetKey.Generate().Export())], b => b.AddMySqlDataSource("orders"));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<MySqlDataSource>("orders"));
        Assert.Equal(ConnectionFailureReason.DecryptionFailed, ex.Reason);
        Assert.Equal("orders", ex.ConnectionName);
        var viaFactory = await Assert.ThrowsAsync<PangolinConnectionException>(() => services.GetRequiredService<IPangolinConnectionFactory>().OpenConnectionAsync("orders").AsTask());
        Assert.Equal(ConnectionFailureReason.DecryptionFailed, viaFactory.Reason);
        AssertClean(ex, viaFactory);
    }

    [Fact]
    public async Task A_missing_env_key_names_the_variable_and_the_connection()
    {
        var variable = "PANGOLIN_MYSQL_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await db.RegisterDatabaseAsync("orders", db.DatabaseA);
        var services = Build([("orders", "env:" + variable)], b => b.AddMySqlDataSource("orders"));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<MySqlDataSource>("orders"));
        Assert.Equal(ConnectionFailureReason.KeyNotFound, ex.Reason);
        Assert.Equal("orders", ex.ConnectionName);
        Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
        AssertClean(ex);
    }

    [Fact]
    public async Task An_asset_of_another_type_is_a_type_mismatch()
    {
        await db.RegisterAsync("shop", "postgresql://127.0.0.1:5432/orders", new() { ["username"] = "u", ["password"] = db.Password }, ConnectionType.PostgreSql);
        var services = Build([("shop", Literal())], b => b.AddMySqlDataSource("shop"));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<MySqlDataSource>("shop"));
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
        Assert.Equal("shop", ex.ConnectionName);
        Assert.Contains("'postgresql'", ex.Message, StringComparison.Ordinal);
        AssertClean(ex);
    }

    [Fact]
    public async Task An_unknown_connection_name_through_the_factory_lists_the_registered_ones()
    {
        await db.RegisterDatabaseAsync("orders", db.DatabaseA);
        var services = Build([("orders", Literal())], b => b.AddMySqlDataSource("orders"));

        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(() => services.GetRequiredService<IPangolinConnectionFactory>().OpenConnectionAsync("ordres").AsTask());
        Assert.Equal(ConnectionFailureReason.NotConfigured, ex.Reason);
        Assert.Equal("ordres", ex.ConnectionName);
        Assert.Contains("orders", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_is_a_clear_error_naming_the_connection()
    {
        var closedPort = FreePort.Next();
        await db.RegisterAsync("down", $"mysql://127.0.0.1:{closedPort}/{db.DatabaseA}", new() { ["username"] = db.User, ["password"] = db.Password });
        var services = Build([("down", Literal())], b => b.AddMySqlDataSource("down"));

        var ex = await Record.ExceptionAsync(() => services.GetRequiredService<IPangolinConnectionFactory>().OpenConnectionAsync("down").AsTask());
        AssertDatabaseUnavailable<MySqlException>(ex, "down");
        Assert.Contains("Unable to connect", ex!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_the_server_refuses_is_a_clear_error_without_the_password()
    {
        var wrong = MariaDbFixture.NewPassword();
        _secrets.Add(wrong);
        await db.RegisterAsync("refused", $"mysql://127.0.0.1:{db.Port}/{db.DatabaseA}?ssl-mode=DISABLED", new() { ["username"] = db.User, ["password"] = wrong });
        var services = Build([("refused", Literal())], b => b.AddMySqlDataSource("refused"));

        var ex = await Record.ExceptionAsync(() => services.GetRequiredService<IPangolinConnectionFactory>().OpenConnectionAsync("refused").AsTask());
        var inner = AssertDatabaseUnavailable<MySqlException>(ex, "refused");
        Assert.Equal(MySqlErrorCode.AccessDenied, inner.ErrorCode);
    }

    [Fact]
    public async Task The_health_check_runs_on_the_application_data_source()
    {
        await db.RegisterDatabaseAsync("orders", db.DatabaseA);
        var services = Build([("orders", Literal())], b => b.AddMySqlDataSource("orders"), new() { ["Pangolin:Connections:orders:HealthCheckTags:0"] = "ready" });
        var health = services.GetRequiredService<HealthCheckService>();

        var healthy = await health.CheckHealthAsync(r => r.Name == "orders");
        Assert.Equal(HealthStatus.Healthy, healthy.Entries["orders"].Status);
        Assert.Contains("ready", healthy.Entries["orders"].Tags);

        // Disposing the application's data source breaks the check: it has no pool of its own.
        await services.GetRequiredKeyedService<MySqlDataSource>("orders").DisposeAsync();
        var unhealthy = await health.CheckHealthAsync(r => r.Name == "orders");
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Entries["orders"].Status);
        Assert.False(string.IsNullOrEmpty(unhealthy.Entries["orders"].Description));
        Assert.DoesNotContain(db.Password, unhealthy.Entries["orders"].Description!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_reports_a_resolution_failure_as_unhealthy()
    {
        await db.RegisterDatabaseAsync("orders", db.DatabaseA);
        var services = Build([("orders", "literal:" + FernetKey.Generate().Export())], b => b.AddMySqlDataSource("orders"));

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "orders");
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["orders"].Status);
        Assert.Contains("Connection 'orders'", report.Entries["orders"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_password_reaches_the_pool_through_the_password_provider()
    {
        var user = db.Prefix + "_rot";
        var first = MariaDbFixture.NewPassword();
        var second = MariaDbFixture.NewPassword();
        _secrets.AddRange([first, second]);
        await db.CreateUserAsync(user, first);
        var url = $"mysql://127.0.0.1:{db.Port}/{db.DatabaseA}?ssl-mode=DISABLED";
        await db.RegisterAsync("rot", url, new() { ["username"] = user, ["password"] = first });
        var services = Build([("rot", Literal())], b => b.AddMySqlDataSource("rot", s => s.PasswordRefreshInterval = TimeSpan.FromMilliseconds(200)));
        var dataSource = services.GetRequiredKeyedService<MySqlDataSource>("rot");
        Assert.Equal(db.DatabaseA, await CurrentDatabaseAsync(dataSource));

        // The server rotates: new physical connections with the old password are refused.
        await db.SetPasswordAsync(user, second);
        dataSource.Clear();
        var refused = await Assert.ThrowsAsync<MySqlException>(() => CurrentDatabaseAsync(dataSource));
        Assert.Equal(MySqlErrorCode.AccessDenied, refused.ErrorCode);

        // The asset is replaced with the new password and the cached resolution dropped: the provider picks it up.
        await db.RegisterAsync("rot", url, new() { ["username"] = user, ["password"] = second });
        services.GetRequiredService<IPangolinConnectionResolver>().Invalidate("rot");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                Assert.Equal(db.DatabaseA, await CurrentDatabaseAsync(dataSource));
                break;
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.AccessDenied && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        Assert.Same(dataSource, services.GetRequiredKeyedService<MySqlDataSource>("rot"));
    }

    [Fact]
    public async Task DisableTracing_and_DisableMetrics_bind_from_the_connection_section_and_say_they_have_no_effect()
    {
        await db.RegisterDatabaseAsync("quiet", db.DatabaseB);
        var services = Build(
            [("quiet", Literal())],
            b => b.AddMySqlDataSource("quiet"),
            new() { ["Pangolin:Connections:quiet:DisableTracing"] = "true", ["Pangolin:Connections:quiet:DisableMetrics"] = "true" });

        Assert.Equal(db.DatabaseB, await CurrentDatabaseAsync(services.GetRequiredKeyedService<MySqlDataSource>("quiet")));
        var notes = services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 2203).Select(r => r.Message).ToList();
        Assert.Equal(2, notes.Count);
        Assert.Contains(notes, m => m.Contains("DisableTracing", StringComparison.Ordinal));
        Assert.Contains(notes, m => m.Contains("DisableMetrics", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_settings_fail_at_registration_naming_the_config_path()
    {
        var bad = Assert.Throws<InvalidOperationException>(() => Build([("orders", Literal())], b => b.AddMySqlDataSource("orders"), new() { ["Pangolin:Connections:orders:Settings:Frobnicate"] = "1" }));
        Assert.Contains("'Frobnicate'", bad.Message, StringComparison.Ordinal);
        Assert.Contains("Pangolin:Connections:orders:Settings", bad.Message, StringComparison.Ordinal);

        var password = Assert.Throws<InvalidOperationException>(() => Build([("orders", Literal())], b => b.AddMySqlDataSource("orders", s => s.ConnectionStringSettings["Pwd"] = "x")));
        Assert.Contains("password", password.Message, StringComparison.Ordinal);

        var interval = Assert.Throws<InvalidOperationException>(() => Build([("orders", Literal())], b => b.AddMySqlDataSource("orders"), new() { ["Pangolin:Connections:orders:PasswordFailureRefreshInterval"] = "-00:00:01" }));
        Assert.Contains("Pangolin:Connections:orders:PasswordFailureRefreshInterval", interval.Message, StringComparison.Ordinal);
    }

    private static async Task<string?> CurrentDatabaseAsync(MySqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT DATABASE()");
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Core's connection factory wraps driver failures in <see cref="PangolinConnectionException"/> with reason
    /// <c>DatabaseUnavailable</c> once that change is merged; before, the driver's exception comes through as is.
    /// </summary>
    private TInner AssertDatabaseUnavailable<TInner>(Exception? ex, string connectionName)
        where TInner : Exception
    {
        Assert.NotNull(ex);
        AssertClean(ex);
        if (Enum.TryParse<ConnectionFailureReason>("DatabaseUnavailable", out var reason))
        {
            var wrapped = Assert.IsType<PangolinConnectionException>(ex);
            Assert.Equal(reason, wrapped.Reason);
            Assert.Equal(connectionName, wrapped.ConnectionName);
            Assert.Contains($"'{connectionName}'", wrapped.Message, StringComparison.Ordinal);
            return Assert.IsAssignableFrom<TInner>(wrapped.InnerException);
        }

        return Assert.IsAssignableFrom<TInner>(ex);
    }

    private void AssertClean(params Exception[] exceptions)
    {
        foreach (var ex in exceptions)
        {
            foreach (var secret in _secrets.Append(db.Key.Export()))
            {
                Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
            }
        }
    }

    private string Literal() => "literal:" + db.Key.Export();

    private ServiceProvider Build((string Name, string Key)[] connections, Action<IPangolinConnectionsBuilder> register, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Pangolin:Uri"] = db.Emulator.BaseAddress.ToString() };
        foreach (var (name, key) in connections)
        {
            settings[$"Pangolin:Connections:{name}:Asset"] = MariaDbFixture.Asset(name).ToString();
            settings[$"Pangolin:Connections:{name}:Key"] = key;
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddSingleton<IConfiguration>(configuration);
        register(services.AddPangolinConnections(configuration));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _providers.Add(provider);
        return provider;
    }
}
