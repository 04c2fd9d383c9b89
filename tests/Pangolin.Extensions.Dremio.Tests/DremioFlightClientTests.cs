using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Dremio.Tests.Server;

namespace Pangolin.Extensions.Dremio.Tests;

/// <summary>
/// The client against an in-process Arrow Flight server that authenticates like Dremio (real gRPC over HTTP/2 on
/// loopback), with assets registered through the Pangolin emulator in pypangolin's layout.
/// </summary>
public sealed class DremioFlightClientTests : IAsyncLifetime
{
    private const string Pat = "dremio-pat-0123456789/+=secret";
    private DremioApp _app = null!;
    private DremioTestServer _server = null!;
    private readonly List<Exception> _errors = [];

    private DremioServerState State => _server.State;

    public async Task InitializeAsync()
    {
        _app = await DremioApp.StartAsync();
        _server = await DremioTestServer.StartAsync();
        State.PersonalAccessTokens[Pat] = true;
    }

    /// <summary>No log line and no error seen by a test carries the password or a token.</summary>
    public async Task DisposeAsync()
    {
        var records = _app.Logs().ToList();
        var secrets = new[] { State.Password, Pat }.Concat(State.IssuedTokens.Keys).ToList();
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        foreach (var secret in secrets)
        {
            foreach (var record in records)
            {
                Assert.DoesNotContain(secret, record.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, record.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
            }

            foreach (var error in _errors)
            {
                Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
            }
        }
    }

    private Dictionary<string, string> Password() => new() { ["username"] = State.Username, ["password"] = State.Password };

    private DremioFlightClient Client(string name, Dictionary<string, string> credentials, string? connectionString = null, Action<PangolinDremioSettings>? settings = null)
    {
        _app.Put(name, connectionString ?? _server.ConnectionString, credentials);
        return _app.Build([name], b => b.AddDremioFlightClient(name, settings)).GetRequiredKeyedService<DremioFlightClient>(name);
    }

    private async Task<T> Fails<T>(Func<Task> action)
        where T : Exception
    {
        var ex = await Assert.ThrowsAsync<T>(action);
        _errors.Add(ex);
        return ex;
    }

    private static async Task<List<RecordBatch>> ReadAll(IAsyncEnumerable<RecordBatch> batches)
    {
        var list = new List<RecordBatch>();
        await foreach (var batch in batches)
        {
            list.Add(batch);
        }

        return list;
    }

    [Fact]
    public async Task The_password_handshake_returns_a_bearer_token_that_every_later_call_carries()
    {
        var client = Client("lake", Password());

        var batches = await ReadAll(client.QueryAsync("SELECT * FROM numbers"));

        Assert.Equal(6, batches.Count);
        var handshake = Assert.Single(State.Calls, c => c.Method == "Handshake");
        Assert.StartsWith("Basic ", handshake.Authorization, StringComparison.Ordinal);
        var token = Assert.Single(State.IssuedTokens.Keys);
        Assert.All(State.Calls.Where(c => c.Method != "Handshake"), c => Assert.Equal("Bearer " + token, c.Authorization));
        Assert.Equal(1, State.Count("GetFlightInfo"));
        Assert.Equal(2, State.Count("DoGet"));
    }

    [Fact]
    public async Task Results_stream_in_order_over_several_batches_and_endpoints()
    {
        State.Endpoints = 3;
        State.BatchesPerEndpoint = 4;
        State.RowsPerBatch = 5;
        var client = Client("lake", Password());

        var values = new List<long>();
        var batches = 0;
        await foreach (var batch in client.QueryAsync("SELECT * FROM numbers"))
        {
            using (batch)
            {
                batches++;
                Assert.Equal(["n", "label"], batch.Schema.FieldsList.Select(f => f.Name));
                var numbers = (Int64Array)batch.Column(0);
                var labels = (StringArray)batch.Column(1);
                for (var i = 0; i < batch.Length; i++)
                {
                    values.Add(numbers.GetValue(i)!.Value);
                    Assert.Equal($"row {numbers.GetValue(i)}", labels.GetString(i));
                }
            }
        }

        Assert.Equal(12, batches);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), values);
        Assert.Equal(3, State.Count("DoGet"));
    }

    [Fact]
    public async Task The_session_cookie_set_by_the_handshake_is_sent_back_on_every_call()
    {
        var client = Client("lake", Password());

        await ReadAll(client.QueryAsync("SELECT * FROM numbers"));

        var session = Assert.Single(State.Sessions.Keys);
        Assert.All(State.Calls.Where(c => c.Method != "Handshake"), c => Assert.Contains("SESSION_ID=" + session, c.Cookie, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_personal_access_token_is_sent_as_a_bearer_token_without_a_handshake()
    {
        var client = Client("cloud", new() { ["token"] = Pat });

        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));
        await ReadAll(client.QueryAsync("SELECT * FROM numbers"));

        Assert.Equal(0, State.Count("Handshake"));
        Assert.All(State.Calls, c => Assert.Equal("Bearer " + Pat, c.Authorization));
        // The first GetFlightInfo opened the session (Set-Cookie); every DoGet carried it back.
        var session = Assert.Single(State.Sessions.Keys);
        Assert.All(State.Calls.Where(c => c.Method == "DoGet"), c => Assert.Contains("SESSION_ID=" + session, c.Cookie, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_token_wins_over_a_user_name_and_password_as_in_pypangolin()
    {
        var services = Build("cloud", new() { ["token"] = Pat, ["username"] = "someone", ["password"] = "unused-password" });

        Assert.Equal(1, await services.GetRequiredKeyedService<DremioFlightClient>("cloud").ExecuteScalarAsync("SELECT 1"));
        Assert.Equal(0, State.Count("Handshake"));
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 6110);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_as_unauthenticated_and_the_error_carries_no_secret()
    {
        State.EchoCredentialsInErrors = true;
        var client = Client("lake", new() { ["username"] = State.Username, ["password"] = "wrong-" + State.Password });

        var ex = await Fails<DremioFlightException>(() => client.ExecuteScalarAsync("SELECT 1"));

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("Handshake was refused", ex.Message, StringComparison.Ordinal);
        Assert.Contains("***", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-", ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, State.Count("GetFlightInfo"));
    }

    [Fact]
    public async Task An_unknown_personal_access_token_is_refused_and_never_repeated()
    {
        State.EchoCredentialsInErrors = true;
        const string Unknown = "not-a-valid-pat-secret";
        var client = Client("cloud", new() { ["token"] = Unknown });

        var ex = await Fails<DremioFlightException>(() => client.ExecuteScalarAsync("SELECT 1"));

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.DoesNotContain(Unknown, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, State.Count("GetFlightInfo")); // tried, re-read the asset, tried once more
    }

    [Fact]
    public async Task Calls_without_a_valid_token_are_rejected_by_the_server()
    {
        var client = Client("lake", Password());

        // Straight through FlightClient without authenticating first: no bearer token yet.
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.FlightClient.GetInfo(FlightDescriptor.CreateCommandDescriptor("SELECT 1")).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);

        await client.AuthenticateAsync();
        var info = await client.FlightClient.GetInfo(FlightDescriptor.CreateCommandDescriptor("SELECT 1")).ResponseAsync;
        Assert.Single(info.Endpoints);
    }

    [Fact]
    public async Task The_dremio_cloud_project_is_passed_as_the_project_id_cookie_on_every_call()
    {
        State.RequiredProjectId = "7f3c1e2a-1111-2222-3333-444455556666";
        var client = Client("cloud", new() { ["token"] = Pat, ["project_id"] = State.RequiredProjectId });

        await ReadAll(client.QueryAsync("SELECT * FROM numbers"));

        Assert.All(State.Calls, c => Assert.Contains("project_id=" + State.RequiredProjectId, c.Cookie, StringComparison.Ordinal));
        Assert.Equal(1, State.Count("DoAction:SetSessionOptions"));
    }

    [Fact]
    public async Task The_project_is_also_set_as_a_flight_session_option_for_servers_that_ignore_the_cookie()
    {
        State.RequiredProjectId = "proj-session-option";
        State.AcceptProjectCookie = false;
        var services = BuildWithProject("cloud", State.RequiredProjectId);

        await ReadAll(services.GetRequiredKeyedService<DremioFlightClient>("cloud").QueryAsync("SELECT * FROM numbers"));

        var session = Assert.Single(State.SessionProjects);
        Assert.Equal(State.RequiredProjectId, session.Value);
        Assert.All(State.Calls.Where(c => c.Method != "DoAction:SetSessionOptions"), c => Assert.Contains("SESSION_ID=" + session.Key, c.Cookie, StringComparison.Ordinal));
        Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 6111);
    }

    [Fact]
    public async Task Without_session_options_the_cookie_alone_must_do()
    {
        State.RequiredProjectId = "proj-cookie-only";
        State.AcceptProjectCookie = false;
        _app.Put("cloud", _server.ConnectionString, new() { ["token"] = Pat, ["project_id"] = State.RequiredProjectId });
        var client = _app.Build(["cloud"], b => b.AddDremioFlightClient("cloud", s => s.SetProjectWithSessionOptions = false))
            .GetRequiredKeyedService<DremioFlightClient>("cloud");

        var ex = await Fails<DremioFlightException>(() => client.ExecuteScalarAsync("SELECT 1"));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal(0, State.Count("DoAction:SetSessionOptions"));
    }

    [Theory]
    [InlineData(false, true, "does not implement SetSessionOptions")]
    [InlineData(true, false, "project_id: INVALID_NAME")]
    public async Task A_server_that_will_not_take_the_session_option_still_gets_the_cookie(bool supports, bool accepts, string reason)
    {
        State.RequiredProjectId = "proj-fallback";
        State.SupportsSessionOptions = supports;
        State.RefuseSessionOptions = !accepts;
        var services = BuildWithProject("cloud", State.RequiredProjectId);

        Assert.Equal(1, await services.GetRequiredKeyedService<DremioFlightClient>("cloud").ExecuteScalarAsync("SELECT 1"));

        var warning = Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 6112);
        Assert.Contains(reason, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_on_the_session_option_call_is_an_authentication_error()
    {
        var services = BuildWithProject("cloud", "p", token: "revoked-pat-secret");

        var ex = await Fails<DremioFlightException>(() => services.GetRequiredKeyedService<DremioFlightClient>("cloud").ExecuteScalarAsync("SELECT 1"));

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("SetSessionOptions", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-pat-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_project_the_server_refuses()
    {
        State.RequiredProjectId = "7f3c1e2a-1111-2222-3333-444455556666";
        var client = Client("cloud", new() { ["token"] = Pat });

        var ex = await Fails<DremioFlightException>(() => client.ExecuteScalarAsync("SELECT 1"));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task The_project_cookie_also_goes_with_the_password_handshake()
    {
        State.RequiredProjectId = "p-42";
        var client = Client("lake", new Dictionary<string, string>(Password()) { ["project_id"] = "p-42" });

        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));
        var handshake = Assert.Single(State.Calls, c => c.Method == "Handshake");
        Assert.Equal("project_id=p-42", handshake.Cookie);
    }

    [Fact]
    public async Task An_expired_bearer_token_leads_to_a_new_handshake_and_the_query_still_succeeds()
    {
        var client = Client("lake", Password());
        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));

        State.ExpireIssuedTokens();
        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));

        Assert.Equal(2, State.Count("Handshake"));
    }

    [Fact]
    public async Task Concurrent_queries_after_expiry_share_one_new_handshake()
    {
        var client = Client("lake", Password());
        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));
        State.ExpireIssuedTokens();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ExecuteScalarAsync("SELECT 1")));

        Assert.All(results, r => Assert.Equal(1, r));
        Assert.Equal(2, State.Count("Handshake"));
    }

    [Fact]
    public async Task Concurrent_first_queries_share_one_handshake()
    {
        var client = Client("lake", Password());

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ExecuteScalarAsync("SELECT 1")));

        Assert.All(results, r => Assert.Equal(1, r));
        Assert.Equal(1, State.Count("Handshake"));
    }

    [Fact]
    public async Task An_expired_token_during_doget_is_renewed_before_any_batch()
    {
        var client = Client("lake", Password());
        var info = await client.GetFlightInfoAsync("SELECT * FROM numbers");
        State.ExpireIssuedTokens();

        var batches = 0;
        await foreach (var batch in client.QueryAsync("SELECT * FROM numbers"))
        {
            batch.Dispose();
            batches++;
        }

        Assert.Equal(6, batches);
        Assert.Equal(2, info.Endpoints.Count);
    }

    [Fact]
    public async Task A_rotated_personal_access_token_is_picked_up_from_the_asset_at_re_authentication()
    {
        var services = Build("cloud", new() { ["token"] = Pat });
        var client = services.GetRequiredKeyedService<DremioFlightClient>("cloud");
        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));

        // Rotate: Dremio gets a new PAT and revokes the old one; the asset is re-registered with the new PAT.
        const string Rotated = "rotated-pat-secret-value";
        State.PersonalAccessTokens[Rotated] = true;
        State.PersonalAccessTokens.TryRemove(Pat, out _);
        _app.Put("cloud", _server.ConnectionString, new() { ["token"] = Rotated });

        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));
        Assert.Same(client, services.GetRequiredKeyedService<DremioFlightClient>("cloud"));
        Assert.Equal("Bearer " + Rotated, State.Calls.Last().Authorization);
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 6108);
        State.PersonalAccessTokens[Rotated] = true;
    }

    [Fact]
    public async Task A_rotated_password_is_picked_up_after_the_old_token_expires()
    {
        var services = Build("lake", Password());
        var client = services.GetRequiredKeyedService<DremioFlightClient>("lake");
        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));

        State.Password = "new-Passw0rd@rotated";
        State.ExpireIssuedTokens();
        _app.Put("lake", _server.ConnectionString, Password());

        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));
        Assert.Equal(2, State.Count("Handshake"));
    }

    [Fact]
    public async Task Query_errors_keep_the_status_and_the_servers_detail()
    {
        var client = Client("lake", Password());

        var ex = await Fails<DremioFlightException>(() => client.ExecuteScalarAsync("SELECT * FROM nowhere"));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("Table 'SELECT * FROM nowhere' not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'lake'", ex.Message, StringComparison.Ordinal);
        Assert.IsType<RpcException>(ex.InnerException);
    }

    [Fact]
    public async Task An_empty_result_gives_a_null_scalar()
    {
        var client = Client("lake", Password());
        Assert.Null(await client.ExecuteScalarAsync("SELECT 1 WHERE FALSE"));
    }

    [Fact]
    public async Task Client_properties_from_settings_and_allowed_credentials_are_sent_as_headers()
    {
        _app.Put("lake", _server.ConnectionString, new Dictionary<string, string>(Password()) { ["routing_tag"] = "nightly", ["schema"] = "ignored-because-not-allowed" });
        var services = _app.Build(["lake"], b => b.AddDremioFlightClient("lake"), new()
        {
            ["Pangolin:Connections:lake:Settings:routing_engine"] = "small",
            ["Pangolin:Connections:lake:AllowedCredentialKeywords:0"] = "routing_tag",
        });

        Assert.Equal(1, await services.GetRequiredKeyedService<DremioFlightClient>("lake").ExecuteScalarAsync("SELECT 1"));

        Assert.All(State.Calls, c =>
        {
            Assert.Equal("small", c.Headers.GetValueOrDefault("routing_engine"));
            Assert.Equal("nightly", c.Headers.GetValueOrDefault("routing_tag"));
            Assert.False(c.Headers.ContainsKey("schema"));
        });
        var ignored = Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 6106);
        Assert.Contains("schema", ignored.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_the_query()
    {
        var client = Client("lake", Password());
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ExecuteScalarAsync("SELECT 1", cancel.Token));
    }

    [Fact]
    public async Task Nothing_is_sent_to_dremio_until_the_first_call()
    {
        var client = Client("lake", Password());
        Assert.Empty(State.Calls);
        Assert.Equal(new Uri($"http://127.0.0.1:{_server.Port}/"), client.Address);
        Assert.DoesNotContain(State.Password, client.ToString(), StringComparison.Ordinal);
        await client.AuthenticateAsync();
        await client.AuthenticateAsync();
        Assert.Equal(1, State.Count("Handshake"));
    }

    private ServiceProvider BuildWithProject(string name, string project, string token = Pat) =>
        Build(name, new() { ["token"] = token, ["project_id"] = project });

    private ServiceProvider Build(string name, Dictionary<string, string> credentials)
    {
        _app.Put(name, _server.ConnectionString, credentials);
        return _app.Build([name], b => b.AddDremioFlightClient(name));
    }
}
