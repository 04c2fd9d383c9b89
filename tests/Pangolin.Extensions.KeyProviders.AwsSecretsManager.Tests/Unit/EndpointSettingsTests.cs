using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Unit;

public class EndpointSettingsTests
{
    private static AwsEndpointSettings Settings(Action<AwsSecretsManagerKeyProviderOptions>? configure = null, params (string Name, string Value)[] environment)
    {
        var options = new AwsSecretsManagerKeyProviderOptions { Profile = "pangolin-no-such-profile-" + Guid.NewGuid().ToString("N") };
        configure?.Invoke(options);
        var variables = environment.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        return new AwsEndpointSettings("aws", options, name => variables.GetValueOrDefault(name));
    }

    [Fact]
    public void The_region_setting_wins_over_the_environment()
    {
        var (region, endpoint) = Settings(o => o.Region = "eu-west-1", ("AWS_REGION", "us-east-2")).Target;

        Assert.Equal("eu-west-1", region.SystemName);
        Assert.Equal(new Uri("https://secretsmanager.eu-west-1.amazonaws.com/"), endpoint);
    }

    [Fact]
    public void AWS_REGION_wins_over_AWS_DEFAULT_REGION()
    {
        Assert.Equal("us-east-2", Settings(null, ("AWS_REGION", "us-east-2"), ("AWS_DEFAULT_REGION", "us-west-1")).Target.Region.SystemName);
        Assert.Equal("us-west-1", Settings(null, ("AWS_DEFAULT_REGION", "us-west-1")).Target.Region.SystemName);
    }

    [Fact]
    public void China_regions_use_their_own_domain() =>
        Assert.Equal(new Uri("https://secretsmanager.cn-north-1.amazonaws.com.cn/"), Settings(o => o.Region = "cn-north-1").Target.Endpoint);

    [Fact]
    public void Without_a_region_the_error_says_where_to_set_one()
    {
        var ex = Assert.Throws<KeyProviderException>(() => Settings().Target);

        Assert.Contains("key provider 'aws' has no region", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_endpoint_comes_from_ServiceUrl_then_the_standard_variables()
    {
        Assert.Equal(new Uri("http://127.0.0.1:1/"), Settings(o => { o.Region = "eu-west-1"; o.ServiceUrl = new Uri("http://127.0.0.1:1"); }, ("AWS_ENDPOINT_URL", "http://127.0.0.1:2")).Target.Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:3/"), Settings(o => o.Region = "eu-west-1", ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:3"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:2")).Target.Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:2/"), Settings(o => o.Region = "eu-west-1", ("AWS_ENDPOINT_URL", "http://127.0.0.1:2")).Target.Endpoint);
        Assert.Equal(new Uri("https://secretsmanager.eu-west-1.amazonaws.com/"), Settings(o => o.Region = "eu-west-1", ("AWS_ENDPOINT_URL", "http://127.0.0.1:2"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")).Target.Endpoint);
    }

    [Fact]
    public void A_malformed_endpoint_variable_is_named() =>
        Assert.Contains("AWS_ENDPOINT_URL is not an absolute", Assert.Throws<KeyProviderException>(() => Settings(o => o.Region = "eu-west-1", ("AWS_ENDPOINT_URL", "nope")).Target).Message, StringComparison.Ordinal);

    [Fact]
    public async Task A_missing_profile_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<KeyProviderException>(async () => await Settings(o => o.Region = "eu-west-1").GetCredentialsAsync(CancellationToken.None));

        Assert.Contains("the AWS profile 'pangolin-no-such-profile-", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_credential_source_is_described_without_credentials()
    {
        Assert.Equal("the configured AccessKeyId/SecretAccessKey", Settings(o => { o.Profile = null; o.AccessKeyId = "AKIA1"; o.SecretAccessKey = "s"; }).CredentialSource);
        Assert.Equal("the AWS default credential chain", Settings(o => o.Profile = null).CredentialSource);
        Assert.StartsWith("the AWS profile 'pangolin-no-such-profile-", Settings().CredentialSource, StringComparison.Ordinal);
    }
}
