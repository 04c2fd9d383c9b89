using Google.Apis.Auth.OAuth2;

namespace Pangolin.Extensions.BigQuery.Credentials;

/// <summary>The <c>type</c> values of Google credential JSON that Google.Apis.Auth's <see cref="CredentialFactory"/> loads.</summary>
internal static class BigQueryCredentialTypes
{
    public const string ApplicationDefault = "application_default";

    public static readonly IReadOnlyList<string> All =
    [
        JsonCredentialParameters.ServiceAccountCredentialType,
        JsonCredentialParameters.AuthorizedUserCredentialType,
        JsonCredentialParameters.ExternalAccountCredentialType,
        JsonCredentialParameters.ExternalAccountAuthorizedUserCredentialType,
        JsonCredentialParameters.ImpersonatedServiceAccountCredentialType,
    ];
}
