using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.MySqlConnector;

/// <summary>Log messages of the MySqlConnector integration (event ids 2201–2299). None carries a secret.</summary>
internal static partial class MySqlConnectorLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: created MySqlConnector data source for server {Server}, port {Port}, database {Database}, user {User} (password provider: {PasswordProvider}).")]
    public static partial void DataSourceCreated(ILogger logger, string connectionName, string? server, uint port, string? database, string? user, bool passwordProvider);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: ignored the encrypted credential(s) {Credentials}; list them in AllowedCredentialKeywords to pass them to MySqlConnector as connection-string keywords.")]
    public static partial void CredentialsIgnored(ILogger logger, string connectionName, string credentials);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: {Setting} has no effect, MySqlConnector 3.0 has no per-data-source switch for its process-wide 'MySqlConnector' activity source and meter; do not subscribe to them to turn them off.")]
    public static partial void TelemetryNotConfigurable(ILogger logger, string connectionName, string setting);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset no longer carries a password; MySqlConnector keeps using the last one.")]
    public static partial void PasswordMissing(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset's user name changed; the data source keeps the user it was created with until the application restarts.")]
    public static partial void UserNameChanged(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: refreshing the password failed ({Reason}): {Detail} The last password stays in use.")]
    public static partial void PasswordRefreshFailed(ILogger logger, string connectionName, ConnectionFailureReason reason, string detail);
}
