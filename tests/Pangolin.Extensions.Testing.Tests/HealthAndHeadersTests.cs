using System.Net;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class HealthAndHeadersTests
{
    [Theory]
    [InlineData(PangolinAuthMode.NoAuth)]
    [InlineData(PangolinAuthMode.Required)]
    public async Task Health_endpoints_are_public(PangolinAuthMode mode)
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions { AuthMode = mode });
        using var http = HttpFor(emulator);

        await AssertBody(await http.GetAsync("/health/live"), HttpStatusCode.OK, Json, """{"status":"alive"}""");
        await AssertBody(await http.GetAsync("/health/ready"), HttpStatusCode.OK, Json, """{"status":"ready","store":"ok","store_latency_ms":0}""");
        await AssertBody(await http.GetAsync("/health"), HttpStatusCode.OK, Json, """{"status":"ready","store":"ok","store_latency_ms":0}""");
        var enabled = mode == PangolinAuthMode.Required ? "true" : "false";
        await AssertBody(await http.GetAsync("/api/v1/app-config"), HttpStatusCode.OK, Json, $$"""{"auth_enabled":{{enabled}}}""");
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_and_well_formed_inbound_ids_are_echoed()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        using var generated = await http.GetAsync("/health");
        Assert.True(Guid.TryParse(Assert.Single(generated.Headers.GetValues("x-request-id")), out _));

        using var echoed = await http.Send(HttpMethod.Get, "/nope", headers: h => h.Add("X-Request-Id", "abc-123_XYZ.4"));
        Assert.Equal(HttpStatusCode.NotFound, echoed.StatusCode);
        Assert.Equal("abc-123_XYZ.4", Assert.Single(echoed.Headers.GetValues("x-request-id")));

        using var hostile = await http.Send(HttpMethod.Get, "/health", headers: h => h.Add("X-Request-Id", "../etc/passwd"));
        Assert.True(Guid.TryParse(Assert.Single(hostile.Headers.GetValues("x-request-id")), out _));
    }

    [Fact]
    public async Task Unknown_routes_are_401_before_404_when_auth_is_required()
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions { AuthMode = PangolinAuthMode.Required });
        using var http = HttpFor(emulator);

        await AssertText(await http.GetAsync("/no/such/route"), HttpStatusCode.Unauthorized, "Missing or invalid authorization header");
        var token = emulator.IssueToken("tenant_admin");
        await AssertEmpty(await http.Send(HttpMethod.Get, "/no/such/route", headers: h => Bearer(h, token)), HttpStatusCode.NotFound);
    }
}
