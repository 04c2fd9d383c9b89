using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pangolin.Extensions.Client;

namespace Pangolin.Extensions.HealthChecks;

/// <summary>Checks that the Pangolin server answers its readiness probe.</summary>
/// <param name="client">The client the application uses.</param>
public sealed class PangolinServerHealthCheck(PangolinClient client) : IHealthCheck
{
    private readonly PangolinClient _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var health = await _client.GetServerHealthAsync(cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object> { ["server"] = _client.ServerUri.GetLeftPart(UriPartial.Authority), ["status"] = health.Status };
            return health.IsReady
                ? HealthCheckResult.Healthy($"Pangolin is {health.Status}.", data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"Pangolin is not ready ({health.Status}, store: {health.Store ?? "unknown"}).", data: data);
        }
        catch (PangolinException ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message);
        }
    }
}
