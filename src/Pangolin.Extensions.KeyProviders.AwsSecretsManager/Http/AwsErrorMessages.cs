using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>Turns AWS error answers into <see cref="KeyProviderException"/>s that say what to fix.</summary>
internal static class AwsErrorMessages
{
    private static readonly HashSet<string> RejectedCredentialCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch", "InvalidClientTokenId",
        "IncompleteSignature", "IncompleteSignatureException", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
        "InvalidAccessKeyId", "AuthFailure", "NotAuthorized",
    };

    private static readonly HashSet<string> ExpiredCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "ExpiredTokenException", "ExpiredToken", "RequestExpired", "TokenRefreshRequired",
    };

    /// <summary>The start of every message: the provider and the secret (with the version asked for).</summary>
    public static string Prefix(string providerName, AwsSecretReference reference) =>
        $"AWS Secrets Manager key provider '{providerName}', secret '{reference.SecretId}' ({reference.VersionDescription})";

    /// <summary>Maps a non-retryable error.</summary>
    public static KeyProviderException ToException(string providerName, AwsSecretReference reference, AwsError error, string region, string credentialSource)
    {
        var prefix = Prefix(providerName, reference);
        var code = error.Code ?? string.Empty;
        var aws = error.Message is null ? string.Empty : $" AWS said: {error.Message}";
        if (code.Equals("ResourceNotFoundException", StringComparison.OrdinalIgnoreCase))
        {
            var what = reference.VersionStage is null && reference.VersionId is null
                ? "the secret does not exist (or is deleted)"
                : "the secret or the requested version does not exist";
            return new KeyProviderException($"{prefix}: not found in region {region}: {what}.{aws}") { NotFound = true };
        }

        if (code.Equals("AccessDeniedException", StringComparison.OrdinalIgnoreCase) || code.Equals("AccessDenied", StringComparison.OrdinalIgnoreCase))
        {
            return new KeyProviderException(
                $"{prefix}: access denied ({code}) for {credentialSource}. The identity needs 'secretsmanager:GetSecretValue' on the secret's ARN, "
                + $"and 'kms:Decrypt' on its KMS key when the secret is encrypted with a customer managed key.{aws}");
        }

        if (RejectedCredentialCodes.Contains(code))
        {
            // AWS's own wording for these can quote the string to sign; it adds nothing the user can act on.
            return new KeyProviderException(
                $"{prefix}: the AWS credentials were rejected ({code}): check the access key and secret of {credentialSource} "
                + "(and that the clock is correct and the Region matches the endpoint).");
        }

        if (ExpiredCodes.Contains(code))
        {
            return new KeyProviderException(
                $"{prefix}: the AWS credentials or request have expired ({code}): refresh the session credentials of {credentialSource}, "
                + "and check the machine's clock.");
        }

        if (code.Equals("DecryptionFailure", StringComparison.OrdinalIgnoreCase))
        {
            return new KeyProviderException(
                $"{prefix}: Secrets Manager could not decrypt the secret with its KMS key (DecryptionFailure): the identity needs 'kms:Decrypt' "
                + $"on that key, and the key must be enabled.{aws}");
        }

        if (code.Equals("InvalidRequestException", StringComparison.OrdinalIgnoreCase) || code.Equals("InvalidParameterException", StringComparison.OrdinalIgnoreCase))
        {
            return new KeyProviderException($"{prefix}: AWS refused the request ({code}); a secret scheduled for deletion cannot be read.{aws}");
        }

        return new KeyProviderException($"{prefix}: AWS Secrets Manager answered {error.Describe()}.{aws}");
    }
}
