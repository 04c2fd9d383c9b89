using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Pangolin.Extensions.Npgsql;

/// <summary>
/// Runs <c>SELECT 1</c> on the application's own data source (no pool of its own). The data source is obtained on
/// each check, so a connection that cannot be resolved (Pangolin down, wrong key) reports unhealthy instead of
/// failing the health endpoint.
/// </summary>
/// <param name="dataSource">Returns the application's data source.</param>
internal sealed class NpgsqlDataSourceHealthCheck(Func<NpgsqlDataSource> dataSource) : IHealthCheck
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A health check reports every failure as a status.")]
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var connection = await dataSource().OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = "SELECT 1";
                    await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Npgsql and Pangolin messages name the server and the failure, never the password.
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
