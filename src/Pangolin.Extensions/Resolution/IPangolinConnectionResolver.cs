namespace Pangolin.Extensions.Resolution;

/// <summary>Resolves named connections: reads the asset from Pangolin, fetches the keys, decrypts the credentials.</summary>
public interface IPangolinConnectionResolver
{
    /// <summary>The configured connection names.</summary>
    IReadOnlyCollection<string> ConnectionNames { get; }

    /// <summary>Resolves a connection: lazily, cached, and single-flight (concurrent first calls share one fetch).</summary>
    /// <param name="connectionName">The connection name.</param>
    /// <param name="cancellationToken">Cancels waiting; a fetch under way continues for other callers.</param>
    /// <returns>The resolved connection.</returns>
    /// <exception cref="Assets.PangolinConnectionException">The connection is unknown, or could not be resolved.</exception>
    ValueTask<ResolvedConnection> ResolveAsync(string connectionName, CancellationToken cancellationToken = default);

    /// <summary>Forgets the cached resolution so the next call reads the asset again.</summary>
    /// <param name="connectionName">The connection name.</param>
    void Invalidate(string connectionName);
}
