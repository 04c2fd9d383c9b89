using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Moto;
using Pangolin.Extensions.Keys;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Integration;

/// <summary>Tests that change process environment variables; they never run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AwsEnvironmentVariables
{
    public const string Name = "AWS environment variables";
}

/// <summary>No explicit keys: the AWS default chain (environment variables, shared files) and the standard region and endpoint variables.</summary>
[Trait(TestCategories.Category, TestCategories.Integration)]
[Collection(AwsEnvironmentVariables.Name)]
public sealed class DefaultCredentialChainTests : IDisposable
{
    private static readonly string[] Variables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE",
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    ];

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    public DefaultCredentialChainTests()
    {
        foreach (var variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        // The shared files are this process's own (see AwsTestEnvironment); the profile test fills them.
        File.WriteAllText(AwsTestEnvironment.CredentialsFile, string.Empty);
        File.WriteAllText(AwsTestEnvironment.ConfigFile, string.Empty);
    }

    public void Dispose()
    {
        foreach (var (variable, value) in _saved)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }

        File.WriteAllText(AwsTestEnvironment.CredentialsFile, string.Empty);
        File.WriteAllText(AwsTestEnvironment.ConfigFile, string.Empty);
    }

    [Fact]
    public async Task Credentials_region_and_endpoint_come_from_the_standard_environment_variables()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("envchain");
        await MotoAws.CreateSecretAsync(name, key);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", TestServers.AwsAccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", TestServers.AwsSecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_REGION", MotoAws.Region);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SECRETS_MANAGER", MotoAws.Url.ToString());

        var provider = new AwsSecretsManagerKeyProvider("aws", new AwsSecretsManagerKeyProviderOptions(), MotoAws.HttpClientFactory);

        Assert.Equal(key, await provider.GetKeyAsync(new KeyRequest(KeyReference.Parse($"aws:{name}")), CancellationToken.None));
    }

    [Fact]
    public async Task A_named_profile_supplies_credentials_and_region()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("profile");
        await MotoAws.CreateSecretAsync(name, key);
        await File.WriteAllTextAsync(AwsTestEnvironment.CredentialsFile, $"[pangolin-test]\naws_access_key_id = {TestServers.AwsAccessKeyId}\naws_secret_access_key = {TestServers.AwsSecretAccessKey}\n");
        await File.WriteAllTextAsync(AwsTestEnvironment.ConfigFile, $"[profile pangolin-test]\nregion = {MotoAws.Region}\n");

        var provider = new AwsSecretsManagerKeyProvider(
            "aws", new AwsSecretsManagerKeyProviderOptions { Profile = "pangolin-test", ServiceUrl = MotoAws.Url }, MotoAws.HttpClientFactory);

        Assert.Equal(key, await provider.GetKeyAsync(new KeyRequest(KeyReference.Parse($"aws:{name}")), CancellationToken.None));
    }

    [Fact]
    public async Task No_credentials_anywhere_is_a_clear_error()
    {
        var provider = new AwsSecretsManagerKeyProvider(
            "aws", new AwsSecretsManagerKeyProviderOptions { Region = MotoAws.Region, ServiceUrl = MotoAws.Url }, MotoAws.HttpClientFactory);

        var ex = await Assert.ThrowsAsync<KeyProviderException>(async () =>
            await provider.GetKeyAsync(new KeyRequest(KeyReference.Parse("aws:whatever")), CancellationToken.None));

        Assert.Contains("found no AWS credentials", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", ex.Message, StringComparison.Ordinal);
    }
}
