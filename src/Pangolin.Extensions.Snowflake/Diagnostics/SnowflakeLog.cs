using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.Snowflake.Diagnostics;

/// <summary>Log messages of the Snowflake package. Event ids 7001–7099 belong to it. No message carries a secret.</summary>
internal static partial class SnowflakeLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: credential(s) {CredentialNames} are not used by Snowflake.Data and were ignored (allow driver keywords such as authenticator or private_key with AllowedCredentialKeywords).")]
    public static partial void CredentialsIgnored(ILogger logger, string connectionName, IEnumerable<string> credentialNames);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset's connection string names another account than the 'account' credential; the credential wins (as in pypangolin) and the connection string's host is ignored.")]
    public static partial void UrlAccountIgnored(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset's connection string carries a user name or password in clear text; it was ignored. Put them in encrypted credentials.")]
    public static partial void UrlUserInfoIgnored(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Debug,
        Message = "Connection {ConnectionName}: the asset's connection string is not a snowflake:// URL and was ignored, as pypangolin does.")]
    public static partial void ConnectionStringIgnored(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: new resolution of the asset; connections opened from now on go to account {Account} (database {Database}) with the current credentials.")]
    public static partial void ConnectionRebuilt(ILogger logger, string connectionName, string account, string database);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Debug,
        Message = "Connection {ConnectionName}: using the Snowflake.Data provider factory {FactoryType} ({Source}).")]
    public static partial void ProviderFactoryFound(ILogger logger, string connectionName, string factoryType, string source);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Error,
        Message = "Connection {ConnectionName}: no Snowflake.Data provider factory is available under the invariant name {InvariantName}.")]
    public static partial void ProviderFactoryMissing(ILogger logger, string connectionName, string invariantName);
}
