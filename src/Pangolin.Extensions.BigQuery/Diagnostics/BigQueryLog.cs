using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.BigQuery.Diagnostics;

/// <summary>Log messages of the BigQuery package. Event ids 8001–8099 belong to it. No message carries a key or a token.</summary>
internal static partial class BigQueryLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: BigQuery project {ProjectId}, credential {CredentialType}, service account {ServiceAccount}, scopes {Scopes}.")]
    public static partial void Resolved(ILogger logger, string connectionName, string projectId, string credentialType, string serviceAccount, IEnumerable<string> scopes);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: credential(s) {CredentialNames} are not used for BigQuery and were ignored.")]
    public static partial void CredentialsIgnored(ILogger logger, string connectionName, IEnumerable<string> credentialNames);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset has no 'credentials_json' credential; using Application Default Credentials, as allowed by the connection's settings.")]
    public static partial void UsingApplicationDefaultCredentials(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: the 'project_id' credential ({ProjectId}) wins over the connection string's project {UrlProject}.")]
    public static partial void UrlProjectIgnored(ILogger logger, string connectionName, string projectId, string urlProject);
}
