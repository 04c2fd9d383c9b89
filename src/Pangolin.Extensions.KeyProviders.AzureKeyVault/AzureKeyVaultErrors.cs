using System.Globalization;
using Azure;
using Azure.Identity;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault;

/// <summary>Turns Azure SDK failures into <see cref="KeyProviderException"/>s that say what to fix and carry no secret.</summary>
internal static class AzureKeyVaultErrors
{
    private const int MaxMessage = 400;

    public static KeyProviderException From(RequestFailedException exception, Uri vault, AzureSecretReference secret)
    {
        var code = string.IsNullOrEmpty(exception.ErrorCode) ? string.Empty : " " + exception.ErrorCode;
        var status = exception.Status.ToString(CultureInfo.InvariantCulture);
        return exception.Status switch
        {
            404 => new KeyProviderException($"Azure Key Vault {vault} has no {secret} (404{code}).", exception) { NotFound = true },
            401 => new KeyProviderException(
                $"Azure Key Vault {vault} rejected the credential (401{code}) while reading {secret}: the token was not accepted. "
                + "Check the tenant and client of the credential, and that it targets this vault's cloud.",
                exception),
            403 => new KeyProviderException(
                $"Azure Key Vault {vault} denied access to {secret} (403{code}): the identity needs the 'Key Vault Secrets User' role "
                + "on the vault (Azure RBAC) or the 'get' secret permission in its access policy; a disabled secret is refused too.",
                exception),
            0 => new KeyProviderException($"Could not reach Azure Key Vault {vault} while reading {secret}: {FirstLine(exception.InnerException?.Message ?? exception.Message)}", exception),
            429 => new KeyProviderException($"Azure Key Vault {vault} throttled the request for {secret} (429{code}) after the SDK's retries.", exception),
            _ => new KeyProviderException($"Azure Key Vault {vault} answered {status}{code} while reading {secret}.", exception),
        };
    }

    public static KeyProviderException From(AuthenticationFailedException exception, Uri vault, string credential) =>
        new($"Could not get a token for Azure Key Vault {vault} from {credential}: {FirstLine(exception.Message)}", exception);

    public static KeyProviderException ChallengeMismatch(InvalidOperationException exception, Uri vault) =>
        new($"Azure Key Vault {vault}: the authentication challenge names a resource that does not match the vault's host "
            + "(set DisableChallengeResourceVerification only for test endpoints or private/sovereign setups that need it). "
            + FirstLine(exception.Message), exception);

    private static string FirstLine(string message)
    {
        var line = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        return line.Length > MaxMessage ? line[..MaxMessage] + "…" : line;
    }
}
