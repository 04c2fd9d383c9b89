using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>
/// Calls Secrets Manager's <c>GetSecretValue</c> over its JSON protocol (<c>POST /</c>,
/// <c>X-Amz-Target: secretsmanager.GetSecretValue</c>, <c>application/x-amz-json-1.1</c>), signed with SigV4 by
/// AWSSDK.Core, through a named <see cref="HttpClient"/>. Throttling, 429, 5xx, time-outs and network failures are
/// retried with exponential backoff and jitter.
/// </summary>
internal sealed class SecretsManagerClient
{
    internal const string Target = "secretsmanager.GetSecretValue";
    internal const string ContentType = "application/x-amz-json-1.1";

    private readonly string _providerName;
    private readonly AwsEndpointSettings _settings;
    private readonly AwsSecretsManagerKeyProviderOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;

    public SecretsManagerClient(
        string providerName,
        AwsEndpointSettings settings,
        AwsSecretsManagerKeyProviderOptions options,
        IHttpClientFactory httpClientFactory,
        ILogger logger,
        TimeProvider time,
        Func<double>? random = null)
    {
        _providerName = providerName;
        _settings = settings;
        _options = options;
        _httpClientFactory = httpClientFactory;
        _logger = logger;
        _time = time;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Fetches a secret value.</summary>
    /// <param name="reference">The secret and version.</param>
    /// <param name="cancellationToken">Cancels the fetch, including waits between retries.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyProviderException">AWS refused or failed; the message names the secret and the provider.</exception>
    public async Task<SecretValue> GetSecretValueAsync(AwsSecretReference reference, CancellationToken cancellationToken)
    {
        var (region, endpoint) = _settings.Target;
        var body = CreateBody(reference);
        var http = _httpClientFactory.CreateClient(AwsSecretsManagerKeyProvider.HttpClientName);
        var started = _time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var credentials = await _settings.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            using var request = await CreateSignedRequestAsync(endpoint, region, credentials, body, cancellationToken).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(_options.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            string failure;
            Exception? cause = null;
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    if (!SecretValue.TryParse(text, out var value))
                    {
                        throw new KeyProviderException(
                            $"{Prefix(reference)}: AWS Secrets Manager at {endpoint} answered HTTP {(int)response.StatusCode} with a body that is not a GetSecretValue result.");
                    }

                    var elapsed = _time.GetElapsedTime(started);
                    Log.SecretFetched(_logger, _providerName, reference.SecretId, reference.VersionDescription, value.VersionId, attempt + 1, elapsed.TotalMilliseconds);
                    return value;
                }

                var error = AwsError.Parse(response, text);
                failure = error.Describe();
                if (!error.IsRetryable)
                {
                    Log.SecretFetchFailed(_logger, _providerName, reference.SecretId, reference.VersionDescription, attempt + 1, failure);
                    throw AwsErrorMessages.ToException(_providerName, reference, error, region.SystemName, _settings.CredentialSource);
                }

                if (attempt >= _options.MaxRetries)
                {
                    Log.SecretFetchFailed(_logger, _providerName, reference.SecretId, reference.VersionDescription, attempt + 1, failure);
                    throw new KeyProviderException(
                        $"{Prefix(reference)}: AWS Secrets Manager kept failing ({failure}) after {attempt + 1} attempt(s)"
                        + (error.Message is null ? "." : $": {error.Message}"));
                }
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"{ex.GetType().Name}: {ex.Message}";
                cause = ex;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                failure = $"no answer within {_options.Timeout}";
                cause = ex;
            }

            if (cause is not null && attempt >= _options.MaxRetries)
            {
                Log.SecretFetchFailed(_logger, _providerName, reference.SecretId, reference.VersionDescription, attempt + 1, failure);
                throw new KeyProviderException(
                    $"{Prefix(reference)}: AWS Secrets Manager at {endpoint} could not be reached ({failure}) after {attempt + 1} attempt(s).", cause);
            }

            var delay = RetryBackoff.Delay(attempt, _random());
            Log.Retrying(_logger, _providerName, reference.SecretId, attempt + 1, failure, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Prefix(AwsSecretReference reference) => AwsErrorMessages.Prefix(_providerName, reference);

    private static byte[] CreateBody(AwsSecretReference reference)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("SecretId", reference.SecretId);
            if (reference.VersionId is not null)
            {
                json.WriteString("VersionId", reference.VersionId);
            }

            if (reference.VersionStage is not null)
            {
                json.WriteString("VersionStage", reference.VersionStage);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task<HttpRequestMessage> CreateSignedRequestAsync(
        Uri endpoint, Amazon.RegionEndpoint region, Amazon.Runtime.AWSCredentials credentials, byte[] body, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = endpoint, Content = body };
        signing.Headers["Content-Type"] = ContentType;
        signing.Headers["X-Amz-Target"] = Target;
        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = region,
            Service = AwsEndpointSettings.SigningService,
            SignedAt = _time.GetUtcNow().UtcDateTime,
        };

        AWSSigningResult signed;
        try
        {
            signed = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (Amazon.Runtime.AmazonClientException ex)
        {
            // Refreshing credentials (assume role, SSO, instance role) are resolved while signing.
            throw new KeyProviderException(
                $"AWS Secrets Manager key provider '{_providerName}' could not get AWS credentials from {_settings.CredentialSource}: {ex.Message}", ex);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Version = new Version(1, 1) };
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", Target);
        foreach (var (name, value) in signed.Headers)
        {
            // Authorization, X-Amz-Date, X-Amz-Content-SHA256 and X-Amz-Security-Token; content headers are already set.
            if (!name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
