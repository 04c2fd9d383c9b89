using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pangolin.Extensions.HealthChecks;

/// <summary>
/// Runs a trivial query (default <c>SELECT 1</c>) on the application's own data source: no pool of its own, so
/// the check follows rotated credentials exactly as the application does. The data source is obtained on each
/// check, so a connection that cannot be resolved (Pangolin down, wrong key) reports unhealthy instead of failing
/// the health endpoint.
/// </summary>
/// <param name="dataSource">Returns the application's data source (normally the keyed registration).</param>
/// <param name="query">The query to run.</param>
public sealed class DbDataSourceHealthCheck(Func<DbDataSource> dataSource, string query = "SELECT 1") : IHealthCheck
{
    private readonly Func<DbDataSource> _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    /// <inheritdoc />
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A health check reports every failure as a status.")]
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var connection = await _dataSource().OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = query;
                    await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Driver and Pangolin messages name the server and the failure, never the password.
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
