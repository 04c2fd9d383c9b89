using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.Sqlite;

/// <summary>Log messages of the Sqlite package. Event ids 2401–2499 belong to it. No message carries a secret.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 2401, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: credential(s) {CredentialNames} were ignored: SQLite has no login (a password is used only with UsePasswordAsEncryptionKey).")]
    public static partial void CredentialsIgnored(ILogger logger, string connectionName, IEnumerable<string> credentialNames);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset's connection string carries a Password in clear text; it was ignored. Store the key as the encrypted 'password' credential and set UsePasswordAsEncryptionKey.")]
    public static partial void PasswordInConnectionStringIgnored(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: new resolution of the asset; connections opened from now on use {DataSource}.")]
    public static partial void ConnectionRebuilt(ILogger logger, string connectionName, string dataSource);
}
