using System.Globalization;

namespace Pangolin.Extensions.MongoDB;

/// <summary>
/// Settings of one <c>IMongoClient</c> created from a Pangolin connection. Bound from
/// <c>Pangolin:Connections:{name}</c>, then adjusted by the code delegate passed to <c>AddMongoDBClient</c>: code wins
/// over configuration. <see cref="ToString"/> shows no secret (these settings never hold one).
/// </summary>
public sealed class PangolinMongoDBSettings
{
    /// <summary>
    /// MongoDB connection-string options applied after the asset's own, by their URI option name (such as
    /// <c>maxPoolSize</c>, <c>appName</c> or <c>serverSelectionTimeoutMS</c>). Starts as a copy of the connection's
    /// <c>Settings</c>; an option named here replaces the asset's value. Options that carry credentials are refused.
    /// </summary>
    public Dictionary<string, string> UrlOptions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The database of the keyed <c>IMongoDatabase</c> when the asset's URL names none. Default
    /// <see langword="null"/>: then resolving <c>IMongoDatabase</c> for such an asset fails with a clear message.
    /// </summary>
    public string? DatabaseName { get; set; }

    /// <summary>The database the health check pings. Default: the asset's database, else <see cref="DatabaseName"/>, else <c>admin</c>.</summary>
    public string? HealthCheckDatabase { get; set; }

    /// <summary>Describes the settings; option values are not secrets, but only their names are shown.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"PangolinMongoDBSettings {{ UrlOptions = [{string.Join(", ", UrlOptions.Keys)}], DatabaseName = {DatabaseName ?? "(from asset)"}, HealthCheckDatabase = {HealthCheckDatabase ?? "(default)"} }}");
}
