using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pangolin.Extensions.Diagnostics;

/// <summary>
/// Names of the <see cref="ActivitySource"/> and <see cref="Meter"/> that Pangolin.Extensions reports through.
/// Subscribe with OpenTelemetry's <c>AddSource(PangolinTelemetry.ActivitySourceName)</c> and
/// <c>AddMeter(PangolinTelemetry.MeterName)</c>.
/// </summary>
public static class PangolinTelemetry
{
    /// <summary>The activity source name: spans for asset fetch, key fetch and refresh.</summary>
    public const string ActivitySourceName = "Pangolin.Extensions";

    /// <summary>The meter name: request duration, refresh errors and credential age.</summary>
    public const string MeterName = "Pangolin.Extensions";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName, typeof(PangolinTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(MeterName, typeof(PangolinTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "pangolin.client.request.duration", "s", "Duration of requests to the Pangolin server.");

    internal static readonly Counter<long> ResolutionErrors = Meter.CreateCounter<long>(
        "pangolin.connection.resolution.errors", "{error}", "Failed connection resolutions and refreshes.");

    internal static readonly Counter<long> KeyFetches = Meter.CreateCounter<long>(
        "pangolin.key.fetches", "{fetch}", "Key material fetched from a key provider (cache misses).");
}
