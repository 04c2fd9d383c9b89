using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>
/// Where to send requests and with which identity: region, endpoint and credentials, resolved from the options
/// first and then from the standard AWS environment variables, shared config files and the default credential chain.
/// </summary>
internal sealed class AwsEndpointSettings
{
    internal const string SigningService = "secretsmanager";

    private readonly string _providerName;
    private readonly AwsSecretsManagerKeyProviderOptions _options;
    private readonly Func<string, string?> _environment;
    private readonly Lazy<AWSCredentials?> _explicitCredentials;
    private AWSCredentials? _profileCredentials;
    private (RegionEndpoint Region, Uri Endpoint)? _target;

    public AwsEndpointSettings(string providerName, AwsSecretsManagerKeyProviderOptions options, Func<string, string?>? environment = null)
    {
        _providerName = providerName;
        _options = options;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _explicitCredentials = new Lazy<AWSCredentials?>(CreateExplicitCredentials);
    }

    /// <summary>Where the credentials come from, for messages (never the credentials themselves).</summary>
    public string CredentialSource =>
        !string.IsNullOrEmpty(_options.AccessKeyId) ? "the configured AccessKeyId/SecretAccessKey"
        : !string.IsNullOrEmpty(_options.Profile) ? $"the AWS profile '{_options.Profile}'"
        : "the AWS default credential chain";

    /// <summary>The signing region and the endpoint to POST to.</summary>
    /// <exception cref="KeyProviderException">No region is configured, or an endpoint variable is malformed.</exception>
    public (RegionEndpoint Region, Uri Endpoint) Target => _target ??= ResolveTarget();

    /// <summary>Resolves the credentials to sign with.</summary>
    /// <param name="cancellationToken">Cancels waiting for the default chain.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="KeyProviderException">No credentials could be found.</exception>
    public async ValueTask<AWSCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (_explicitCredentials.Value is { } explicitCredentials)
        {
            return explicitCredentials;
        }

        if (!string.IsNullOrEmpty(_options.Profile))
        {
            if (_profileCredentials is { } cached)
            {
                return cached;
            }

            if (new CredentialProfileStoreChain().TryGetAWSCredentials(_options.Profile, out var fromProfile))
            {
                return _profileCredentials = fromProfile;
            }

            throw new KeyProviderException(
                $"AWS Secrets Manager key provider '{_providerName}': the AWS profile '{_options.Profile}' was not found or has no usable credentials "
                + "in the shared credentials and config files (~/.aws/credentials, ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE).");
        }

        try
        {
            // The SDK caches the chain's result and notices changed environment variables and files.
            return await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            throw new KeyProviderException(
                $"AWS Secrets Manager key provider '{_providerName}' found no AWS credentials: set AccessKeyId and SecretAccessKey or Profile in its "
                + "settings, or provide credentials the usual AWS way (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity, "
                + $"container or instance role). {ex.Message}",
                ex);
        }
    }

    private AWSCredentials? CreateExplicitCredentials()
    {
        if (string.IsNullOrEmpty(_options.AccessKeyId) || string.IsNullOrEmpty(_options.SecretAccessKey))
        {
            return null;
        }

        return string.IsNullOrEmpty(_options.SessionToken)
            ? new BasicAWSCredentials(_options.AccessKeyId, _options.SecretAccessKey)
            : new SessionAWSCredentials(_options.AccessKeyId, _options.SecretAccessKey, _options.SessionToken);
    }

    private (RegionEndpoint Region, Uri Endpoint) ResolveTarget()
    {
        var regionName = FirstNonEmpty(_options.Region, _environment("AWS_REGION"), _environment("AWS_DEFAULT_REGION")) ?? ProfileRegion();
        if (regionName is null)
        {
            throw new KeyProviderException(
                $"AWS Secrets Manager key provider '{_providerName}' has no region: set Region in its settings, or AWS_REGION / "
                + "AWS_DEFAULT_REGION, or a region in the AWS profile.");
        }

        var region = RegionEndpoint.GetBySystemName(regionName.Trim());
        return (region, ResolveEndpoint(region.SystemName));
    }

    private Uri ResolveEndpoint(string region)
    {
        if (_options.ServiceUrl is { } configured)
        {
            return configured;
        }

        if (!string.Equals(_environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var variable in new[] { "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL" })
            {
                if (_environment(variable) is { Length: > 0 } text)
                {
                    return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                        ? uri
                        : throw new KeyProviderException(
                            $"AWS Secrets Manager key provider '{_providerName}': the environment variable {variable} is not an absolute http or https URL.");
                }
            }
        }

        var domain = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://secretsmanager.{region}.{domain}/", UriKind.Absolute);
    }

    private string? ProfileRegion()
    {
        var profile = FirstNonEmpty(_options.Profile, _environment("AWS_PROFILE")) ?? "default";
        try
        {
            return new CredentialProfileStoreChain().TryGetProfile(profile, out var found) ? found.Region?.SystemName : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or AmazonClientException)
        {
            return null;
        }
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
