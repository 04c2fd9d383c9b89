using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pangolin.Extensions.Snowflake.HealthChecks;

/// <summary>
/// Opens a connection from the application's own data source (so the driver's pool is shared, never a second one) and
/// runs <c>SELECT 1</c>. A failure reports the registration's failure status with the error's message, which names no
/// secret (the driver's messages do not repeat the password, and this package's never do).
/// </summary>
/// <remarks>
/// The data source is looked up inside the check, so an asset that cannot be resolved (Pangolin down, wrong key)
/// reports the failure instead of failing the whole health report.
/// </remarks>
internal sealed class SnowflakeHealthCheck(Func<PangolinSnowflakeDataSource> dataSource) : IHealthCheck
{
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
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
