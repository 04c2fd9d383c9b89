using Apache.Arrow.Flight.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Dremio.Tests.Server;

namespace Pangolin.Extensions.Dremio.Tests;

/// <summary>Keyed registration, health checks and settings, with the Dremio-like Flight server on loopback.</summary>
public sealed class DremioRegistrationTests : IAsyncLifetime
{
    private const string Pat = "registration-pat-secret";
    private DremioApp _app = null!;
    private DremioTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _app = await DremioApp.StartAsync();
        _server = await DremioTestServer.StartAsync();
        _server.State.PersonalAccessTokens[Pat] = true;
    }

    public async Task DisposeAsync()
    {
        var records = _app.Logs().ToList();
        var password = _server.State.Password;
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        foreach (var record in records)
        {
            Assert.DoesNotContain(password, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Pat, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Pat, record.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
        }
    }

    private Dictionary<string, string> Password() => new() { ["username"] = _server.State.Username, ["password"] = _server.State.Password };

    [Fact]
    public async Task Two_names_get_two_keyed_clients_with_their_own_sessions()
    {
        await using var other = await DremioTestServer.StartAsync();
        _app.Put("software", _server.ConnectionString, Password());
        _app.Put("other", other.ConnectionString, new() { ["username"] = other.State.Username, ["password"] = other.State.Password });
        var services = _app.Build(["software", "other"], b => b.AddDremioFlightClient("software").AddDremioFlightClient("other"));

        var software = services.GetRequiredKeyedService<DremioFlightClient>("software");
        var second = services.GetRequiredKeyedService<DremioFlightClient>("other");

        Assert.NotSame(software, second);
        Assert.Same(software, services.GetRequiredKeyedService<DremioFlightClient>("software"));
        Assert.Same(software.FlightClient, services.GetRequiredKeyedService<FlightClient>("software"));
        Assert.Equal(1, await software.ExecuteScalarAsync("SELECT 1"));
        Assert.Equal(1, await second.ExecuteScalarAsync("SELECT 1"));
        Assert.Equal(1, _server.State.Count("Handshake"));
        Assert.Equal(1, other.State.Count("Handshake"));
        Assert.Null(services.GetService<DremioFlightClient>());
    }

    [Fact]
    public void The_unkeyed_default_and_a_caller_chosen_key()
    {
        _app.Put("lake", _server.ConnectionString, new() { ["token"] = Pat });
        var services = _app.Build(["lake"], b => b.AddDremioFlightClient("lake", serviceKey: "dremio", registerAsDefault: true));

        Assert.Null(services.GetKeyedService<DremioFlightClient>("lake"));
        Assert.Same(services.GetRequiredKeyedService<DremioFlightClient>("dremio"), services.GetRequiredService<DremioFlightClient>());
        Assert.Same(services.GetRequiredService<DremioFlightClient>().FlightClient, services.GetRequiredService<FlightClient>());
    }

    [Fact]
    public async Task The_health_check_is_healthy_and_uses_the_applications_client()
    {
        _app.Put("lake", _server.ConnectionString, Password());
        var services = _app.Build(["lake"], b => b.AddDremioFlightClient("lake"), new() { ["Pangolin:Connections:lake:HealthCheckTags:0"] = "ready" });

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Healthy, report.Entries["lake"].Status);

        await services.GetRequiredKeyedService<DremioFlightClient>("lake").ExecuteScalarAsync("SELECT 1");
        Assert.Equal(1, _server.State.Count("Handshake")); // the check's handshake was the application's
        Assert.Equal(2, _server.State.Count("GetFlightInfo"));
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_for_refused_credentials_without_the_password()
    {
        _server.State.EchoCredentialsInErrors = true;
        _app.Put("lake", _server.ConnectionString, new() { ["username"] = _server.State.Username, ["password"] = "Wrong-" + _server.State.Password });
        var services = _app.Build(["lake"], b => b.AddDremioFlightClient("lake"));

        var entry = (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["lake"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("Unauthenticated", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-", entry.Exception!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_when_dremio_is_down()
    {
        _app.Put("down", $"grpc://127.0.0.1:{TestInfrastructure.FreePort.Next()}", new() { ["token"] = Pat });
        var services = _app.Build(["down"], b => b.AddDremioFlightClient("down", s => s.CallTimeout = TimeSpan.FromSeconds(5)));

        var entry = (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["down"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        var ex = Assert.IsType<DremioFlightException>(entry.Exception);
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, ex.StatusCode);
        Assert.DoesNotContain(Pat, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_when_the_asset_has_no_scheme()
    {
        _app.Put("cloud", "data.dremio.cloud:443", new() { ["token"] = Pat }, ConnectionType.Dremio);
        var services = _app.Build(["cloud"], b => b.AddDremioFlightClient("cloud"));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<DremioFlightClient>("cloud"));
        Assert.Contains("no scheme", ex.Message, StringComparison.Ordinal);
        var entry = (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["cloud"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
    }

    [Fact]
    public void A_missing_port_is_defaulted_and_logged()
    {
        _app.Put("cloud", "grpc+tls://data.dremio.cloud", new() { ["token"] = Pat, ["tls"] = "True" });
        var services = _app.Build(["cloud"], b => b.AddDremioFlightClient("cloud"));

        var client = services.GetRequiredKeyedService<DremioFlightClient>("cloud");

        Assert.Equal(new Uri("https://data.dremio.cloud:443/"), client.Address);
        var logs = services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains("using 443, the default for grpc+tls://", Assert.Single(logs, r => r.Id.Id == 6102).Message, StringComparison.Ordinal);
        Assert.Single(logs, r => r.Id.Id == 6105);
        Assert.Contains("personal access token", Assert.Single(logs, r => r.Id.Id == 6101).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_settings_bind_and_the_code_delegate_wins()
    {
        _app.Put("lake", _server.ConnectionString, new() { ["token"] = Pat });
        PangolinDremioSettings? seen = null;
        _app.Build(["lake"], b => b.AddDremioFlightClient("lake", s => { s.Headers["routing_queue"] = "code"; seen = s; }), new()
        {
            ["Pangolin:Connections:lake:Settings:routing_queue"] = "config",
            ["Pangolin:Connections:lake:Settings:routing_engine"] = "small",
            ["Pangolin:Connections:lake:CallTimeout"] = "00:00:30",
            ["Pangolin:Connections:lake:HealthCheckQuery"] = "SELECT 2",
        });

        Assert.Equal("code", seen!.Headers["routing_queue"]);
        Assert.Equal("small", seen.Headers["routing_engine"]);
        Assert.Equal(TimeSpan.FromSeconds(30), seen.CallTimeout);
        Assert.Equal("SELECT 2", seen.HealthCheckQuery);
    }

    [Fact]
    public void Invalid_settings_fail_at_registration_naming_the_config_path()
    {
        _app.Put("lake", _server.ConnectionString, new() { ["token"] = Pat });

        var ex = Assert.Throws<InvalidOperationException>(() =>
            _app.Build(["lake"], b => b.AddDremioFlightClient("lake"), new() { ["Pangolin:Connections:lake:Settings:authorization"] = "Bearer x" }));

        Assert.Contains("Pangolin:Connections:lake", ex.Message, StringComparison.Ordinal);
        Assert.Contains("authorization", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_health_check_per_connection_even_with_two_keys()
    {
        _app.Put("lake", _server.ConnectionString, new() { ["token"] = Pat });
        var services = _app.Build(["lake"], b => b.AddDremioFlightClient("lake").AddDremioFlightClient("lake", serviceKey: "again"),
            new() { ["Pangolin:Connections:lake:HealthCheckTimeout"] = "00:00:04" });

        var registration = Assert.Single(services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "lake");
        Assert.Equal(TimeSpan.FromSeconds(4), registration.Timeout);
    }

    [Fact]
    public void An_asset_of_another_type_fails_with_a_typed_error()
    {
        _app.Put("lake", "mongodb://h/db", new() { ["token"] = Pat }, ConnectionType.MongoDb);
        var services = _app.Build(["lake"], b => b.AddDremioFlightClient("lake"));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<DremioFlightClient>("lake"));
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
    }
}
