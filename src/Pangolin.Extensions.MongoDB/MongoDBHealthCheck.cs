using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;

namespace Pangolin.Extensions.MongoDB;

/// <summary>
/// Runs <c>ping</c> on the application's own client (no client of its own), against the connection's database or
/// <c>admin</c>. The client is obtained on each check, so a connection that cannot be resolved (Pangolin down, wrong
/// key) reports unhealthy instead of failing the health endpoint.
/// </summary>
/// <param name="handle">Returns the application's client handle.</param>
internal sealed class MongoDBHealthCheck(Func<MongoClientHandle> handle) : IHealthCheck
{
    private static readonly BsonDocument Ping = new("ping", 1);

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A health check reports every failure as a status.")]
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var current = handle();
            await current.Client.GetDatabase(current.HealthCheckDatabase)
                .RunCommandAsync<BsonDocument>(Ping, cancellationToken: cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Driver and Pangolin messages name the server and the failure, never the password.
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
