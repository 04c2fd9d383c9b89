using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Dremio;

/// <summary>Where and how a resolved Dremio connection connects.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Credentials">The credentials.</param>
internal sealed record DremioConnectionPlan(DremioEndpoint Endpoint, DremioCredentials Credentials)
{
    /// <summary>Plans a connection.</summary>
    /// <param name="resolved">The resolved connection.</param>
    /// <param name="options">The connection's options (credential policies).</param>
    /// <returns>The plan.</returns>
    /// <exception cref="PangolinConnectionException">The asset is not a usable Dremio connection.</exception>
    public static DremioConnectionPlan Create(ResolvedConnection resolved, PangolinConnectionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        resolved.EnsureType(ConnectionType.Dremio);
        if (!DremioEndpoint.TryParse(resolved.ConnectionString, out var endpoint, out var error))
        {
            throw new PangolinConnectionException(ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference, "Dremio: " + error);
        }

        var credentials = DremioCredentials.From(resolved, options);
        return new DremioConnectionPlan(credentials.Apply(endpoint!, resolved), credentials);
    }
}
