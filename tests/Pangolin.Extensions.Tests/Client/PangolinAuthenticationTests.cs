using System.Net;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.Tests.Client;

public class PangolinAuthenticationTests
{
    private const string AdminPassword = "correct horse battery staple";
    private static readonly string DefaultTenant = Guid.Empty.ToString();

    [Fact]
    public async Task Logs_in_once_and_reuses_the_token()
    {
        await using var emulator = await StartAsync();
        using var client = Login(emulator);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.EnsureCatalogAsync("c")));
        await client.GetCatalogAsync("c");

        Assert.Equal(1, client.LoginCount);
        Assert.Equal(1, emulator.CountRequests("POST", "/api/v1/users/login"));
        Assert.All(emulator.Requests.Where(r => r.Path.StartsWith("/api/v1/catalogs", StringComparison.Ordinal)), r => Assert.InRange(r.StatusCode, 200, 404));
        Assert.DoesNotContain(emulator.Requests, r => r.StatusCode == 401);
    }

    [Fact]
    public async Task Logs_in_again_before_the_token_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await StartAsync(time, TimeSpan.FromHours(24));
        using var client = Login(emulator, time);

        await client.EnsureCatalogAsync("c");
        time.Advance(TimeSpan.FromHours(23));
        await client.GetCatalogAsync("c");
        Assert.Equal(1, client.LoginCount);

        time.Advance(TimeSpan.FromMinutes(56));
        await client.GetCatalogAsync("c");
        Assert.Equal(2, client.LoginCount);
    }

    [Fact]
    public async Task Logs_in_again_once_after_a_401()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await StartAsync(time);
        using var client = Login(emulator);
        await client.EnsureCatalogAsync("c");

        // The server's clock jumps past the token's expiry; the client's does not know yet.
        time.Advance(TimeSpan.FromHours(25));
        await client.GetCatalogAsync("c");

        Assert.Equal(2, client.LoginCount);
        Assert.Contains(emulator.Requests, r => r.StatusCode == 401 && r.Path == "/api/v1/catalogs/c");
    }

    [Fact]
    public async Task Wrong_password_fails_with_the_server_message_and_no_secret()
    {
        await using var emulator = await StartAsync();
        using var client = PangolinClient.Create(new PangolinClientOptions
        {
            Uri = emulator.BaseAddress,
            Auth = { Username = "tenant_admin", Password = "wrong-password-123", TenantId = DefaultTenant },
        });

        var ex = await Assert.ThrowsAsync<PangolinAuthenticationException>(() => client.GetCatalogAsync("c"));
        Assert.Equal("Invalid credentials", ex.ServerMessage);
        Assert.Contains("'tenant_admin'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-123", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throttled_login_reports_retry_after_and_does_not_hammer_the_server()
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions
        {
            AuthMode = PangolinAuthMode.Required,
            AdminPassword = AdminPassword,
            LoginRateLimit = 1,
            LoginRateWindow = TimeSpan.FromSeconds(60),
        });
        using var first = Login(emulator);
        await first.EnsureCatalogAsync("c");
        using var second = Login(emulator);

        var ex = await Assert.ThrowsAsync<PangolinRateLimitedException>(() => second.GetCatalogAsync("c"));
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);

        var again = await Assert.ThrowsAsync<PangolinRateLimitedException>(() => second.GetCatalogAsync("c"));
        Assert.NotNull(again.RetryAfter);
        Assert.Equal(2, emulator.CountRequests("POST", "/api/v1/users/login"));
    }

    [Fact]
    public async Task Static_bearer_token_api_key_and_root_basic_work()
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions
        {
            AuthMode = PangolinAuthMode.Required,
            AdminPassword = AdminPassword,
            RootUser = "root",
            RootPassword = "root-password-xyz",
            ApiKeys = { new EmulatorApiKey { Key = "pgl_abc_secretsecret", ServiceUserName = "svc", Role = PangolinRole.TenantAdmin } },
        });
        emulator.Store.CreateCatalog("c");

        using var bearer = PangolinClient.Create(new PangolinClientOptions { Uri = emulator.BaseAddress, Auth = { Token = emulator.IssueToken("tenant_admin") } });
        using var apiKey = PangolinClient.Create(new PangolinClientOptions { Uri = emulator.BaseAddress, Auth = { ApiKey = "pgl_abc_secretsecret" } });
        using var basic = PangolinClient.Create(new PangolinClientOptions
        {
            Uri = emulator.BaseAddress,
            Auth = { Method = PangolinAuthMethod.Basic, Username = "root", Password = "root-password-xyz", TenantId = DefaultTenant },
        });
        using var anonymous = PangolinClient.Create(new PangolinClientOptions { Uri = emulator.BaseAddress });

        Assert.Equal("c", (await bearer.GetCatalogAsync("c")).Name);
        Assert.Equal("c", (await apiKey.GetCatalogAsync("c")).Name);
        Assert.Equal("c", (await basic.GetCatalogAsync("c")).Name);
        var denied = await Assert.ThrowsAsync<PangolinAuthenticationException>(() => anonymous.GetCatalogAsync("c"));
        Assert.Equal("Missing or invalid authorization header", denied.ServerMessage);
        Assert.Contains(emulator.Requests, r => r.Headers.ContainsKey("X-Pangolin-Tenant"));
    }

    [Fact]
    public void Auth_settings_are_checked_and_redacted()
    {
        var auth = new PangolinAuthOptions { Username = "svc", Password = "p4ssw0rd-secret", ApiKey = "k-secret" };
        Assert.Equal(PangolinAuthMethod.ApiKey, auth.EffectiveMethod());
        Assert.DoesNotContain("secret", auth.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PangolinClient.Create(new PangolinClientOptions
        {
            Uri = new Uri("http://localhost"),
            Auth = { Method = PangolinAuthMethod.Login, Username = "svc" },
        }));
    }

    [Theory]
    [InlineData("http://pangolin.internal:8080", true)]
    [InlineData("https://pangolin.internal", false)]
    [InlineData("http://127.0.0.1:8080", false)]
    [InlineData("http://localhost:8080", false)]
    public void Credentials_over_plain_http_to_another_host_are_warned_about(string uri, bool warned)
    {
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<PangolinClient>();
        using var client = PangolinClient.Create(new PangolinClientOptions { Uri = new Uri(uri), Auth = { Token = "t0ken-secret" } }, logger);

        var warnings = logger.Collector.GetSnapshot().Where(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning).ToList();
        Assert.Equal(warned, warnings.Count == 1);
        Assert.All(warnings, w => Assert.DoesNotContain("t0ken", w.Message, StringComparison.Ordinal));
    }

    private static Task<PangolinEmulator> StartAsync(TimeProvider? time = null, TimeSpan? lifetime = null) =>
        PangolinEmulator.StartAsync(new PangolinEmulatorOptions
        {
            AuthMode = PangolinAuthMode.Required,
            AdminPassword = AdminPassword,
            LoginRateLimit = 0,
            TimeProvider = time ?? TimeProvider.System,
            TokenLifetime = lifetime ?? TimeSpan.FromHours(24),
        });

    private static PangolinClient Login(PangolinEmulator emulator, TimeProvider? time = null) =>
        PangolinClient.Create(
            new PangolinClientOptions
            {
                Uri = emulator.BaseAddress,
                Auth = { Username = "tenant_admin", Password = AdminPassword, TenantId = DefaultTenant },
            },
            timeProvider: time);
}
