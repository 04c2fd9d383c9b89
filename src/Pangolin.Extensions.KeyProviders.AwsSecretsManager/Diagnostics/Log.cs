using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>Log messages of the AWS Secrets Manager key provider (event ids 3100–3199). They never carry secret values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3101, EventName = "AwsSecretFetched", Level = LogLevel.Information,
        Message = "Key provider {Provider} fetched AWS secret {SecretId} ({VersionStage}, version {VersionId}) in {Attempts} attempt(s), {ElapsedMilliseconds:0.#} ms.")]
    public static partial void SecretFetched(ILogger logger, string provider, string secretId, string versionStage, string? versionId, int attempts, double elapsedMilliseconds);

    [LoggerMessage(EventId = 3102, EventName = "AwsSecretFetchRetrying", Level = LogLevel.Warning,
        Message = "Key provider {Provider}: GetSecretValue for {SecretId} failed on attempt {Attempt} ({Failure}); retrying in {DelayMilliseconds:0} ms.")]
    public static partial void Retrying(ILogger logger, string provider, string secretId, int attempt, string failure, double delayMilliseconds);

    [LoggerMessage(EventId = 3103, EventName = "AwsSecretFetchFailed", Level = LogLevel.Warning,
        Message = "Key provider {Provider}: GetSecretValue for {SecretId} ({VersionStage}) failed after {Attempts} attempt(s): {Failure}.")]
    public static partial void SecretFetchFailed(ILogger logger, string provider, string secretId, string versionStage, int attempts, string failure);
}
