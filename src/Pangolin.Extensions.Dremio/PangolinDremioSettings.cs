using System.Globalization;

namespace Pangolin.Extensions.Dremio;

/// <summary>
/// Settings of one <see cref="DremioFlightClient"/> created from a Pangolin connection. Bound from
/// <c>Pangolin:Connections:{name}</c>, then adjusted by the code delegate passed to <c>AddDremioFlightClient</c>: code
/// wins over configuration. <see cref="ToString"/> shows no secret (these settings never hold one).
/// </summary>
public sealed class PangolinDremioSettings
{
    /// <summary>The default <see cref="HealthCheckQuery"/>.</summary>
    public const string DefaultHealthCheckQuery = "SELECT 1";

    /// <summary>
    /// Dremio client properties sent as gRPC headers on every call, such as <c>routing_engine</c>, <c>routing_tag</c>,
    /// <c>routing_queue</c> or <c>schema</c> (the Dremio Flight examples' "session properties"). Starts as a copy of the
    /// connection's <c>Settings</c>. Names are lowercased; <c>authorization</c> and <c>cookie</c> are refused.
    /// </summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The deadline of each Flight call (handshake, GetFlightInfo, each DoGet stream). Default none.</summary>
    public TimeSpan? CallTimeout { get; set; }

    /// <summary>
    /// When the asset has a <c>project_id</c> (Dremio Cloud), also set it as a Flight session option after each
    /// authentication (the <c>SetSessionOptions</c> action, as Dremio's Java Flight example does), besides the
    /// <c>project_id</c> cookie sent on every call. A server without session options (<c>Unimplemented</c>) or one that
    /// refuses the option is tolerated with a warning. Default <see langword="true"/>.
    /// </summary>
    public bool SetProjectWithSessionOptions { get; set; } = true;

    /// <summary>The query the health check runs on the application's client. Default <c>SELECT 1</c>.</summary>
    public string HealthCheckQuery { get; set; } = DefaultHealthCheckQuery;

    /// <summary>Describes the settings; header values are not secrets, but only their names are shown.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"PangolinDremioSettings {{ Headers = [{string.Join(", ", Headers.Keys)}], CallTimeout = {(CallTimeout?.ToString() ?? "none")}, SetProjectWithSessionOptions = {SetProjectWithSessionOptions}, HealthCheckQuery = {HealthCheckQuery} }}");

    /// <summary>Checks the settings.</summary>
    /// <returns>What is wrong, or <see langword="null"/>.</returns>
    internal string? Validate()
    {
        foreach (var name in Headers.Keys)
        {
            if (DremioHeaders.Problem(name) is { } problem)
            {
                return $"the header '{name}' {problem}";
            }
        }

        if (CallTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            return "CallTimeout must be positive.";
        }

        return string.IsNullOrWhiteSpace(HealthCheckQuery) ? "HealthCheckQuery may not be empty." : null;
    }
}
