using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>The provider's log messages (event ids 4101–4199). None carries a token, secret id, JWT or key.</summary>
internal static partial class VaultLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Vault key provider {Provider} logged in to {Address} with {Method} (mount {Mount}); token lease {LeaseSeconds} s, renewable {Renewable}.")]
    public static partial void LoggedIn(ILogger logger, string provider, Uri address, HashiCorpVaultAuthMethod method, string mount, long leaseSeconds, bool renewable);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug,
        Message = "Vault key provider {Provider} uses a configured token; lookup-self reports a TTL of {TtlSeconds} s, renewable {Renewable}.")]
    public static partial void TokenLookedUp(ILogger logger, string provider, long ttlSeconds, bool renewable);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug,
        Message = "Vault key provider {Provider} could not look up its token (HTTP {Status}); its lifetime is not tracked.")]
    public static partial void TokenLookupFailed(ILogger logger, string provider, int status);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug,
        Message = "Vault key provider {Provider} renewed its token; lease {LeaseSeconds} s.")]
    public static partial void Renewed(ILogger logger, string provider, long leaseSeconds);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning,
        Message = "Vault key provider {Provider} could not renew its token ({Reason}); {Next}.")]
    public static partial void RenewFailed(ILogger logger, string provider, string reason, string next);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning,
        Message = "Vault key provider {Provider} was denied (403) reading {Location}; authenticating again once.")]
    public static partial void Reauthenticating(ILogger logger, string provider, string location);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning,
        Message = "Vault key provider {Provider} does NOT verify the TLS certificate of {Address} (SkipTlsVerify): anyone on the network path can impersonate Vault and receive its token. Use CaCertificatePath instead.")]
    public static partial void TlsVerificationDisabled(ILogger logger, string provider, Uri address);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning,
        Message = "Vault key provider {Provider} talks to {Address} over plain http: the token and keys travel unencrypted.")]
    public static partial void PlainHttp(ILogger logger, string provider, Uri address);
}
