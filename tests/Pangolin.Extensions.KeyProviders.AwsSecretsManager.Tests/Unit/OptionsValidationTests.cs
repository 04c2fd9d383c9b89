using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Fakes;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Unit;

public class OptionsValidationTests
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+VALIDATIONSECRET";

    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Pangolin:KeyProviders:aws:" + v.Key, v.Value)))
            .Build()
            .GetSection("Pangolin:KeyProviders:aws");

    private static List<string> Validate(params (string Key, string Value)[] values) =>
        new AwsSecretsManagerKeyProviderFactory().Validate(Section(values)).ToList();

    [Fact]
    public void Empty_settings_are_valid_they_mean_the_default_chain() =>
        Assert.Empty(Validate(("Type", "AwsSecretsManager")));

    [Fact]
    public void Full_settings_are_valid() =>
        Assert.Empty(Validate(
            ("Type", "AwsSecretsManager"), ("Region", "eu-west-1"), ("ServiceUrl", "http://127.0.0.1:4566"), ("AccessKeyId", "AKIA1"),
            ("SecretAccessKey", SecretKey), ("SessionToken", "tok"), ("Timeout", "00:00:10"), ("MaxRetries", "5")));

    [Theory]
    [InlineData("ServiceUrl", "not a url", "ServiceUrl 'not a url' is not an absolute http or https URL")]
    [InlineData("ServiceUrl", "ftp://example.com", "ServiceUrl 'ftp://example.com' is not an absolute http or https URL")]
    [InlineData("ServiceUrl", "http://localhost:4566/?x=1", "ServiceUrl 'http://localhost:4566/' must not have a query")]
    [InlineData("Timeout", "-00:00:01", "Timeout must be positive")]
    [InlineData("Timeout", "soon", "Timeout 'soon' is not a time span")]
    [InlineData("MaxRetries", "-1", "MaxRetries must be between 0 and 10")]
    [InlineData("MaxRetries", "many", "MaxRetries 'many' is not a whole number")]
    [InlineData("Region", "Ireland", "Region 'Ireland' is not an AWS region name")]
    [InlineData("AccessKeyId", "AKIA1", "SecretAccessKey is required when AccessKeyId is set")]
    [InlineData("SecretAccessKey", SecretKey, "AccessKeyId is required when SecretAccessKey is set")]
    [InlineData("SessionToken", "tok", "SessionToken needs AccessKeyId and SecretAccessKey")]
    public void Problems_name_the_setting(string key, string value, string expected)
    {
        var problem = Assert.Single(Validate((key, value)));

        Assert.StartsWith(key == "SecretAccessKey" ? "AccessKeyId" : key == "SessionToken" ? "SessionToken" : key == "AccessKeyId" ? "SecretAccessKey" : key, problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_in_the_service_url_are_not_repeated()
    {
        var problem = Assert.Single(Validate(("ServiceUrl", "http://user:" + "pw-secret@localhost:4566")));

        Assert.Contains("must not carry credentials", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-secret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_and_explicit_keys_do_not_mix() =>
        Assert.Contains(Validate(("Profile", "dev"), ("AccessKeyId", "AKIA1"), ("SecretAccessKey", SecretKey)), p => p.StartsWith("Profile cannot be combined", StringComparison.Ordinal));

    [Fact]
    public void Start_up_validation_names_the_config_path()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = "http://localhost:8080",
            ["Pangolin:KeyProviders:aws:Type"] = "AwsSecretsManager",
            ["Pangolin:KeyProviders:aws:ServiceUrl"] = "not a url",
            ["Pangolin:KeyProviders:aws:Timeout"] = "-00:00:05",
            ["Pangolin:KeyProviders:aws:AccessKeyId"] = "AKIA1",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPangolinConnections(configuration).AddAwsSecretsManagerKeyProviders();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PangolinOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.StartsWith("Pangolin:KeyProviders:aws:ServiceUrl", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Failures, f => f.Contains("Pangolin:KeyProviders:aws:Timeout", StringComparison.Ordinal)); // conversion problems come first
    }

    [Fact]
    public void Start_up_validation_reports_every_bound_problem_with_its_path()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = "http://localhost:8080",
            ["Pangolin:KeyProviders:aws:Type"] = "AwsSecretsManager",
            ["Pangolin:KeyProviders:aws:Timeout"] = "-00:00:05",
            ["Pangolin:KeyProviders:aws:SecretAccessKey"] = SecretKey,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPangolinConnections(configuration).AddAwsSecretsManagerKeyProviders();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PangolinOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.StartsWith("Pangolin:KeyProviders:aws:Timeout must be positive", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Pangolin:KeyProviders:aws:AccessKeyId is required", StringComparison.Ordinal));
        Assert.DoesNotContain(SecretKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_registration_the_type_is_unknown()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = "http://localhost:8080",
            ["Pangolin:KeyProviders:aws:Type"] = "AwsSecretsManager",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPangolinConnections(configuration);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PangolinOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("Pangolin:KeyProviders:aws:Type 'AwsSecretsManager' is not a known key provider type", StringComparison.Ordinal));
    }

    [Fact]
    public void Code_first_options_are_validated_with_the_provider_name()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddPangolinConnections(o => o.Uri = new Uri("http://localhost:8080"))
            .AddAwsSecretsManagerKeyProvider("aws-prod", o => { o.MaxRetries = 99; o.AccessKeyId = "AKIA1"; });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<AwsSecretsManagerKeyProviderOptions>>().Get("aws-prod"));
        Assert.Contains(ex.Failures, f => f == "AWS Secrets Manager key provider 'aws-prod': MaxRetries must be between 0 and 10 (got 99).");
        Assert.Contains(ex.Failures, f => f.Contains("SecretAccessKey is required when AccessKeyId is set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("9aws")]
    [InlineData("aws:prod")]
    public void A_provider_name_must_be_a_reference_scheme(string name)
    {
        var builder = new ServiceCollection().AddPangolinConnections(o => o.Uri = new Uri("http://localhost:8080"));

        Assert.ThrowsAny<ArgumentException>(() => builder.AddAwsSecretsManagerKeyProvider(name));
    }

    [Fact]
    public void The_constructor_refuses_invalid_options_naming_them() =>
        Assert.Contains("Timeout must be positive", Assert.Throws<ArgumentException>(() =>
            new AwsSecretsManagerKeyProvider("aws", new AwsSecretsManagerKeyProviderOptions { Timeout = TimeSpan.Zero }, new FakeHttpClientFactory(new FakeHttpHandler()))).Message, StringComparison.Ordinal);

    [Fact]
    public void ToString_hides_secrets()
    {
        var options = TestProviders.Options(o => { o.SessionToken = TestProviders.SessionToken; o.ServiceUrl = new Uri("http://127.0.0.1:4566"); });
        var text = options.ToString() + new AwsSecretsManagerKeyProvider("aws", options, new FakeHttpClientFactory(new FakeHttpHandler()));

        Assert.DoesNotContain(TestProviders.SecretAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestProviders.SessionToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestProviders.AccessKeyId, text, StringComparison.Ordinal);
        Assert.Contains("Region = eu-west-1", text, StringComparison.Ordinal);
        Assert.Contains("SecretAccessKey = ***", text, StringComparison.Ordinal);
    }
}
