using Google.Apis.Auth.OAuth2;

namespace Pangolin.Extensions.BigQuery;

/// <summary>
/// A resolved BigQuery connection: the project and a scoped <see cref="GoogleCredential"/>, ready for the host's own
/// BigQuery library (<c>BigQueryClient.Create(connection.ProjectId, connection.Credential)</c>).
/// <see cref="ToString"/> names the project and the identity, never a key or a token.
/// </summary>
public sealed class PangolinBigQueryConnection
{
    internal PangolinBigQueryConnection(
        string connectionName, string projectId, GoogleCredential credential, string credentialType, string? serviceAccountEmail, IReadOnlyList<string> scopes)
    {
        ConnectionName = connectionName;
        ProjectId = projectId;
        Credential = credential;
        CredentialType = credentialType;
        ServiceAccountEmail = serviceAccountEmail;
        Scopes = scopes;
    }

    /// <summary>The Pangolin connection name.</summary>
    public string ConnectionName { get; }

    /// <summary>The Google Cloud project: the <c>project_id</c> credential, else the project of a <c>bigquery://project</c> connection string.</summary>
    public string ProjectId { get; }

    /// <summary>The credential, scoped with <see cref="Scopes"/>. Access tokens it obtains refresh themselves.</summary>
    public GoogleCredential Credential { get; }

    /// <summary>
    /// Where the credential came from: the <c>type</c> of <c>credentials_json</c> (<c>service_account</c>,
    /// <c>authorized_user</c>, <c>external_account</c>, …), or <c>application_default</c>.
    /// </summary>
    public string CredentialType { get; }

    /// <summary>The service account's <c>client_email</c>, for a <c>service_account</c> credential.</summary>
    public string? ServiceAccountEmail { get; }

    /// <summary>The OAuth scopes requested.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>Describes the connection without secrets.</summary>
    /// <returns>The connection name, project, credential type and service account.</returns>
    public override string ToString() =>
        $"PangolinBigQueryConnection {{ Connection = {ConnectionName}, ProjectId = {ProjectId}, Credential = {CredentialType}"
        + $"{(ServiceAccountEmail is null ? string.Empty : " (" + ServiceAccountEmail + ")")} }}";
}
