using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.HealthChecks;

/// <summary>
/// Checks that a key provider can deliver every key the configured connections reference, without revealing them:
/// the result reports how many keys were read and their fingerprints' count only.
/// </summary>
/// <param name="keys">The key ring resolver the application uses (its cache is honoured).</param>
/// <param name="providerName">The provider to check.</param>
/// <param name="references">The references of that provider used by connections.</param>
public sealed class KeyProviderHealthCheck(KeyRingResolver keys, string providerName, IReadOnlyList<KeyReference> references) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new Dictionary<string, object> { ["provider"] = providerName, ["references"] = references.Count };
        foreach (var reference in references)
        {
            try
            {
                await keys.GetKeyAsync(reference, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (PangolinConnectionException ex)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, data: data);
            }
        }

        return HealthCheckResult.Healthy($"Key provider '{providerName}' delivered {references.Count} key(s).", data);
    }
}
