using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.DependencyInjection;

namespace Worker;

/// <summary>Settings of <see cref="ReportWorker"/> (section <c>Worker</c>).</summary>
public sealed class ReportWorkerOptions
{
    /// <summary>Time between runs. Default one minute.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Every <see cref="ReportWorkerOptions.Interval"/>, records a heartbeat row through the <c>reports</c> connection.
/// A failed run (database or Pangolin down) is logged and retried on the next tick: the worker never crashes,
/// and it starts even when Pangolin is unreachable at start-up.
/// Shutdown cancels the current run and waits for it.
/// </summary>
public sealed partial class ReportWorker(
    IPangolinConnectionFactory connections,
    IOptions<ReportWorkerOptions> options,
    TimeProvider time,
    ILogger<ReportWorker> logger) : BackgroundService
{
    public const string ConnectionName = "reports";

    /// <summary>Completed runs (for the sample's test and for metrics).</summary>
    public int CompletedRuns { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                CompletedRuns++;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbException or PangolinConnectionException)
            {
                LogRunFailed(logger, ex.GetType().Name, ex.Message);
            }

            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogStopped(logger, CompletedRuns);
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        // Asked for on every run rather than injected: if Pangolin is down when the host starts, the worker still
        // starts, logs the failure and succeeds on a later tick.
        await using var connection = await connections.OpenConnectionAsync(ConnectionName, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS worker_heartbeats (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
            INSERT INTO worker_heartbeats DEFAULT VALUES;
            SELECT count(*) FROM worker_heartbeats;
            """;
        var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        LogRan(logger, count);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Heartbeat recorded; {Count} in total.")]
    private static partial void LogRan(ILogger logger, long count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Run failed ({ErrorType}): {Message}. Retrying on the next tick.")]
    private static partial void LogRunFailed(ILogger logger, string errorType, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Stopped after {Runs} run(s).")]
    private static partial void LogStopped(ILogger logger, int runs);
}
