using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests.Support;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests;

public class DependencyInjectionTests
{
    private const string ClientSecret = "CLIENT-SECRET-Q~abc123";

    [Fact]
    public async Task Config_declared_provider_resolves_a_key_ring_end_to_end()
    {
        await using var test = await AzureTest.StartAsync();
        var current = FernetKey.Generate();
        var previous = FernetKey.Generate();
        var previousVersion = test.Vault.SetSecret("orders-key", previous.Export());
        test.Vault.SetSecret("orders-key", current.Export());

        using var services = BuildServices(Settings(test), b => b.AddAzureKeyVaultKeyProviders((name, o) =>
        {
            Assert.Equal("azurekv", name);
            o.TokenCredential = test.Credential;
            o.ConfigureClientOptions = test.TrustServer;
        }));
        var ring = await services.GetRequiredService<KeyRingResolver>().ResolveAsync(
            [KeyReference.Parse("azurekv:orders-key"), KeyReference.Parse($"azurekv:orders-key/{previousVersion}")]);

        Assert.Equal([current, previous], ring.Keys);
        Assert.Equal("mongodb-password", ring.DecryptString(new FernetKeyRing([previous]).Encrypt("mongodb-password")));
        AssertNoSecretInLogs(services, [current.Export(), previous.Export(), test.Credential.Token, ClientSecret]);
    }

    [Fact]
    public async Task A_provider_can_be_registered_in_code()
    {
        await using var test = await AzureTest.StartAsync();
        var key = FernetKey.Generate();
        test.Vault.SetSecret("db-key", key.Export());

        using var services = BuildServices(
            new Dictionary<string, string?> { ["Pangolin:Uri"] = "http://127.0.0.1:1" },
            b => b.AddAzureKeyVaultKeyProvider("keys", o =>
            {
                o.VaultUri = test.Vault.VaultUri;
                o.DisableChallengeResourceVerification = true;
                o.TokenCredential = test.Credential;
                o.ConfigureClientOptions = test.TrustServer;
            }));

        Assert.Equal(key, await services.GetRequiredService<KeyRingResolver>().GetKeyAsync(KeyReference.Parse("keys:db-key")));
    }

    [Fact]
    public async Task Failures_reach_callers_as_connection_errors_without_secrets()
    {
        await using var test = await AzureTest.StartAsync();
        test.Vault.ForbiddenTokens[test.Credential.Token] = true;
        test.Vault.SetSecret("db-key", FernetKey.Generate().Export());
        using var services = BuildServices(Settings(test), b => b.AddAzureKeyVaultKeyProviders((_, o) =>
        {
            o.TokenCredential = test.Credential;
            o.ConfigureClientOptions = test.TrustServer;
        }));

        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(
            () => services.GetRequiredService<KeyRingResolver>().GetKeyAsync(KeyReference.Parse("azurekv:db-key"), "orders").AsTask());

        Assert.Contains("azurekv:db-key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets User", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(test.Credential.Token, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, ex.ToString(), StringComparison.Ordinal);
        AssertNoSecretInLogs(services, [test.Credential.Token, ClientSecret]);
    }

    [Fact]
    public void Invalid_settings_fail_start_up_validation_naming_the_config_path()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = "http://127.0.0.1:1",
            ["Pangolin:KeyProviders:azurekv:Type"] = "AzureKeyVault",
            ["Pangolin:KeyProviders:azurekv:VaultUri"] = "http://my-vault.vault.azure.net/",
            ["Pangolin:KeyProviders:azurekv:Credential:Type"] = "ClientSecret",
            ["Pangolin:KeyProviders:azurekv:Credential:ClientSecret"] = ClientSecret,
        };

        using var services = BuildServices(settings, b => b.AddAzureKeyVaultKeyProviders());
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PangolinOptions>>().Value);

        Assert.Contains("Pangolin:KeyProviders:azurekv:VaultUri must be an absolute https address such as https://my-vault.vault.azure.net/ (got 'http://my-vault.vault.azure.net/').", ex.Failures);
        Assert.Contains("Pangolin:KeyProviders:azurekv:Credential:TenantId is required for the ClientSecret credential.", ex.Failures);
        Assert.Contains("Pangolin:KeyProviders:azurekv:Credential:ClientId is required for the ClientSecret credential.", ex.Failures);
        Assert.DoesNotContain(ex.Failures, f => f.Contains(ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public void A_config_declared_client_secret_credential_is_built_from_settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = "http://127.0.0.1:1",
            ["Pangolin:KeyProviders:azurekv:Type"] = "AzureKeyVault",
            ["Pangolin:KeyProviders:azurekv:VaultUri"] = "https://my-vault.vault.azure.net/",
            ["Pangolin:KeyProviders:azurekv:Credential:Type"] = "ClientSecret",
            ["Pangolin:KeyProviders:azurekv:Credential:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
            ["Pangolin:KeyProviders:azurekv:Credential:ClientId"] = "00000000-0000-0000-0000-000000000001",
            ["Pangolin:KeyProviders:azurekv:Credential:ClientSecret"] = ClientSecret,
        };

        using var services = BuildServices(settings, b => b.AddAzureKeyVaultKeyProviders());
        _ = services.GetRequiredService<IOptions<PangolinOptions>>().Value;
        var provider = Assert.Single(services.GetServices<IKeyProviderFactory>(), f => f.Type == "AzureKeyVault")
            .Create("azurekv", services.GetRequiredService<IConfiguration>().GetSection("Pangolin:KeyProviders:azurekv"), services);

        Assert.Equal("AzureKeyVaultKeyProvider { Name = azurekv, VaultUri = https://my-vault.vault.azure.net/, Credential = ClientSecretCredential (ClientSecret) }", provider.ToString());
        AssertNoSecretInLogs(services, [ClientSecret]);
    }

    private static Dictionary<string, string?> Settings(AzureTest test) => new()
    {
        ["Pangolin:Uri"] = "http://127.0.0.1:1",
        ["Pangolin:KeyProviders:azurekv:Type"] = "AzureKeyVault",
        ["Pangolin:KeyProviders:azurekv:VaultUri"] = test.Vault.VaultUri.ToString(),
        ["Pangolin:KeyProviders:azurekv:DisableChallengeResourceVerification"] = "true",
        ["Pangolin:KeyProviders:azurekv:MaxRetries"] = "0",
        ["Pangolin:KeyProviders:azurekv:NetworkTimeout"] = "00:00:10",
        ["Pangolin:KeyProviders:azurekv:Credential:Type"] = "ClientSecret",
        ["Pangolin:KeyProviders:azurekv:Credential:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
        ["Pangolin:KeyProviders:azurekv:Credential:ClientId"] = "00000000-0000-0000-0000-000000000001",
        ["Pangolin:KeyProviders:azurekv:Credential:ClientSecret"] = ClientSecret,
    };

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings, Action<IPangolinConnectionsBuilder> configure)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFakeLogging();
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
}
