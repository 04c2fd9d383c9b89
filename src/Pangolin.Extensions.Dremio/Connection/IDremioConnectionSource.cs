using Microsoft.Extensions.Options;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Dremio;

/// <summary>Where the client gets its connection at (re)authentication time: the rotation seam.</summary>
internal interface IDremioConnectionSource
{
    string ConnectionName { get; }

    PangolinConnectionOptions? Options { get; }

    ValueTask<ResolvedConnection> ResolveAsync(CancellationToken cancellationToken);

    /// <summary>Forgets the cached resolution so that the next <see cref="ResolveAsync"/> reads the asset again.</summary>
    void Invalidate();
}

/// <summary>The Pangolin resolver as a connection source.</summary>
internal sealed class ResolverConnectionSource(IPangolinConnectionResolver resolver, string connectionName, IOptions<PangolinOptions> options) : IDremioConnectionSource
{
    public string ConnectionName { get; } = connectionName;

    public PangolinConnectionOptions? Options => options.Value.Connections.GetValueOrDefault(ConnectionName);

    public ValueTask<ResolvedConnection> ResolveAsync(CancellationToken cancellationToken) => resolver.ResolveAsync(ConnectionName, cancellationToken);

    public void Invalidate() => resolver.Invalidate(ConnectionName);
}
