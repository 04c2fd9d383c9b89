using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.TestInfrastructure;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.SqlClient.Tests;

/// <summary>The data source against the Pangolin emulator: login, rotation, failures, factory, health check, logs.</summary>
public sealed class DataSourceTests : IAsyncLifetime
{
    private const string Password = "P@ss;w0rd='\"{x}=Zk7Marker";
    private static readonly AssetReference Asset = new("warehouses", "synapse", "sales");
    private readonly FernetKey _key = FernetKey.Generate();
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

    [Fact]
    public void Connections_carry_the_login_in_a_credential_and_never_in_the_string()
    {
        using var services = Build(TestAssets.SynapseDefinition("sales", Password));
        var dataSource = services.GetRequiredKeyedService<PangolinSqlClientDataSource>("warehouse");
        using var connection = services.GetRequiredKeyedService<SqlConnection>("warehouse");

        Assert.NotNull(connection.Credential);
        Assert.Equal("svc_reader", connection.Credential.UserId);
        Assert.Equal(Password, TestAssets.Reveal(connection.Credential.Password));
        Assert.Equal(dataSource.ConnectionString, connection.ConnectionString);
        var cs = new SqlConnectionStringBuilder(connection.ConnectionString);
        Assert.Equal(string.Empty, cs.Password);
        Assert.Equal("sales", cs.InitialCatalog);
        Assert.Equal(SqlConnectionEncryptOption.Mandatory, cs.Encrypt);
    }

    [Fact]
    public void Connections_of_one_resolution_share_one_credential_so_they_share_one_pool()
    {
        using var services = Build(TestAssets.SynapseDefinition("sales", Password));
        var dataSource = services.GetRequiredKeyedService<PangolinSqlClientDataSource>("warehouse");

        using var one = dataSource.CreateConnection();
        using var two = dataSource.CreateConnection();

        Assert.NotSame(one, two);
        Assert.Same(one.Credential, two.Credential);
    }

    [Fact]
    public void A_rotated_password_and_a_moved_server_reach_new_connections_without_a_restart()
    {
        using var services = Build(TestAssets.SynapseDefinition("sales", Password));
        var dataSource = services.GetRequiredKeyedService<PangolinSqlClientDataSource>("warehouse");
        using var before = dataSource.CreateConnection();

        Emulator.PutConnection(Asset, TestAssets.SynapseDefinition("sales", "rotated-" + Password, "tcp:contoso-ws2.sql.azuresynapse.net,1433"), _key);
        services.GetRequiredService<IPangolinConnectionResolver>().Invalidate("warehouse");
        using var after = dataSource.CreateConnection();

        Assert.Equal(Password, TestAssets.Reveal(before.Credential!.Password));
        Assert.Equal("rotated-" + Password, TestAssets.Reveal(after.Credential!.Password));
        Assert.NotSame(before.Credential, after.Credential);
        Assert.Equal("tcp:contoso-ws2.sql.azuresynapse.net,1433", new SqlConnectionStringBuilder(after.ConnectionString).DataSource);
        Assert.Equal("tcp:contoso-ws.sql.azuresynapse.net,1433", new SqlConnectionStringBuilder(before.ConnectionString).DataSource);
        Assert.Same(dataSource, services.GetRequiredKeyedService<DbDataSource>("warehouse"));
        Assert.Contains("contoso-ws2", dataSource.ConnectionString, StringComparison.Ordinal);
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 2306);
    }

    [Fact]
    public void A_new_resolution_with_the_same_login_keeps_the_credential_instance()
    {
        using var services = Build(TestAssets.SynapseDefinition("sales", Password));
        var dataSource = services.GetRequiredKeyedService<PangolinSqlClientDataSource>("warehouse");
        using var before = dataSource.CreateConnection();

        services.GetRequiredService<IPangolinConnectionResolver>().Invalidate("warehouse");
        using var after = dataSource.CreateConnection();

        Assert.Same(before.Credential, after.Credential);
    }

    [Fact]
    public async Task Opening_against_a_closed_port_fails_fast_with_SqlClients_error_and_no_secret()
    {
        var port = FreePort.Next();
        using var services = Build(
            new ConnectionAssetDefinition(ConnectionType.SqlServer, $"sqlserver://127.0.0.1:{port}/app", TestAssets.Credentials(("username", "sa"), ("password", Password))),
            settings: new() { ["Connect Timeout"] = "2" });
        var dataSource = services.GetRequiredKeyedService<PangolinSqlClientDataSource>("warehouse");

        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<SqlException>(async () => await dataSource.OpenConnectionAsync());
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Contains("network-related", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Zk7Marker", ex.ToString(), StringComparison.Ordinal);
        Assert.Throws<SqlException>(() => dataSource.OpenConnection().Dispose());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task The_data_source_reaches_the_host_and_port_of_a_url(string host)
    {
        // A listener that accepts and hangs up: SqlClient then fails in the pre-login handshake, which proves it
        // connected to exactly this address (IPv4, or IPv6 written as tcp:::1,port).
        using var listener = new TcpListener(host == "[::1]" ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = AcceptAndCloseAsync(listener);
        using var services = Build(
            new ConnectionAssetDefinition(ConnectionType.SqlServer, $"sqlserver://{host}:{port}/app", TestAssets.Credentials(("username", "sa"), ("password", Password))),
            settings: new() { ["Connect Timeout"] = "5" });

        var ex = await Assert.ThrowsAsync<SqlException>(async () => await services.GetRequiredKeyedService<PangolinSqlClientDataSource>("warehouse").OpenConnectionAsync());

        Assert.True(await accepted.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("pre-login handshake", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_factory_opens_through_the_same_data_source()
    {
        using var services = Build(
            new ConnectionAssetDefinition(ConnectionType.SqlServer, $"sqlserver://127.0.0.1:{FreePort.Next()}/app", TestAssets.Credentials(("username", "sa"), ("password", Password))),
            settings: new() { ["Connect Timeout"] = "2" });
        var factory = services.GetRequiredService<IPangolinConnectionFactory>();

        Assert.Same(services.GetRequiredKeyedService<DbDataSource>("warehouse"), factory.GetDataSource("warehouse"));
        Assert.Contains("warehouse", factory.ConnectionNames);
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () => await factory.OpenConnectionAsync("warehouse"));

        // Core is to wrap driver failures as PangolinConnectionException (DatabaseUnavailable); until then SqlClient's error surfaces.
        if (ex is PangolinConnectionException wrapped)
        {
            Assert.Equal("DatabaseUnavailable", wrapped.Reason.ToString());
            Assert.IsType<SqlException>(wrapped.InnerException);
        }
        else
        {
            Assert.IsType<SqlException>(ex);
        }

        Assert.DoesNotContain("Zk7Marker", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_uses_the_data_source_and_reports_the_failure_without_secrets()
    {
        using var services = Build(
            new ConnectionAssetDefinition(ConnectionType.SqlServer, $"sqlserver://127.0.0.1:{FreePort.Next()}/app", TestAssets.Credentials(("username", "sa"), ("password", Password))),
            settings: new() { ["Connect Timeout"] = "2" });

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "warehouse");

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.IsType<SqlException>(entry.Exception);
        Assert.DoesNotContain("Zk7Marker", entry.Description ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignored_credentials_and_the_ODBC_driver_are_logged_by_name_only()
    {
        var definition = new ConnectionAssetDefinition(ConnectionType.Synapse, "synapse://" + TestAssets.Workspace, TestAssets.Credentials(
            ("server", TestAssets.Workspace), ("username", "svc"), ("password", Password), ("driver", "ODBC Driver 17 for SQL Server"), ("authSource", "hidden-value")));
        using var services = Build(definition);

        _ = services.GetRequiredKeyedService<PangolinSqlClientDataSource>("warehouse");

        var records = services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == 2302);
        var ignored = Assert.Single(records, r => r.Id.Id == 2301);
        Assert.Contains("authSource", ignored.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(records, r => r.Message.Contains("hidden-value", StringComparison.Ordinal) || r.Message.Contains("ODBC Driver 17", StringComparison.Ordinal)
            || r.Message.Contains("Zk7Marker", StringComparison.Ordinal));
    }

    [Fact]
    public void Configure_connection_runs_on_every_connection()
    {
        var calls = 0;
        using var services = Build(TestAssets.SynapseDefinition("sales", Password), configure: s => s.ConfigureConnection = c => calls++);

        using var one = services.GetRequiredKeyedService<SqlConnection>("warehouse");
        using var two = services.GetRequiredKeyedService<DbConnection>("warehouse");

        Assert.Equal(2, calls);
    }

    [Fact]
    public void An_authentication_mode_that_cannot_take_a_password_is_a_clear_error()
    {
        using var services = Build(
            new ConnectionAssetDefinition(ConnectionType.SqlServer, "sqlserver://db.internal/app?Authentication=ActiveDirectoryDefault", TestAssets.Credentials(("username", "u"), ("password", Password))));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinSqlClientDataSource>("warehouse"));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.DoesNotContain("Zk7Marker", ex.ToString(), StringComparison.Ordinal);
    }

    private static async Task<bool> AcceptAndCloseAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        return true;
    }

    private ServiceProvider Build(ConnectionAssetDefinition definition, Dictionary<string, string>? settings = null, Action<PangolinSqlClientSettings>? configure = null)
    {
        Emulator.PutConnection(Asset, definition, _key);
        var values = new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = Emulator.BaseAddress.ToString(),
            ["Pangolin:Connections:warehouse:Asset"] = Asset.ToString(),
            ["Pangolin:Connections:warehouse:Key"] = "literal:" + _key.Export(),
        };
        foreach (var (keyword, value) in settings ?? [])
        {
            values[$"Pangolin:Connections:warehouse:Settings:{keyword}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPangolinConnections(configuration).AddSqlServerDataSource("warehouse", configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
