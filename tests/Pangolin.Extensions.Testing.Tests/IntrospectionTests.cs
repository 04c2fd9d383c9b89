using System.Diagnostics;
using System.Net;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class IntrospectionTests
{
    private const string Pg = "/api/v1/catalogs/conns/namespaces/databases/assets/pg";

    [Fact]
    public async Task Requests_are_recorded_with_status_query_and_masked_secrets()
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions { AuthMode = PangolinAuthMode.Required });
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);
        var token = emulator.IssueToken("tenant_admin");

        await http.Send(HttpMethod.Get, Pg + "?x=1", headers: h =>
        {
            Bearer(h, token);
            h.Add("X-Pangolin-Tenant", NilTenant);
        });
        await http.Send(HttpMethod.Get, "/api/v1/catalogs/conns/namespaces/databases/assets", headers: h => h.Add("X-API-Key", "secret-key"));

        var requests = emulator.Requests;
        Assert.Equal(2, requests.Count);
        var first = requests[0];
        Assert.Equal("GET", first.Method);
        Assert.Equal(Pg, first.Path);
        Assert.Equal("?x=1", first.QueryString);
        Assert.Equal(Pg + "?x=1", first.Target);
        Assert.Equal(200, first.StatusCode);
        Assert.Equal("Bearer [redacted]", first.Headers["authorization"]);
        Assert.Equal(NilTenant, first.Headers["X-Pangolin-Tenant"]);
        Assert.DoesNotContain(requests.SelectMany(r => r.Headers.Values), v => v.Contains(token, StringComparison.Ordinal) || v.Contains("secret-key", StringComparison.Ordinal));
        Assert.Equal(401, requests[1].StatusCode);
        Assert.Equal(RecordedRequest.Redacted, requests[1].Headers["x-api-key"]);
    }

    [Fact]
    public async Task Count_requests_matches_exact_paths_and_whole_segment_prefixes()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        emulator.Store.PutAsset("conns", "databases", "pg2", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        await http.GetAsync(Pg);
        await http.GetAsync(Pg);
        await http.GetAsync(Pg + "2");
        await http.PostJson("/api/v1/catalogs/conns/namespaces/databases/assets", RegisterPg);

        Assert.Equal(2, emulator.CountRequests("GET", Pg));
        Assert.Equal(3, emulator.CountRequests("get", "/api/v1/catalogs/conns"));
        Assert.Equal(4, emulator.CountRequests("*", "/api/v1/catalogs/conns/namespaces/databases/assets"));
        Assert.Equal(0, emulator.CountRequests("GET", "/api/v1/catalogs/con"));
        Assert.Equal(1, emulator.CountRequests("POST", "/api/v1"));

        emulator.ClearRequests();
        Assert.Empty(emulator.Requests);
        Assert.Equal(0, emulator.CountRequests("*", "/"));
    }

    [Fact]
    public async Task Hundred_concurrent_gets_are_all_counted()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => http.GetAsync(Pg)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(100, emulator.CountRequests("GET", Pg));
    }

    [Fact]
    public async Task Store_access_is_visible_over_http_and_back()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Pg)).StatusCode);
        Assert.True(emulator.Store.RemoveAsset("conns", "databases", "pg"));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Pg)).StatusCode);

        await http.PostJson("/api/v1/catalogs/conns/namespaces/databases/assets", RegisterPg);
        Assert.True(emulator.Store.TryGetAsset("conns", "databases", "pg", out var asset));
        Assert.Equal("gAAAA", asset.Properties["encrypted_password"]);
        Assert.Single(emulator.Store.ListAssets("conns", "databases"));
        Assert.Throws<ArgumentException>(() => emulator.Store.PutAsset("conns", "databases", "x", "DbConnString", "x"));
    }

    [Fact]
    public async Task Fail_next_requests_answers_the_given_status_then_recovers()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        emulator.FailNextRequests(2, HttpStatusCode.BadGateway);

        await AssertEmpty(await http.GetAsync(Pg), HttpStatusCode.BadGateway);
        await AssertEmpty(await http.GetAsync(Pg), HttpStatusCode.BadGateway);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Pg)).StatusCode);
        Assert.Equal(3, emulator.CountRequests("GET", Pg));
        Assert.Equal([502, 502, 200], emulator.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Offline_and_fail_when_answer_503()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "x");
        using var http = HttpFor(emulator);

        emulator.Offline = true;
        await AssertEmpty(await http.GetAsync(Pg), HttpStatusCode.ServiceUnavailable);
        await AssertEmpty(await http.GetAsync("/health/ready"), HttpStatusCode.ServiceUnavailable);
        emulator.Offline = false;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Pg)).StatusCode);

        emulator.FailWhen = context => context.Request.Path.Value!.EndsWith("/pg", StringComparison.Ordinal);
        await AssertEmpty(await http.GetAsync(Pg), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

        emulator.ResetFaults();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Pg)).StatusCode);
    }

    [Fact]
    public async Task Response_delay_slows_every_request()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);
        emulator.ResponseDelay = TimeSpan.FromMilliseconds(300);

        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task Stop_is_idempotent_and_frees_the_port()
    {
        var emulator = await PangolinEmulator.StartAsync();
        var port = emulator.BaseAddress.Port;
        await emulator.StopAsync();
        await emulator.DisposeAsync();

        await using var again = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions { Port = port });
        Assert.Equal(port, again.BaseAddress.Port);
        Assert.Equal($"http://127.0.0.1:{port}/", again.BaseAddress.ToString());
    }
}
