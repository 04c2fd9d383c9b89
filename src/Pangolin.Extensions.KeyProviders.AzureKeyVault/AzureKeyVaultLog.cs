using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault;

/// <summary>The provider's log messages (event ids 4201–4299). None carries a secret value, token or client secret.</summary>
internal static partial class AzureKeyVaultLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information,
        Message = "Azure Key Vault key provider {Provider} reads {VaultUri} with {Credential}.")]
    public static partial void Created(ILogger logger, string provider, Uri vaultUri, string credential);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug,
        Message = "Azure Key Vault key provider {Provider} read secret {Name} version {Version}.")]
    public static partial void Read(ILogger logger, string provider, string name, string? version);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning,
        Message = "Azure Key Vault key provider {Provider} does not verify the authentication challenge's resource (DisableChallengeResourceVerification).")]
    public static partial void ChallengeVerificationDisabled(ILogger logger, string provider);
}
