using System.Data.Common;

namespace Pangolin.Extensions.DependencyInjection;

/// <summary>For code that picks relational connections by name at run time.</summary>
public interface IPangolinConnectionFactory
{
    /// <summary>The names of connections registered with a <see cref="DbDataSource"/>.</summary>
    IReadOnlyCollection<string> ConnectionNames { get; }

    /// <summary>Returns the connection's data source (the same instance the keyed registration injects).</summary>
    /// <param name="connectionName">The connection name.</param>
    /// <returns>The data source.</returns>
    /// <exception cref="Assets.PangolinConnectionException">No relational connection with that name is registered, or it cannot be resolved.</exception>
    DbDataSource GetDataSource(string connectionName);

    /// <summary>Opens a connection.</summary>
    /// <param name="connectionName">The connection name.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>An open connection; dispose it to return it to the pool.</returns>
    /// <exception cref="Assets.PangolinConnectionException">
    /// The connection is not registered or cannot be resolved, or the database refused or could not be reached
    /// (<see cref="Assets.ConnectionFailureReason.DatabaseUnavailable"/>, with the driver's exception inside).
    /// </exception>
    ValueTask<DbConnection> OpenConnectionAsync(string connectionName, CancellationToken cancellationToken = default);
}

/// <summary>
/// Records that a driver package registered a client for a connection: under which service key, and whether it
/// is relational (a keyed <see cref="DbDataSource"/> exists). Used for start-up validation and by
/// <see cref="IPangolinConnectionFactory"/>.
/// </summary>
/// <param name="ConnectionName">The connection name.</param>
/// <param name="ServiceKey">The keyed-service key.</param>
/// <param name="Driver">The driver package, for messages (such as <c>Npgsql</c>).</param>
/// <param name="IsRelational">Whether a keyed <see cref="DbDataSource"/> is registered under <paramref name="ServiceKey"/>.</param>
public sealed record PangolinClientRegistration(string ConnectionName, object ServiceKey, string Driver, bool IsRelational);
