using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pangolin.Extensions.Dremio;

/// <summary>
/// Runs a trivial query (<c>SELECT 1</c> by default) with the application's own client (the same channel, session and
/// token). The client is obtained on each check, so a connection that cannot be resolved reports unhealthy instead of
/// failing the health endpoint.
/// </summary>
/// <param name="client">Returns the application's client.</param>
/// <param name="query">The query.</param>
internal sealed class DremioHealthCheck(Func<DremioFlightClient> client, string query) : IHealthCheck
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A health check reports every failure as a status.")]
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await client().ExecuteScalarAsync(query, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // DremioFlightException and Pangolin messages never contain the password or a token.
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
