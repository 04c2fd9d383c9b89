using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.Dremio;

/// <summary>Log messages of the Dremio integration (event ids 6101–6199). None carries a secret value.</summary>
internal static partial class DremioLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: created Dremio Flight client for {Endpoint} (TLS {Tls}), authenticating with {Mode}, Dremio Cloud project {ProjectSet}, client properties {ClientProperties}.")]
    public static partial void ClientCreated(ILogger logger, string connectionName, DremioEndpoint endpoint, bool tls, string mode, string projectSet, IEnumerable<string> clientProperties);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: the connection string names no port; using {Port}, the default for {Scheme}://.")]
    public static partial void PortDefaulted(ILogger logger, string connectionName, int port, string scheme);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: TLS certificate verification is DISABLED for {Endpoint} (credential disable_certificate_verification); the server's identity is not checked.")]
    public static partial void CertificateVerificationDisabled(ILogger logger, string connectionName, DremioEndpoint endpoint);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: disable_certificate_verification has no effect on {Endpoint}, which does not use TLS.")]
    public static partial void CertificateVerificationIrrelevant(ILogger logger, string connectionName, DremioEndpoint endpoint);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the 'tls' credential is ignored; TLS comes from the scheme only (grpc+tls://), as in pypangolin.")]
    public static partial void TlsCredentialIgnored(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: ignored the encrypted credential(s) {Credentials}; list them in AllowedCredentialKeywords to send them to Dremio as client properties.")]
    public static partial void CredentialsIgnored(ILogger logger, string connectionName, IEnumerable<string> credentials);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: authenticated to {Endpoint} with {Mode} (session {Generation}).")]
    public static partial void Authenticated(ILogger logger, string connectionName, DremioEndpoint endpoint, string mode, int generation);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: {Endpoint} answered Unauthenticated to {Operation}; re-reading the asset and authenticating again.")]
    public static partial void Reauthenticating(ILogger logger, string connectionName, DremioEndpoint endpoint, string operation);

    [LoggerMessage(EventId = 6109, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: the asset now points at {NewEndpoint}; the client keeps using {Endpoint} until the application restarts.")]
    public static partial void EndpointChanged(ILogger logger, string connectionName, DremioEndpoint endpoint, DremioEndpoint newEndpoint);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: the asset has a token and a user name/password; the token (personal access token) is used, as in pypangolin.")]
    public static partial void TokenPreferred(ILogger logger, string connectionName);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Information,
        Message = "Connection {ConnectionName}: set the Dremio Cloud project as a Flight session option (SetSessionOptions) on {Endpoint}.")]
    public static partial void ProjectSessionOptionSet(ILogger logger, string connectionName, DremioEndpoint endpoint);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: {Endpoint} did not take the project as a Flight session option ({Reason}); the project_id cookie still carries it.")]
    public static partial void ProjectSessionOptionNotSet(ILogger logger, string connectionName, DremioEndpoint endpoint, string reason);
}
