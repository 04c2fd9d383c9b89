using System.Net;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Fakes;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Unit;

public class ErrorMappingTests
{
    private static async Task<(KeyProviderException Error, FakeHttpHandler Handler)> FailAsync(FakeHttpHandler handler, string reference = "aws:prod/db#key")
    {
        var provider = TestProviders.Create(handler);
        var ex = await Assert.ThrowsAsync<KeyProviderException>(async () => await provider.GetKeyAsync(TestProviders.Request(reference), CancellationToken.None));
        Assert.DoesNotContain(TestProviders.SecretAccessKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestProviders.AccessKeyId, ex.ToString(), StringComparison.Ordinal);
        return (ex, handler);
    }

    [Fact]
    public async Task ResourceNotFound_is_not_found_and_names_the_secret_and_provider()
    {
        var (ex, handler) = await FailAsync(new FakeHttpHandler().RespondError(HttpStatusCode.BadRequest, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."));

        Assert.True(ex.NotFound);
        Assert.Contains("key provider 'aws', secret 'prod/db'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found in region eu-west-1", ex.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ResourceNotFound_for_a_version_says_so()
    {
        var (ex, _) = await FailAsync(new FakeHttpHandler().RespondError(HttpStatusCode.BadRequest, "ResourceNotFoundException"), "aws:db#key?stage=AWSPREVIOUS");

        Assert.True(ex.NotFound);
        Assert.Contains("(AWSPREVIOUS)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("requested version does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_namespaced_type_and_the_error_type_header_are_understood()
    {
        var (ex1, _) = await FailAsync(new FakeHttpHandler().RespondError(HttpStatusCode.BadRequest, "com.amazonaws.secretsmanager#ResourceNotFoundException"));
        var (ex2, _) = await FailAsync(new FakeHttpHandler().Respond(HttpStatusCode.BadRequest, "", ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.secretsmanager/")));

        Assert.True(ex1.NotFound);
        Assert.True(ex2.NotFound);
    }

    [Fact]
    public async Task AccessDenied_explains_the_iam_permissions()
    {
        var (ex, _) = await FailAsync(new FakeHttpHandler().RespondError(HttpStatusCode.BadRequest, "AccessDeniedException", "User: arn:aws:iam::1:user/u is not authorized"));

        Assert.False(ex.NotFound);
        Assert.Contains("access denied", ex.Message, StringComparison.Ordinal);
        Assert.Contains("secretsmanager:GetSecretValue", ex.Message, StringComparison.Ordinal);
        Assert.Contains("kms:Decrypt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the configured AccessKeyId/SecretAccessKey", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UnrecognizedClientException")]
    [InlineData("InvalidSignatureException")]
    [InlineData("SignatureDoesNotMatch")]
    [InlineData("InvalidClientTokenId")]
    public async Task Rejected_credentials_say_so(string code)
    {
        var (ex, handler) = await FailAsync(new FakeHttpHandler().RespondError(HttpStatusCode.BadRequest, code, "The request signature we calculated does not match"));

        Assert.False(ex.NotFound);
        Assert.Contains("the AWS credentials were rejected", ex.Message, StringComparison.Ordinal);
        Assert.Contains("check the access key and secret", ex.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task An_xml_error_body_as_sent_by_some_front_ends_is_understood()
    {
        const string body = """<?xml version="1.0" encoding="utf-8"?><ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>""";
        var (ex, _) = await FailAsync(new FakeHttpHandler().Respond(HttpStatusCode.Forbidden, body));

        Assert.Contains("the AWS credentials were rejected (SignatureDoesNotMatch)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_errors_carry_the_code_status_and_aws_message()
    {
        var (ex, _) = await FailAsync(new FakeHttpHandler().RespondError(HttpStatusCode.BadRequest, "InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion."));

        Assert.Contains("InvalidRequestException", ex.Message, StringComparison.Ordinal);
        Assert.Contains("marked for deletion", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptionFailure_points_at_kms()
    {
        var (ex, _) = await FailAsync(new FakeHttpHandler().RespondError(HttpStatusCode.BadRequest, "DecryptionFailure"));

        Assert.Contains("kms:Decrypt", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, null, true)]
    [InlineData(500, null, true)]
    [InlineData(503, null, true)]
    [InlineData(400, "ThrottlingException", true)]
    [InlineData(400, "ResourceNotFoundException", false)]
    [InlineData(403, "AccessDeniedException", false)]
    [InlineData(404, null, false)]
    public void Retryable_errors_are_throttling_429_and_5xx(int status, string? code, bool retryable) =>
        Assert.Equal(retryable, new AwsError((HttpStatusCode)status, code, null).IsRetryable);
}
