using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Dremio.Tests.Server;

namespace Pangolin.Extensions.Dremio.Tests;

/// <summary>grpc+tls:// against the Dremio-like server with a self-signed certificate (HTTP/2 over TLS on loopback).</summary>
public sealed class DremioTlsTests : IAsyncLifetime
{
    private const string Pat = "tls-pat-secret";
    private DremioApp _app = null!;
    private DremioTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _app = await DremioApp.StartAsync();
        _server = await DremioTestServer.StartAsync(tls: true);
        _server.State.PersonalAccessTokens[Pat] = true;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Disabling_certificate_verification_with_pythons_True_connects_and_warns()
    {
        _app.Put("lake", _server.ConnectionString, new() { ["username"] = _server.State.Username, ["password"] = _server.State.Password, ["disable_certificate_verification"] = "True" });
        var services = _app.Build(["lake"], b => b.AddDremioFlightClient("lake"));
        var client = services.GetRequiredKeyedService<DremioFlightClient>("lake");

        Assert.Equal(1, await client.ExecuteScalarAsync("SELECT 1"));
        Assert.Equal("https", client.Address.Scheme);
        Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 6103);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("False")]
    public async Task An_untrusted_certificate_is_refused_by_default(string? disable)
    {
        var credentials = new Dictionary<string, string> { ["token"] = Pat };
        if (disable is not null)
        {
            credentials["disable_certificate_verification"] = disable;
        }

        _app.Put("lake", _server.ConnectionString, credentials);
        var client = _app.Build(["lake"], b => b.AddDremioFlightClient("lake")).GetRequiredKeyedService<DremioFlightClient>("lake");

        var ex = await Assert.ThrowsAsync<DremioFlightException>(() => client.ExecuteScalarAsync("SELECT 1"));
        // grpc-dotnet reports a failed TLS handshake as Internal ("The SSL connection could not be established").
        Assert.Contains(ex.StatusCode, new[] { StatusCode.Internal, StatusCode.Unavailable });
        Assert.Contains("SSL", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.State.Calls);
    }
}
