using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.Npgsql;

/// <summary>Log messages of the Npgsql integration (event ids 2101–2199). None carries a secret.</summary>
internal static partial class NpgsqlLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: created Npgsql data source for host {Host}, port {Port}, database {Database}, user {User} (password provider: {PasswordProvider}).")]
    public static partial void DataSourceCreated(ILogger logger, string connectionName, string? host, int port, string? database, string? user, bool passwordProvider);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: ignored the encrypted credential(s) {Credentials}; list them in AllowedCredentialKeywords to pass them to Npgsql as connection-string keywords.")]
    public static partial void CredentialsIgnored(ILogger logger, string connectionName, string credentials);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: DisableMetrics has no effect, Npgsql 10 has no per-data-source switch for its 'Npgsql' meter; do not subscribe to that meter to turn metrics off.")]
    public static partial void MetricsNotConfigurable(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset no longer carries a password; Npgsql keeps using the last one.")]
    public static partial void PasswordMissing(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset's user name changed; the data source keeps the user it was created with until the application restarts.")]
    public static partial void UserNameChanged(ILogger logger, string connectionName);
}
