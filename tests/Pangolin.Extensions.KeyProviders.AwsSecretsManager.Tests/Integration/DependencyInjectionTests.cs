using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Moto;
using Pangolin.Extensions.Keys;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Integration;

[Trait(TestCategories.Category, TestCategories.Integration)]
public class DependencyInjectionTests
{
    private static IConfiguration Configuration(string providerName, params (string Key, string Value)[] extra)
    {
        var values = new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = "http://localhost:8080",
            [$"Pangolin:KeyProviders:{providerName}:Type"] = "AwsSecretsManager",
            [$"Pangolin:KeyProviders:{providerName}:Region"] = MotoAws.Region,
            [$"Pangolin:KeyProviders:{providerName}:ServiceUrl"] = MotoAws.Url.ToString(),
            [$"Pangolin:KeyProviders:{providerName}:AccessKeyId"] = TestServers.AwsAccessKeyId,
            [$"Pangolin:KeyProviders:{providerName}:SecretAccessKey"] = TestServers.AwsSecretAccessKey,
            [$"Pangolin:KeyProviders:{providerName}:Timeout"] = "00:00:10",
            [$"Pangolin:KeyProviders:{providerName}:MaxRetries"] = "1",
        };
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    [Fact]
    public async Task A_provider_declared_in_configuration_fetches_keys_through_the_key_ring_resolver()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("di");
        await MotoAws.CreateSecretAsync(name, $$"""{"encryption_key":"{{key}}"}""");
        var configuration = Configuration("aws",
            ("Pangolin:Connections:orders:Asset", "data_sources.databases.orders"),
            ("Pangolin:Connections:orders:Key", $"aws:{name}#encryption_key"));
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddPangolinConnections(configuration).AddAwsSecretsManagerKeyProviders();
        await using var provider = services.BuildServiceProvider();

        var resolver = provider.GetRequiredService<KeyRingResolver>();
        Assert.Contains("aws", resolver.ProviderNames);
        var fetched = await resolver.GetKeyAsync(KeyReference.Parse($"aws:{name}#encryption_key"), "orders");

        Assert.Equal(FernetKey.Parse(key), fetched);
        var logs = provider.GetFakeLogCollector();
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 3101 && r.Category == typeof(AwsSecretsManagerKeyProvider).FullName);
        SecretLeaks.AssertAbsent(logs, key, TestServers.AwsSecretAccessKey);
    }

    [Fact]
    public async Task Any_provider_name_can_be_declared_and_errors_carry_it()
    {
        var name = MotoAws.UniqueName("di-missing");
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddPangolinConnections(Configuration("awsprod")).AddAwsSecretsManagerKeyProviders();
        await using var provider = services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(async () =>
            await provider.GetRequiredService<KeyRingResolver>().GetKeyAsync(KeyReference.Parse($"awsprod:{name}#k"), "orders"));

        Assert.Equal(ConnectionFailureReason.KeyNotFound, ex.Reason);
        Assert.Contains($"key provider 'awsprod', secret '{name}'", ex.Message, StringComparison.Ordinal);
        SecretLeaks.AssertAbsent(ex, TestServers.AwsSecretAccessKey);
        SecretLeaks.AssertAbsent(provider.GetFakeLogCollector(), TestServers.AwsSecretAccessKey);
    }

    [Fact]
    public async Task A_provider_added_in_code_fetches_keys()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("di-code");
        await MotoAws.CreateSecretAsync(name, key);
        var services = new ServiceCollection().AddLogging();
        services.AddPangolinConnections(o => o.Uri = new Uri("http://localhost:8080"))
            .AddAwsSecretsManagerKeyProvider("aws", o =>
            {
                o.Region = MotoAws.Region;
                o.ServiceUrl = MotoAws.Url;
                o.AccessKeyId = TestServers.AwsAccessKeyId;
                o.SecretAccessKey = TestServers.AwsSecretAccessKey;
            });
        await using var provider = services.BuildServiceProvider();

        var fetched = await provider.GetRequiredService<KeyRingResolver>().GetKeyAsync(KeyReference.Parse($"aws:{name}"));

        Assert.Equal(FernetKey.Parse(key), fetched);
        Assert.Single(provider.GetServices<IKeyProvider>().OfType<AwsSecretsManagerKeyProvider>());
    }
}
