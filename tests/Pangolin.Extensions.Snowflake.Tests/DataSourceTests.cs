using System.Data;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.Snowflake.Tests.Support;

namespace Pangolin.Extensions.Snowflake.Tests;

/// <summary>The data source and connections: where the driver comes from, rotation, health, and what stays secret.</summary>
public sealed class DataSourceTests : SnowflakeTestBase
{
    private const string Secret = "s3cr3t;pw='\"x";

    [Fact]
    public void Without_a_factory_first_use_says_exactly_what_to_add()
    {
        using var services = Build("wh", TestAssets.Snowflake(password: Secret), b => b.AddSnowflakeDataSource("wh", s => s.ProviderInvariantName = "Snowflake.Data.Test.Missing"));

        var dataSource = services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh");
        var ex = Assert.Throws<InvalidOperationException>(() => dataSource.CreateConnection());

        Assert.Contains("'Snowflake.Data' NuGet package", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DbProviderFactories.RegisterFactory(\"Snowflake.Data.Test.Missing\", Snowflake.Data.Client.SnowflakeDbFactory.Instance)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".AddSnowflakeDataSource(\"wh\", settings => settings.ProviderFactory = Snowflake.Data.Client.SnowflakeDbFactory.Instance)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains(LogRecords(services), r => r.Id.Id == 7007);
        Assert.Throws<InvalidOperationException>(() => services.GetRequiredKeyedService<DbConnection>("wh"));
    }

    [Fact]
    public void The_default_invariant_name_is_Snowflake_Data_as_the_driver_registers_it() =>
        Assert.Equal("Snowflake.Data", new PangolinSnowflakeSettings().ProviderInvariantName);

    [Fact]
    public async Task A_factory_registered_with_DbProviderFactories_is_used()
    {
        var factory = new RecordingDbProviderFactory();
        DbProviderFactories.RegisterFactory("Snowflake.Data.Test.Registered", factory);
        await using var services = Build("wh", TestAssets.Snowflake(), b => b.AddSnowflakeDataSource("wh", s => s.ProviderInvariantName = "Snowflake.Data.Test.Registered"));

        await using var connection = await services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh").OpenConnectionAsync();

        Assert.Same(factory.Connections.Single(), connection.InnerConnection);
        Assert.Same(factory, DbProviderFactories.GetFactory(connection));
    }

    [Fact]
    public async Task Opening_gives_the_driver_the_full_string_while_the_wrapper_shows_none_of_the_secret()
    {
        await using var services = Build("wh", TestAssets.Snowflake(password: Secret));
        var dataSource = services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh");

        await using var connection = dataSource.CreateConnection();
        var inner = (RecordingDbConnection)connection.InnerConnection;
        Assert.Equal(string.Empty, inner.ConnectionString);
        await connection.OpenAsync();

        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(Secret, new DbConnectionStringBuilder { ConnectionString = inner.ConnectionString }["password"]);
        Assert.Equal("account=xy12345.us-east-1;user=SVC_APP;db=ANALYTICS;schema=PUBLIC;warehouse=COMPUTE_WH;role=REPORTER", connection.ConnectionString);
        Assert.Equal(connection.ConnectionString, dataSource.ConnectionString);
        Assert.DoesNotContain("s3cr3t", connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", dataSource.ToString(), StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => connection.ConnectionString = "account=elsewhere");
    }

    [Fact]
    public async Task Commands_state_changes_and_disposal_go_through_to_the_driver_connection()
    {
        await using var services = Build("wh", TestAssets.Snowflake());
        var dataSource = services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh");
        var states = new List<ConnectionState>();

        var connection = dataSource.CreateConnection();
        connection.StateChange += (_, e) => states.Add(e.CurrentState);
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT 42";
            Assert.Equal(1, command.ExecuteScalar());
        }

        var inner = (RecordingDbConnection)connection.InnerConnection;
        Assert.Equal("RECORDED", connection.Database);
        connection.Close();
        Assert.Equal("ANALYTICS", connection.Database);
        await connection.DisposeAsync();

        Assert.Equal(["SELECT 42"], inner.Commands);
        Assert.Equal([ConnectionState.Open, ConnectionState.Closed], states);
        Assert.True(inner.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => connection.Open());
    }

    [Fact]
    public async Task A_rotated_password_reaches_new_connections_and_leaves_open_ones_alone()
    {
        await using var services = Build("wh", TestAssets.Snowflake(password: "old-password"));
        var dataSource = services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh");
        await using var before = await dataSource.OpenConnectionAsync();

        Put("wh", TestAssets.Snowflake(password: "new-password"));
        services.GetRequiredService<IPangolinConnectionResolver>().Invalidate("wh");
        await using var after = await dataSource.OpenConnectionAsync();

        Assert.Equal("old-password", Password(before));
        Assert.Equal("new-password", Password(after));
        Assert.Contains(LogRecords(services), r => r.Id.Id == 7005);
        Assert.DoesNotContain(LogTexts(services), t => t.Contains("-password", StringComparison.Ordinal));

        // Reopening a closed connection takes the current resolution too.
        await before.CloseAsync();
        await before.OpenAsync();
        Assert.Equal("new-password", new DbConnectionStringBuilder { ConnectionString = before.InnerConnection.ConnectionString }["password"]);
    }

    [Fact]
    public async Task ConfigureConnection_runs_on_the_driver_connection_before_it_opens()
    {
        DbConnection? seen = null;
        string? stringAtThatMoment = null;
        await using var services = Build("wh", TestAssets.Snowflake(), b => b.AddSnowflakeDataSource("wh", s =>
        {
            s.ProviderFactory = Factory;
            s.ConfigureConnection = c => (seen, stringAtThatMoment) = (c, c.ConnectionString);
        }));

        await using var connection = await services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh").OpenConnectionAsync();

        Assert.Same(connection.InnerConnection, seen);
        Assert.Contains("account=", stringAtThatMoment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_factory_opens_by_name()
    {
        await using var services = Build("wh", TestAssets.Snowflake());

        var factory = services.GetRequiredService<IPangolinConnectionFactory>();
        await using var connection = await factory.OpenConnectionAsync("wh");

        Assert.Contains("wh", factory.ConnectionNames);
        Assert.IsType<PangolinSnowflakeConnection>(connection);
        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task A_driver_failure_through_the_connection_factory_is_a_typed_error_without_the_password()
    {
        Factory.OpenError = new FakeSnowflakeException("Incorrect username or password was specified.");
        await using var services = Build("wh", TestAssets.Snowflake(password: Secret));

        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(() => services.GetRequiredService<IPangolinConnectionFactory>().OpenConnectionAsync("wh").AsTask());

        Assert.Equal(ConnectionFailureReason.DatabaseUnavailable, ex.Reason);
        Assert.Contains("Incorrect username or password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_runs_SELECT_1_on_the_applications_data_source()
    {
        await using var services = Build("wh", TestAssets.Snowflake());

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "wh");

        Assert.Equal(HealthStatus.Healthy, report.Entries["wh"].Status);
        var inner = Assert.Single(Factory.Connections);
        Assert.Equal(["SELECT 1"], inner.Commands);
        Assert.True(inner.IsDisposed);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_when_the_driver_fails_and_names_no_secret()
    {
        Factory.OpenError = new FakeSnowflakeException("Could not connect to xy12345.us-east-1.snowflakecomputing.com.");
        await using var services = Build("wh", TestAssets.Snowflake(password: Secret));

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "wh");

        var entry = report.Entries["wh"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("Could not connect", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", entry.Description ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(LogTexts(services), t => t.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_without_a_factory_and_says_what_to_add()
    {
        await using var services = Build("wh", TestAssets.Snowflake(), b => b.AddSnowflakeDataSource("wh", s => s.ProviderInvariantName = "Snowflake.Data.Test.None"));

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "wh");

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["wh"].Status);
        Assert.Contains("SnowflakeDbFactory.Instance", report.Entries["wh"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_reports_an_asset_that_cannot_be_resolved_instead_of_failing_the_report()
    {
        await using var services = Build("wh", TestAssets.Snowflake());
        Emulator.Offline = true;

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "wh");

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["wh"].Status);
        Assert.IsType<PangolinConnectionException>(report.Entries["wh"].Exception);
    }

    [Fact]
    public async Task Nothing_logged_anywhere_carries_the_password()
    {
        await using var services = Build("wh", TestAssets.Snowflake(password: Secret, extra: [("unused", "also-s3cr3t")]));
        var dataSource = services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh");
        await using (await dataSource.OpenConnectionAsync())
        {
        }

        await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var texts = LogTexts(services);
        Assert.NotEmpty(texts);
        Assert.DoesNotContain(texts, t => t.Contains("s3cr3t", StringComparison.Ordinal));
    }

    private static string? Password(PangolinSnowflakeConnection connection) =>
        new DbConnectionStringBuilder { ConnectionString = ((RecordingDbConnection)connection.InnerConnection).OpenedWith.Single() }["password"] as string;
}
