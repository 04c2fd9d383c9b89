using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Pangolin.Extensions.MongoDB;

/// <summary>Log messages of the MongoDB integration (event ids 5101–5199). None carries a secret value.</summary>
internal static partial class MongoDBLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: created MongoDB client for {Scheme} hosts {Hosts}, database {Database}, user {User}, auth source {AuthSource}, mechanism {Mechanism}, TLS {Tls}, replica set {ReplicaSet}.")]
    public static partial void ClientCreated(
        ILogger logger, string connectionName, ConnectionStringScheme scheme, IEnumerable<MongoServerAddress> hosts, string? database, string? user, string? authSource, string? mechanism, bool tls, string? replicaSet);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the connection string already carries credentials, so the encrypted credential(s) {Credentials} were ignored.")]
    public static partial void StoredCredentialsIgnored(ILogger logger, string connectionName, IEnumerable<string> credentials);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: ignored the encrypted credential(s) {Credentials}; list them in AllowedCredentialKeywords to pass them to the driver as connection-string options.")]
    public static partial void CredentialsIgnored(ILogger logger, string connectionName, IEnumerable<string> credentials);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: applied the encrypted credential(s) {Credentials} as connection-string options (allowed by AllowedCredentialKeywords).")]
    public static partial void CredentialOptionsApplied(ILogger logger, string connectionName, IEnumerable<string> credentials);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the connection string has options MongoDB does not know: {Options}. They are ignored by the driver.")]
    public static partial void UnknownOptions(ILogger logger, string connectionName, IEnumerable<string> options);
}
