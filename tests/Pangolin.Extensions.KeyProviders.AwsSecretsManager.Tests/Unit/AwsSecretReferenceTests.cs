using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Unit;

public class AwsSecretReferenceTests
{
    [Theory]
    [InlineData("aws:db-keys", "db-keys", null, null, null)]
    [InlineData("aws:prod/orders/db-keys#encryption_key", "prod/orders/db-keys", "encryption_key", null, null)]
    [InlineData("aws:a+b=c.d@e_f-g#k", "a+b=c.d@e_f-g", "k", null, null)]
    [InlineData("aws:db-keys#key?stage=AWSPREVIOUS", "db-keys", "key", "AWSPREVIOUS", null)]
    [InlineData("aws:db-keys?stage=AWSPREVIOUS#key", "db-keys", "key", "AWSPREVIOUS", null)]
    [InlineData("aws:db-keys?version=0f7a2b1c-1111-2222-3333-444455556666", "db-keys", null, null, "0f7a2b1c-1111-2222-3333-444455556666")]
    [InlineData("aws:db-keys#key?stage=AWSPENDING&version=v-1", "db-keys", "key", "AWSPENDING", "v-1")]
    [InlineData("aws:db-keys#key?VersionStage=AWSPREVIOUS", "db-keys", "key", "AWSPREVIOUS", null)]
    [InlineData("aws:db-keys#key?versionId=abc", "db-keys", "key", null, "abc")]
    [InlineData("AWS:db-keys#key", "db-keys", "key", null, null)]
    public void Parses(string text, string secretId, string? field, string? stage, string? version)
    {
        var reference = AwsSecretReference.Parse(KeyReference.Parse(text));

        Assert.Equal(secretId, reference.SecretId);
        Assert.Equal(field, reference.Field);
        Assert.Equal(stage, reference.VersionStage);
        Assert.Equal(version, reference.VersionId);
    }

    [Fact]
    public void An_arn_keeps_its_colons_in_the_core_path_and_in_the_secret_id()
    {
        var core = KeyReference.Parse("aws:arn:aws:secretsmanager:us-east-1:123:secret:x#k");

        Assert.Equal("aws", core.Provider);
        Assert.Equal("arn:aws:secretsmanager:us-east-1:123:secret:x", core.Path);
        Assert.Equal("k", core.Field);

        var reference = AwsSecretReference.Parse(core);
        Assert.Equal("arn:aws:secretsmanager:us-east-1:123:secret:x", reference.SecretId);
        Assert.Equal("k", reference.Field);
    }

    [Fact]
    public void An_arn_with_a_field_and_a_stage()
    {
        var reference = AwsSecretReference.Parse(KeyReference.Parse("aws:arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf#key?stage=AWSPREVIOUS"));

        Assert.Equal("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf", reference.SecretId);
        Assert.Equal("key", reference.Field);
        Assert.Equal("AWSPREVIOUS", reference.VersionStage);
    }

    [Theory]
    [InlineData("aws:db-keys", "db-keys")]
    [InlineData("aws:db-keys?stage=AWSPREVIOUS#key", "db-keys#key?stage=AWSPREVIOUS")]
    [InlineData("aws:db-keys#key?version=v1&stage=S", "db-keys#key?stage=S&version=v1")]
    public void ToString_is_canonical(string text, string expected) =>
        Assert.Equal(expected, AwsSecretReference.Parse(KeyReference.Parse(text)).ToString());

    [Theory]
    [InlineData("aws:db-keys#key?label=AWSPREVIOUS", "unknown version selector 'label'")]
    [InlineData("aws:db-keys#key?stage=", "needs a value")]
    [InlineData("aws:db-keys#key?stage", "needs a value")]
    [InlineData("aws:db-keys#key?", "empty version selector")]
    [InlineData("aws:db-keys#key?stage=A&stage=B", "gives 'stage' twice")]
    [InlineData("aws:db-keys?stage=A#key?version=B", "two version selectors")]
    [InlineData("aws:db-keys#?stage=A", "empty field")]
    [InlineData("aws:?stage=A", "names no secret")]
    [InlineData("aws:db keys#key", "invalid secret id")]
    public void Rejects_malformed_references_with_a_reason(string text, string reason)
    {
        Assert.False(AwsSecretReference.TryParse(KeyReference.Parse(text), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AwsSecretReference.Parse(KeyReference.Parse(text)));
    }
}
