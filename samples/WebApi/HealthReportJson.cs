using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebApi;

/// <summary>
/// Writes a health report as JSON: overall status, and per check its status, description, tags and duration.
/// Check data is left out on purpose: a readiness endpoint is often public, and only descriptions written to be
/// shown (Pangolin's checks never put secrets in them) should leave the process.
/// </summary>
public static class HealthReportJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                tags = e.Value.Tags.Order(StringComparer.Ordinal),
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Options), context.RequestAborted);
    }
}
