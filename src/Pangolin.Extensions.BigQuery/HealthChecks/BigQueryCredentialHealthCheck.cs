using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pangolin.Extensions.BigQuery.HealthChecks;

/// <summary>
/// Obtains an access token from the application's own <see cref="PangolinBigQueryConnection.Credential"/> (cached by
/// the credential until it nears expiry, so a healthy check costs nothing most of the time). The result carries the
/// project and the credential type, never the token.
/// </summary>
/// <remarks>The connection is looked up inside the check, so an unresolvable asset reports Unhealthy instead of failing the report.</remarks>
internal sealed class BigQueryCredentialHealthCheck(Func<PangolinBigQueryConnection> connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var current = connection();
            var token = await ((ITokenAccess)current.Credential).GetAccessTokenForRequestAsync(authUri: null, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(token))
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "The credential returned no access token.");
            }

            return HealthCheckResult.Healthy(
                $"Obtained an access token for project {current.ProjectId}.",
                new Dictionary<string, object> { ["project"] = current.ProjectId, ["credential"] = current.CredentialType });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
