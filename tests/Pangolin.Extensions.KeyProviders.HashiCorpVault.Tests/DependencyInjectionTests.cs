using Pangolin.Extensions.TestInfrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Server;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Support;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

public sealed class DependencyInjectionTests : IDisposable
{
    private const string RoleId = "di-role-id";
    private const string SecretId = "DI-SECRET-ID-abcdef";
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly string _caPath;

    public DependencyInjectionTests() => _caPath = _certificates.WriteCaPem();

    [Fact]
    public async Task Config_declared_provider_resolves_a_key_ring_end_to_end_over_https()
    {
        await using var test = await VaultTest.StartAsync(_certificates.Server);
        var current = FernetKey.Generate();
        var previous = FernetKey.Generate();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["encryption_key"] = current.Export(), ["previous_key"] = previous.Export() });
        test.Vault.EnableAppRole(RoleId, SecretId, new TokenPolicy(["secret/data/db-keys"], TimeSpan.FromHours(1)));

        using var services = BuildServices(test, AppRoleSettings(test), b => b.AddHashiCorpVaultKeyProviders());
        var resolver = services.GetRequiredService<KeyRingResolver>();

        var ring = await resolver.ResolveAsync(
            [KeyReference.Parse("vault:secret/data/db-keys#encryption_key"), KeyReference.Parse("vault:secret/db-keys#previous_key")]);

        Assert.Equal([current, previous], ring.Keys);
        var oldToken = new FernetKeyRing([previous]).Encrypt("postgres-password");
        Assert.Equal("postgres-password", ring.DecryptString(oldToken));
        Assert.Equal(1, test.Vault.Count("POST", "/v1/auth/approle/login"));
        test.AssertNoSecretLeaked([current.Export(), previous.Export(), SecretId, .. test.Vault.LiveTokens]);
        AssertNoSecretInLogs(services, [current.Export(), previous.Export(), SecretId, .. test.Vault.LiveTokens]);
    }

    [Fact]
    public async Task The_named_http_client_carries_the_requests()
    {
        await using var test = await VaultTest.StartAsync(_certificates.Server);
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["encryption_key"] = FernetKey.Generate().Export() });
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll());
        var counter = new CountingHandler();

        using var services = BuildServices(test, AppRoleSettings(test), b =>
        {
            b.AddHashiCorpVaultKeyProviders();
            b.Services.AddHttpClient(HashiCorpVaultKeyProvider.GetHttpClientName("vault")).AddHttpMessageHandler(() => counter);
        });
        await services.GetRequiredService<KeyRingResolver>().GetKeyAsync(KeyReference.Parse("vault:secret/data/db-keys#encryption_key"));

        Assert.Equal(2, counter.Count);
    }

    [Fact]
    public async Task Code_can_complete_config_declared_providers()
    {
        await using var test = await VaultTest.StartAsync(_certificates.Server);
        var key = FernetKey.Generate();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["encryption_key"] = key.Export() });
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll());
        var settings = AppRoleSettings(test);
        settings.Remove("Pangolin:KeyProviders:vault:Auth:SecretId");

        using var services = BuildServices(test, settings, b => b.AddHashiCorpVaultKeyProviders((name, o) =>
        {
            Assert.Equal("vault", name);
            o.Auth.SecretId = SecretId;
        }));

        Assert.Equal(key, await services.GetRequiredService<KeyRingResolver>().GetKeyAsync(KeyReference.Parse("vault:secret/data/db-keys#encryption_key")));
    }

    [Fact]
    public async Task A_provider_can_be_registered_in_code_under_its_own_name()
    {
        await using var test = await VaultTest.StartAsync(_certificates.Server);
        var key = FernetKey.Generate();
        test.Vault.Write("kv", "db-keys", new Dictionary<string, object?> { ["k"] = key.Export() });
        var token = test.Vault.CreateToken(TokenPolicy.ReadAll());
        var settings = new Dictionary<string, string?> { ["Pangolin:Uri"] = "http://127.0.0.1:1" };

        using var services = BuildServices(test, settings, b => b.AddHashiCorpVaultKeyProvider("legacy-vault", o =>
        {
            o.Address = test.Vault.Address;
            o.CaCertificatePath = _caPath;
            o.KvVersion = 1;
            o.Auth.Token = token;
        }));

        Assert.Equal(key, await services.GetRequiredService<KeyRingResolver>().GetKeyAsync(KeyReference.Parse("legacy-vault:kv/db-keys#k")));
    }

    [Fact]
    public async Task Invalid_settings_fail_start_up_validation_naming_the_config_path()
    {
        await using var test = await VaultTest.StartAsync();
        var settings = AppRoleSettings(test);
        settings.Remove("Pangolin:KeyProviders:vault:Auth:RoleId");
        settings["Pangolin:KeyProviders:vault:KvVersion"] = "5";

        using var services = BuildServices(test, settings, b => b.AddHashiCorpVaultKeyProviders());
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PangolinOptions>>().Value);

        Assert.Contains("Pangolin:KeyProviders:vault:Auth:RoleId is required for AppRole authentication.", ex.Failures);
        Assert.Contains("Pangolin:KeyProviders:vault:KvVersion must be 1 or 2 (got 5).", ex.Failures);
        Assert.DoesNotContain(ex.Failures, f => f.Contains(SecretId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Provider_failures_reach_callers_as_connection_errors_without_secrets()
    {
        await using var test = await VaultTest.StartAsync(_certificates.Server);
        test.Vault.EnableAppRole(RoleId, SecretId, TokenPolicy.ReadAll());
        using var services = BuildServices(test, AppRoleSettings(test), b => b.AddHashiCorpVaultKeyProviders());
        var resolver = services.GetRequiredService<KeyRingResolver>();

        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(() => resolver.GetKeyAsync(KeyReference.Parse("vault:secret/data/missing#k"), "orders").AsTask());

        Assert.Contains("vault:secret/data/missing#k", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has no secret at mount 'secret', path 'missing'", ex.Message, StringComparison.Ordinal);
        test.AssertNoSecretLeaked([SecretId, .. test.Vault.LiveTokens], ex);
        AssertNoSecretInLogs(services, [SecretId, .. test.Vault.LiveTokens]);
    }

    public void Dispose()
    {
        _certificates.Dispose();
        File.Delete(_caPath);
    }

    private Dictionary<string, string?> AppRoleSettings(VaultTest test) => new()
    {
        ["Pangolin:Uri"] = "http://127.0.0.1:1",
        ["Pangolin:KeyProviders:vault:Type"] = "HashiCorpVault",
        ["Pangolin:KeyProviders:vault:Address"] = test.Vault.Address.ToString(),
        ["Pangolin:KeyProviders:vault:CaCertificatePath"] = _caPath,
        ["Pangolin:KeyProviders:vault:Timeout"] = "00:00:10",
        ["Pangolin:KeyProviders:vault:Auth:Method"] = "AppRole",
        ["Pangolin:KeyProviders:vault:Auth:RoleId"] = RoleId,
        ["Pangolin:KeyProviders:vault:Auth:SecretId"] = SecretId,
    };

    private static ServiceProvider BuildServices(
        VaultTest test, Dictionary<string, string?> settings, Action<Pangolin.Extensions.DependencyInjection.IPangolinConnectionsBuilder> configure)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFakeLogging();
        services.AddSingleton<TimeProvider>(test.Time);
        configure(services.AddPangolinConnections(configuration));
        return services.BuildServiceProvider();
    }

    private static void AssertNoSecretInLogs(ServiceProvider services, IEnumerable<string> secrets)
    {
        var texts = services.GetFakeLogCollector().GetSnapshot()
            .SelectMany(r => new[] { r.Message, r.Exception?.ToString() })
            .OfType<string>()
            .ToList();
        Assert.NotEmpty(texts);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
