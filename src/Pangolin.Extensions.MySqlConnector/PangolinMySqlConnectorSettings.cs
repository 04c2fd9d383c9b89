using System.Globalization;

namespace Pangolin.Extensions.MySqlConnector;

/// <summary>
/// Settings of one MySqlConnector data source created from a Pangolin connection. Bound from
/// <c>Pangolin:Connections:{name}</c>, then adjusted by the code delegate passed to <c>AddMySqlDataSource</c>: code
/// wins over configuration.
/// </summary>
public sealed class PangolinMySqlConnectorSettings
{
    /// <summary>The default <see cref="PasswordRefreshInterval"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultPasswordRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>The default <see cref="PasswordFailureRefreshInterval"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultPasswordFailureRefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// MySqlConnector connection-string settings applied after the asset, by MySqlConnector keyword (such as
    /// <c>Maximum Pool Size</c> or <c>Connection Timeout</c>). Starts as a copy of the connection's <c>Settings</c>.
    /// May not set the password.
    /// </summary>
    public Dictionary<string, string> ConnectionStringSettings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How often the password refresher asks the resolver for the current password and sets it on the data source (a cache hit
    /// unless the connection was invalidated or refreshed). Default 5 minutes.
    /// </summary>
    public TimeSpan PasswordRefreshInterval { get; set; } = DefaultPasswordRefreshInterval;

    /// <summary>How soon the password refresher tries again after a failure. Default 10 seconds.</summary>
    public TimeSpan PasswordFailureRefreshInterval { get; set; } = DefaultPasswordFailureRefreshInterval;

    /// <summary>
    /// Recorded for configuration parity with Aspire. MySqlConnector 3.0 has no per-data-source switch for its
    /// process-wide <c>MySqlConnector</c> activity source, so this has no effect beyond a log line: spans are only
    /// collected when the application subscribes (OpenTelemetry's <c>AddSource("MySqlConnector")</c>). Default <see langword="false"/>.
    /// </summary>
    public bool DisableTracing { get; set; }

    /// <summary>
    /// Recorded for configuration parity with Aspire. MySqlConnector 3.0 has no per-data-source switch for its
    /// process-wide <c>MySqlConnector</c> meter, so this has no effect beyond a log line. Default <see langword="false"/>.
    /// </summary>
    public bool DisableMetrics { get; set; }

    /// <summary>Describes the settings (keywords only).</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"PangolinMySqlConnectorSettings {{ ConnectionStringSettings = [{string.Join(", ", ConnectionStringSettings.Keys)}], ")
        + string.Create(CultureInfo.InvariantCulture, $"PasswordRefreshInterval = {PasswordRefreshInterval}, PasswordFailureRefreshInterval = {PasswordFailureRefreshInterval}, ")
        + string.Create(CultureInfo.InvariantCulture, $"DisableTracing = {DisableTracing}, DisableMetrics = {DisableMetrics} }}");
}
