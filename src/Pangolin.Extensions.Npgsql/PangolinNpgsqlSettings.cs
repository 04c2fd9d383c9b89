using System.Globalization;

namespace Pangolin.Extensions.Npgsql;

/// <summary>
/// Settings of one Npgsql data source created from a Pangolin connection. Bound from
/// <c>Pangolin:Connections:{name}</c> (so <c>"DisableTracing": true</c> there works), then adjusted by the code
/// delegate passed to <c>AddNpgsqlDataSource</c>: code wins over configuration.
/// </summary>
public sealed class PangolinNpgsqlSettings
{
    /// <summary>The default <see cref="PasswordRefreshInterval"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultPasswordRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>The default <see cref="PasswordFailureRefreshInterval"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultPasswordFailureRefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Npgsql connection-string settings applied after the asset, by Npgsql keyword (such as <c>Maximum Pool Size</c>
    /// or <c>Timeout</c>). Starts as a copy of the connection's <c>Settings</c>. May not set the password.
    /// </summary>
    public Dictionary<string, string> ConnectionStringSettings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How often Npgsql's periodic password provider asks the resolver for the current password (a cache hit unless
    /// the connection was invalidated or refreshed). Default 5 minutes.
    /// </summary>
    public TimeSpan PasswordRefreshInterval { get; set; } = DefaultPasswordRefreshInterval;

    /// <summary>How soon the password provider tries again after a failure. Default 10 seconds.</summary>
    public TimeSpan PasswordFailureRefreshInterval { get; set; } = DefaultPasswordFailureRefreshInterval;

    /// <summary>
    /// Turns off Npgsql's tracing spans (commands, batches, COPY operations and physical opens) for this data source
    /// through <c>NpgsqlDataSourceBuilder.ConfigureTracing</c>. Default <see langword="false"/>.
    /// </summary>
    public bool DisableTracing { get; set; }

    /// <summary>
    /// Recorded for configuration parity with Aspire. Npgsql 10 has no per-data-source switch for its process-wide
    /// <c>Npgsql</c> meter, so this has no effect beyond a log line: metrics are collected only when the application
    /// subscribes to that meter (for example OpenTelemetry's <c>AddMeter("Npgsql")</c>). Default <see langword="false"/>.
    /// </summary>
    public bool DisableMetrics { get; set; }

    /// <summary>Describes the settings; setting values are driver keywords and never secrets.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"PangolinNpgsqlSettings {{ ConnectionStringSettings = [{string.Join(", ", ConnectionStringSettings.Keys)}], ")
        + string.Create(CultureInfo.InvariantCulture, $"PasswordRefreshInterval = {PasswordRefreshInterval}, PasswordFailureRefreshInterval = {PasswordFailureRefreshInterval}, ")
        + string.Create(CultureInfo.InvariantCulture, $"DisableTracing = {DisableTracing}, DisableMetrics = {DisableMetrics} }}");
}
