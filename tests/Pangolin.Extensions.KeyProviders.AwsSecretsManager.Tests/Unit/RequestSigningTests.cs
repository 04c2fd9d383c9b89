using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Fakes;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Unit;

public class RequestSigningTests
{
    private static readonly string Key = FernetKey.Generate().Export();

    [Fact]
    public async Task Sends_a_signed_GetSecretValue_over_the_json_protocol()
    {
        var handler = new FakeHttpHandler().RespondSecret(Key);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 34, 56, TimeSpan.Zero));
        var provider = TestProviders.Create(handler, time);

        var key = await provider.GetKeyAsync(TestProviders.Request("aws:prod/db-keys"), CancellationToken.None);

        Assert.Equal(Key, key);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("https://secretsmanager.eu-west-1.amazonaws.com/"), request.Uri);
        Assert.Equal("secretsmanager.GetSecretValue", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal("20260301T123456Z", request.Headers["X-Amz-Date"]);
        Assert.StartsWith(
            $"AWS4-HMAC-SHA256 Credential={TestProviders.AccessKeyId}/20260301/eu-west-1/secretsmanager/aws4_request, SignedHeaders=",
            request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("x-amz-target", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("content-type", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("X-Amz-Security-Token"));
        Assert.DoesNotContain(TestProviders.SecretAccessKey, string.Join("\n", request.Headers.Values), StringComparison.Ordinal);

        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("prod/db-keys", body.RootElement.GetProperty("SecretId").GetString());
        Assert.False(body.RootElement.TryGetProperty("VersionStage", out _));
        Assert.False(body.RootElement.TryGetProperty("VersionId", out _));
    }

    [Fact]
    public async Task Sends_the_version_selection_and_the_session_token()
    {
        var handler = new FakeHttpHandler().RespondSecret(Key);
        var provider = TestProviders.Create(handler, configure: o => o.SessionToken = TestProviders.SessionToken);

        await provider.GetKeyAsync(TestProviders.Request("aws:db?stage=AWSPREVIOUS&version=v-7"), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(TestProviders.SessionToken, request.Headers["X-Amz-Security-Token"]);
        Assert.Contains("x-amz-security-token", request.Headers["Authorization"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("db", body.RootElement.GetProperty("SecretId").GetString());
        Assert.Equal("AWSPREVIOUS", body.RootElement.GetProperty("VersionStage").GetString());
        Assert.Equal("v-7", body.RootElement.GetProperty("VersionId").GetString());
    }

    [Fact]
    public async Task Uses_the_service_url_and_the_named_http_client()
    {
        var handler = new FakeHttpHandler().RespondSecret(Key);
        var factory = new FakeHttpClientFactory(handler);
        var provider = new AwsSecretsManagerKeyProvider(
            "aws", TestProviders.Options(o => o.ServiceUrl = new Uri("http://127.0.0.1:4566")), factory);

        await provider.GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None);

        Assert.Equal(new Uri("http://127.0.0.1:4566/"), Assert.Single(handler.Requests).Uri);
        Assert.Equal(AwsSecretsManagerKeyProvider.HttpClientName, Assert.Single(factory.Names));
    }
}
