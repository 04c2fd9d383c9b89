using System.Net;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Fakes;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Unit;

public class SecretValueTests
{
    private static readonly string Key = FernetKey.Generate().Export();

    private static async Task<string> FetchAsync(FakeHttpHandler handler, string reference) =>
        await TestProviders.Create(handler).GetKeyAsync(TestProviders.Request(reference), CancellationToken.None);

    private static async Task<KeyProviderException> FailAsync(FakeHttpHandler handler, string reference) =>
        await Assert.ThrowsAsync<KeyProviderException>(() => FetchAsync(handler, reference));

    [Fact]
    public async Task The_whole_SecretString_is_the_key() =>
        Assert.Equal(Key, await FetchAsync(new FakeHttpHandler().RespondSecret(Key), "aws:db"));

    [Fact]
    public async Task A_field_of_a_json_SecretString_is_the_key() =>
        Assert.Equal(Key, await FetchAsync(new FakeHttpHandler().RespondSecret($$"""{"username":"u","encryption_key":"{{Key}}"}"""), "aws:db#encryption_key"));

    [Fact]
    public async Task The_last_of_duplicate_fields_wins_as_in_python() =>
        Assert.Equal(Key, await FetchAsync(new FakeHttpHandler().RespondSecret($$"""{"k":"old","k":"{{Key}}"}"""), "aws:db#k"));

    [Fact]
    public async Task A_missing_field_is_not_found_and_lists_field_names_but_no_values()
    {
        var ex = await FailAsync(new FakeHttpHandler().RespondSecret($$"""{"password":"hunter2-value","encryption_key":"{{Key}}"}"""), "aws:db#key");

        Assert.True(ex.NotFound);
        Assert.Contains("no field 'key'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'encryption_key', 'password'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'aws', secret 'db'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-value", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_differing_only_in_case_is_suggested()
    {
        var ex = await FailAsync(new FakeHttpHandler().RespondSecret($$"""{"Key":"{{Key}}"}"""), "aws:db#key");

        Assert.Contains("did you mean 'Key'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_of_a_secret_that_is_not_json_is_a_clear_error_without_the_value()
    {
        var ex = await FailAsync(new FakeHttpHandler().RespondSecret("zz-not-json-" + Key), "aws:db#key");

        Assert.False(ex.NotFound);
        Assert.Contains("not JSON", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("zz-not", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["a"]""", "JSON array, not an object")]
    [InlineData("""{"key": 42}""", "is a JSON number, not a string")]
    [InlineData("""{"key": {"nested": "x"}}""", "is a JSON object, not a string")]
    public async Task A_field_of_the_wrong_shape_is_named(string secret, string expected)
    {
        var ex = await FailAsync(new FakeHttpHandler().RespondSecret(secret), "aws:db#key");

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_object_without_a_field_asks_for_the_field()
    {
        var ex = await FailAsync(new FakeHttpHandler().RespondSecret($$"""{"encryption_key":"{{Key}}"}"""), "aws:db");

        Assert.Contains("name the field", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'encryption_key'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_secret_of_32_bytes_is_exported_as_fernet_key_text()
    {
        var key = FernetKey.Generate();
        var raw = Convert.FromBase64String(key.Export().Replace('-', '+').Replace('_', '/'));

        Assert.Equal(key.Export(), await FetchAsync(new FakeHttpHandler().RespondBinary(raw), "aws:db"));
    }

    [Fact]
    public async Task A_binary_secret_holding_text_is_used_as_text() =>
        Assert.Equal(Key, await FetchAsync(new FakeHttpHandler().RespondBinary(System.Text.Encoding.UTF8.GetBytes(Key)), "aws:db"));

    [Fact]
    public async Task A_binary_secret_holding_json_can_be_read_by_field() =>
        Assert.Equal(Key, await FetchAsync(new FakeHttpHandler().RespondBinary(System.Text.Encoding.UTF8.GetBytes($$"""{"k":"{{Key}}"}""")), "aws:db#k"));

    [Fact]
    public async Task A_binary_secret_that_is_neither_key_bytes_nor_text_is_refused()
    {
        var ex = await FailAsync(new FakeHttpHandler().RespondBinary([0xff, 0xfe, 0x00, 0x80, 0x81]), "aws:db");

        Assert.Contains("5 bytes and not text", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_without_a_value_is_not_found()
    {
        var ex = await FailAsync(new FakeHttpHandler().Respond(HttpStatusCode.OK, """{"Name":"db","VersionId":"v1","VersionStages":[]}"""), "aws:db");

        Assert.True(ex.NotFound);
        Assert.Contains("neither a SecretString nor a SecretBinary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_body_that_is_not_a_result_is_reported_without_the_body()
    {
        var ex = await FailAsync(new FakeHttpHandler().Respond(HttpStatusCode.OK, "<html>" + Key + "</html>"), "aws:db");

        Assert.Contains("not a GetSecretValue result", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_reference_is_a_provider_error()
    {
        var ex = await FailAsync(new FakeHttpHandler(), "aws:db#key?label=x");

        Assert.Contains("key provider 'aws'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown version selector", ex.Message, StringComparison.Ordinal);
    }
}
