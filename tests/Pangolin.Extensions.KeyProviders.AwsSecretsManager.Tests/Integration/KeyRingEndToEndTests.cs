using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Moto;
using Pangolin.Extensions.Keys;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Integration;

/// <summary>
/// Core's <see cref="KeyRingResolver"/> over the AWS provider and moto: a rotated key ring (AWSCURRENT first, AWSPREVIOUS
/// second) decrypts tokens that Python's cryptography.fernet made with either key.
/// </summary>
[Trait(TestCategories.Category, TestCategories.Integration)]
public class KeyRingEndToEndTests
{
    private const string EncryptScript = """
        import json, sys
        from cryptography.fernet import Fernet
        data = json.load(sys.stdin)
        print(json.dumps({name: Fernet(key.encode()).encrypt(data["text"].encode()).decode() for name, key in data["keys"].items()}))
        """;

    [Fact]
    public async Task A_rotated_key_ring_from_aws_decrypts_tokens_made_by_python()
    {
        var oldKey = FernetKey.Generate().Export();
        var newKey = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("ring");
        await MotoAws.CreateSecretAsync(name, $$"""{"encryption_key":"{{oldKey}}"}""");
        await MotoAws.PutSecretValueAsync(name, $$"""{"encryption_key":"{{newKey}}"}""");
        var tokens = await PythonRunner.RunJsonAsync(EncryptScript, new { text = "postgres-password-42", keys = new Dictionary<string, string> { ["old"] = oldKey, ["new"] = newKey } });

        var logger = new FakeLogger<AwsSecretsManagerKeyProvider>();
        var resolver = new KeyRingResolver([MotoAws.Provider(logger)]);
        var ring = await resolver.ResolveAsync(
            [KeyReference.Parse($"aws:{name}#encryption_key"), KeyReference.Parse($"aws:{name}#encryption_key?stage=AWSPREVIOUS")],
            connectionName: "orders");

        Assert.Equal(FernetKey.Parse(newKey), ring.PrimaryKey);
        Assert.Equal("postgres-password-42", ring.DecryptString(tokens!["old"]!.GetValue<string>()));
        Assert.Equal("postgres-password-42", ring.DecryptString(tokens["new"]!.GetValue<string>()));
        Assert.Equal(1, ring.IndexOfKey(tokens["old"]!.GetValue<string>()));

        // Core caches: a second resolution does not ask AWS again.
        await resolver.ResolveAsync([KeyReference.Parse($"aws:{name}#encryption_key")]);
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(r => r.Id.Id == 3101));
        SecretLeaks.AssertAbsent(logger.Collector, oldKey, newKey, TestServers.AwsSecretAccessKey);
    }

    [Fact]
    public async Task Failures_reach_the_caller_as_connection_errors_naming_the_reference()
    {
        var name = MotoAws.UniqueName("ring-missing");
        var resolver = new KeyRingResolver([MotoAws.Provider()]);

        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(async () =>
            await resolver.ResolveAsync([KeyReference.Parse($"aws:{name}#encryption_key")], connectionName: "orders"));

        Assert.Equal(ConnectionFailureReason.KeyNotFound, ex.Reason);
        Assert.Contains($"aws:{name}#encryption_key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("key provider 'aws'", ex.Message, StringComparison.Ordinal);
        SecretLeaks.AssertAbsent(ex, TestServers.AwsSecretAccessKey);
    }

    [Fact]
    public async Task A_value_that_is_not_a_fernet_key_is_reported_by_core_without_the_value()
    {
        var name = MotoAws.UniqueName("ring-notakey");
        await MotoAws.CreateSecretAsync(name, """{"encryption_key":"definitely-not-a-fernet-key"}""");
        var resolver = new KeyRingResolver([MotoAws.Provider()]);

        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(async () =>
            await resolver.ResolveAsync([KeyReference.Parse($"aws:{name}#encryption_key")]));

        Assert.Equal(ConnectionFailureReason.InvalidKey, ex.Reason);
        SecretLeaks.AssertAbsent(ex, "definitely-not-a-fernet-key", TestServers.AwsSecretAccessKey);
    }
}
