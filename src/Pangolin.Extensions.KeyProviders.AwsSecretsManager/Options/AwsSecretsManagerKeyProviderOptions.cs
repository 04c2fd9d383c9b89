namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>
/// Settings of an AWS Secrets Manager key provider, bound from <c>Pangolin:KeyProviders:{name}</c> (with
/// <c>"Type": "AwsSecretsManager"</c>) or set in code. Everything is optional: without settings the provider uses
/// the AWS default credential chain and the region from <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c>.
/// </summary>
public sealed class AwsSecretsManagerKeyProviderOptions
{
    /// <summary>The default <see cref="Timeout"/>: 30 seconds per attempt.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="MaxRetries"/>: 3.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>The largest accepted <see cref="MaxRetries"/>.</summary>
    public const int MaxRetriesLimit = 10;

    /// <summary>
    /// The AWS region, such as <c>eu-west-1</c>. When not set: <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>, then
    /// the region of the <see cref="Profile"/> (or the <c>default</c> profile) in the shared AWS config files.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// Overrides the endpoint, for local emulators (moto, LocalStack) or VPC endpoints, such as
    /// <c>http://localhost:4566</c>. When not set: <c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c>, then <c>AWS_ENDPOINT_URL</c>,
    /// then <c>https://secretsmanager.{region}.amazonaws.com</c>.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>A named profile from the shared AWS credentials and config files, instead of the default chain.</summary>
    public string? Profile { get; set; }

    /// <summary>An explicit access key id (with <see cref="SecretAccessKey"/>), instead of the default chain.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret access key that goes with <see cref="AccessKeyId"/>. Secret: keep it out of appsettings.json in production.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token of temporary credentials, with <see cref="AccessKeyId"/> and <see cref="SecretAccessKey"/>. Secret.</summary>
    public string? SessionToken { get; set; }

    /// <summary>How long one <c>GetSecretValue</c> attempt may take. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// How often a throttled (<c>ThrottlingException</c>, HTTP 429), failed (HTTP 5xx), timed-out or unreachable request
    /// is retried, with exponential backoff and jitter. 0 disables retries. Default 3, at most 10.
    /// </summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>The settings without secrets: the secret access key and session token are shown as <c>***</c>.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"AwsSecretsManagerKeyProviderOptions {{ Region = {Region ?? "(default)"}, ServiceUrl = {ServiceUrl?.ToString() ?? "(default)"}, "
        + $"Profile = {Profile ?? "(none)"}, AccessKeyId = {(string.IsNullOrEmpty(AccessKeyId) ? "(none)" : "***")}, "
        + $"SecretAccessKey = {(string.IsNullOrEmpty(SecretAccessKey) ? "(none)" : "***")}, SessionToken = {(string.IsNullOrEmpty(SessionToken) ? "(none)" : "***")}, "
        + $"Timeout = {Timeout}, MaxRetries = {MaxRetries} }}";
}
