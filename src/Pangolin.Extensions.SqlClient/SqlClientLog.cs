using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.SqlClient;

/// <summary>Log messages of the SqlClient package. Event ids 2301–2399 belong to it. No message carries a secret.</summary>
internal static partial class SqlClientLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: credential(s) {CredentialNames} are not used by SqlClient and were ignored (allow driver keywords with AllowedCredentialKeywords).")]
    public static partial void CredentialsIgnored(ILogger logger, string connectionName, IEnumerable<string> credentialNames);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: the 'driver' credential names an ODBC driver, which SqlClient does not use; it was ignored.")]
    public static partial void OdbcDriverIgnored(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset's connection string sets {Keyword}, which would weaken TLS; it was ignored. Set it in the connection's Settings if you mean it.")]
    public static partial void WeakeningKeywordIgnored(ILogger logger, string connectionName, string keyword);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset's connection string carries a password in clear text; it was used because the asset has no encrypted 'password' credential. Move it into an encrypted credential.")]
    public static partial void PasswordInConnectionString(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: the asset's connection string was ignored; Synapse assets take the server from the 'server' credential, as pypangolin does.")]
    public static partial void SynapseConnectionStringIgnored(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: new resolution of the asset; connections opened from now on go to {DataSource} (database {Database}) with the current credentials.")]
    public static partial void ConnectionRebuilt(ILogger logger, string connectionName, string dataSource, string database);
}
