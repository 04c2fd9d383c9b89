using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.DependencyInjection;

/// <summary>
/// Resolves every configured connection in the background when the host starts, so that first uses find them
/// cached. Failures are logged, never thrown: a Pangolin outage at start-up must not stop the service, and each
/// connection reports its own problem when used and through its health check.
/// </summary>
internal sealed partial class PangolinConnectionsWarmup(IPangolinConnectionResolver resolver, ILogger<PangolinConnectionsWarmup> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _warmup;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _warmup = Task.Run(() => WarmUpAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_warmup is not null)
        {
            await _warmup.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(resolver.ConnectionNames, cancellationToken, async (name, ct) =>
        {
            try
            {
                await resolver.ResolveAsync(name, ct).ConfigureAwait(false);
            }
            catch (PangolinConnectionException ex)
            {
                LogWarmupFailed(logger, name, ex.Reason);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName} could not be resolved at start-up ({Reason}); it will be retried on first use.")]
    private static partial void LogWarmupFailed(ILogger logger, string connectionName, ConnectionFailureReason reason);
}
