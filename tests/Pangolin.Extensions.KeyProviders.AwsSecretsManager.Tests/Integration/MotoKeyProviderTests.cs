using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Moto;
using Pangolin.Extensions.Keys;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Integration;

/// <summary>The provider against moto_server, which recomputes and checks every SigV4 signature.</summary>
[Trait(TestCategories.Category, TestCategories.Integration)]
public class MotoKeyProviderTests
{
    private readonly FakeLogger<AwsSecretsManagerKeyProvider> _logger = new();

    private static KeyRequest Request(string reference) => new(KeyReference.Parse(reference), "orders");

    private string[] Secrets(params string[] values) => [.. values, TestServers.AwsSecretAccessKey];

    private async Task<KeyProviderException> FailAsync(AwsSecretsManagerKeyProvider provider, string reference, params string[] secrets)
    {
        var ex = await Assert.ThrowsAsync<KeyProviderException>(async () => await provider.GetKeyAsync(Request(reference), CancellationToken.None));
        SecretLeaks.AssertAbsent(ex, Secrets(secrets));
        SecretLeaks.AssertAbsent(_logger.Collector, Secrets(secrets));
        return ex;
    }

    [Fact]
    public async Task The_whole_SecretString_is_the_key()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("whole");
        await MotoAws.CreateSecretAsync(name, key);

        Assert.Equal(key, await MotoAws.Provider(_logger).GetKeyAsync(Request($"aws:{name}"), CancellationToken.None));

        var fetched = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3101);
        Assert.Contains(name, fetched.Message, StringComparison.Ordinal);
        Assert.Contains("(AWSCURRENT", fetched.Message, StringComparison.Ordinal);
        SecretLeaks.AssertAbsent(_logger.Collector, Secrets(key));
    }

    [Fact]
    public async Task A_field_of_a_json_secret_is_the_key()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("field");
        await MotoAws.CreateSecretAsync(name, $$"""{"username":"svc","password":"pw-value-1","encryption_key":"{{key}}"}""");

        Assert.Equal(key, await MotoAws.Provider(_logger).GetKeyAsync(Request($"aws:{name}#encryption_key"), CancellationToken.None));
        SecretLeaks.AssertAbsent(_logger.Collector, Secrets(key, "pw-value-1"));
    }

    [Fact]
    public async Task A_missing_field_is_not_found_naming_the_field_and_the_available_names_only()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("nofield");
        await MotoAws.CreateSecretAsync(name, $$"""{"password":"pw-value-2","encryption_key":"{{key}}"}""");

        var ex = await FailAsync(MotoAws.Provider(_logger), $"aws:{name}#fernet_key", key, "pw-value-2");

        Assert.True(ex.NotFound);
        Assert.Contains($"secret '{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no field 'fernet_key'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'encryption_key', 'password'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_secret_is_not_found()
    {
        var name = MotoAws.UniqueName("missing");

        var ex = await FailAsync(MotoAws.Provider(_logger), $"aws:{name}#key");

        Assert.True(ex.NotFound);
        Assert.Contains($"key provider 'aws', secret '{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found in region", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_access_key_is_rejected_credentials_not_not_found()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("badsig");
        await MotoAws.CreateSecretAsync(name, key);
        var wrongSecret = "WrongSecret/" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

        var ex = await FailAsync(MotoAws.Provider(_logger, o => o.SecretAccessKey = wrongSecret), $"aws:{name}", key, wrongSecret);

        Assert.False(ex.NotFound);
        Assert.Contains("the AWS credentials were rejected (SignatureDoesNotMatch)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("check the access key and secret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestServers.AwsAccessKeyId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_access_key_is_rejected_credentials()
    {
        var name = MotoAws.UniqueName("badkey");
        await MotoAws.CreateSecretAsync(name, FernetKey.Generate().Export());

        var ex = await FailAsync(MotoAws.Provider(_logger, o => o.AccessKeyId = "AKIAPANGOLINUNKNOWN1"), $"aws:{name}");

        Assert.False(ex.NotFound);
        Assert.Contains("the AWS credentials were rejected (InvalidClientTokenId)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identity_without_permission_gets_access_denied_with_the_iam_action()
    {
        var name = MotoAws.UniqueName("denied");
        await MotoAws.CreateSecretAsync(name, FernetKey.Generate().Export());
        var (accessKeyId, secretAccessKey) = await MotoAws.CreateUserWithoutPermissionsAsync();

        var ex = await FailAsync(
            MotoAws.Provider(_logger, o => { o.AccessKeyId = accessKeyId; o.SecretAccessKey = secretAccessKey; }), $"aws:{name}", secretAccessKey);

        Assert.False(ex.NotFound);
        Assert.Contains("access denied (AccessDenied)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("secretsmanager:GetSecretValue", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temporary_credentials_with_a_session_token_are_signed_correctly()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("session");
        await MotoAws.CreateSecretAsync(name, key);
        var (accessKeyId, secretAccessKey, sessionToken) = await MotoAws.AssumeNewRoleAsync();

        var provider = MotoAws.Provider(_logger, o => { o.AccessKeyId = accessKeyId; o.SecretAccessKey = secretAccessKey; o.SessionToken = sessionToken; });
        Assert.Equal(key, await provider.GetKeyAsync(Request($"aws:{name}"), CancellationToken.None));

        var forged = MotoAws.Provider(_logger, o => { o.AccessKeyId = accessKeyId; o.SecretAccessKey = secretAccessKey; o.SessionToken = "forged-token"; });
        var ex = await FailAsync(forged, $"aws:{name}", key, secretAccessKey, sessionToken);
        Assert.Contains("the AWS credentials were rejected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_stage_and_version_id_select_older_values()
    {
        var oldKey = FernetKey.Generate().Export();
        var newKey = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("rotated");
        var (_, firstVersion) = await MotoAws.CreateSecretAsync(name, $$"""{"key":"{{oldKey}}"}""");
        await MotoAws.PutSecretValueAsync(name, $$"""{"key":"{{newKey}}"}""");
        var provider = MotoAws.Provider(_logger);

        Assert.Equal(newKey, await provider.GetKeyAsync(Request($"aws:{name}#key"), CancellationToken.None));
        Assert.Equal(newKey, await provider.GetKeyAsync(Request($"aws:{name}#key?stage=AWSCURRENT"), CancellationToken.None));
        Assert.Equal(oldKey, await provider.GetKeyAsync(Request($"aws:{name}#key?stage=AWSPREVIOUS"), CancellationToken.None));
        Assert.Equal(oldKey, await provider.GetKeyAsync(Request($"aws:{name}?version={firstVersion}#key"), CancellationToken.None));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3101 && r.Message.Contains("(AWSPREVIOUS", StringComparison.Ordinal) && r.Message.Contains(firstVersion, StringComparison.Ordinal));

        var ex = await FailAsync(provider, $"aws:{name}#key?stage=AWSPENDING", oldKey, newKey);
        Assert.True(ex.NotFound);
        Assert.Contains("(AWSPENDING)", ex.Message, StringComparison.Ordinal);
        SecretLeaks.AssertAbsent(_logger.Collector, Secrets(oldKey, newKey));
    }

    [Fact]
    public async Task A_binary_secret_of_32_raw_bytes_becomes_the_fernet_key_text()
    {
        var key = FernetKey.Generate();
        var raw = Convert.FromBase64String(key.Export().Replace('-', '+').Replace('_', '/'));
        var name = MotoAws.UniqueName("binary");
        await MotoAws.CreateSecretAsync(name, secretBinary: raw);

        var text = await MotoAws.Provider(_logger).GetKeyAsync(Request($"aws:{name}"), CancellationToken.None);

        Assert.Equal(key.Export(), text);
        Assert.Equal(key, FernetKey.Parse(text));
    }

    [Fact]
    public async Task A_binary_secret_holding_the_key_text_is_used_as_text()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("binarytext");
        await MotoAws.CreateSecretAsync(name, secretBinary: System.Text.Encoding.UTF8.GetBytes(key));

        Assert.Equal(key, await MotoAws.Provider(_logger).GetKeyAsync(Request($"aws:{name}"), CancellationToken.None));
    }

    [Fact]
    public async Task A_secret_arn_works_as_the_secret_id()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("arn");
        var (arn, _) = await MotoAws.CreateSecretAsync(name, $$"""{"k":"{{key}}"}""");
        Assert.StartsWith("arn:aws:secretsmanager:", arn, StringComparison.Ordinal);

        Assert.Equal(key, await MotoAws.Provider(_logger).GetKeyAsync(Request($"aws:{arn}#k"), CancellationToken.None));
    }

    [Fact]
    public async Task A_field_of_a_plain_text_secret_is_a_clear_error_without_the_value()
    {
        var key = FernetKey.Generate().Export();
        var name = MotoAws.UniqueName("plain");
        await MotoAws.CreateSecretAsync(name, key);

        var ex = await FailAsync(MotoAws.Provider(_logger), $"aws:{name}#key", key);

        Assert.False(ex.NotFound);
        Assert.Contains("the secret value is not JSON", ex.Message, StringComparison.Ordinal);
    }
}
