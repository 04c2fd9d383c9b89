using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Sqlite;

/// <summary>
/// A <see cref="DbDataSource"/> for a Pangolin <c>sqlite</c> connection (Microsoft.Data.Sqlite has none of its own).
/// Connections are built from the resolver's current resolution of the asset, so a changed asset reaches new
/// connections without a restart.
/// </summary>
/// <remarks>
/// An in-memory database lives only while a connection to it is open, so for one the data source keeps a connection
/// open until it is disposed: every connection of the data source then sees the same data.
/// </remarks>
public sealed class PangolinSqliteDataSource : DbDataSource
{
    private readonly IPangolinConnectionResolver _resolver;
    private readonly PangolinConnectionOptions? _options;
    private readonly PangolinSqliteSettings _settings;
    private readonly string _baseDirectory;
    private readonly string _memoryName;
    private readonly string _settingsPath;
    private readonly ILogger _logger;
    private readonly PerResolution<Built> _built;
    private readonly Lock _gate = new();
    private bool _disposed;

    internal PangolinSqliteDataSource(
        string connectionName,
        IPangolinConnectionResolver resolver,
        PangolinConnectionOptions? options,
        PangolinSqliteSettings settings,
        string baseDirectory,
        string settingsPath,
        ILogger logger)
    {
        ConnectionName = connectionName;
        _resolver = resolver;
        _options = options;
        _settings = settings;
        _baseDirectory = baseDirectory;
        _memoryName = $"pangolin-memory-{Guid.NewGuid():N}"; // a plain name: it becomes part of a file: URI
        _settingsPath = settingsPath;
        _logger = logger;
        _built = new PerResolution<Built>(resolver.Resolve(connectionName), BuildFrom, static (previous, next) =>
        {
            if (!ReferenceEquals(next.Keeper, previous.Keeper))
            {
                previous.Keeper?.Dispose();
            }
        });
    }

    /// <summary>The Pangolin connection name.</summary>
    public string ConnectionName { get; }

    /// <summary>The connection string of the most recent resolution, without an encryption key.</summary>
    public override string ConnectionString => _built.Current.Parts.PublicConnectionString;

    /// <summary>Creates a closed connection from the current resolution of the asset.</summary>
    /// <returns>A new connection; the caller disposes it.</returns>
    public new SqliteConnection CreateConnection() => Create(_resolver.Resolve(ConnectionName));

    /// <summary>Opens a connection from the current resolution of the asset.</summary>
    /// <returns>An open connection; dispose it to return it to the pool.</returns>
    public new SqliteConnection OpenConnection()
    {
        var connection = CreateConnection();
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection from the current resolution of the asset, resolving it asynchronously first.</summary>
    /// <param name="cancellationToken">Cancels resolving and opening.</param>
    /// <returns>An open connection; dispose it to return it to the pool.</returns>
    public new async ValueTask<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var resolved = await _resolver.ResolveAsync(ConnectionName, cancellationToken).ConfigureAwait(false);
        var connection = Create(resolved);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Describes the data source without secrets.</summary>
    /// <returns>The connection name and database.</returns>
    public override string ToString() => $"PangolinSqliteDataSource {{ Connection = {ConnectionName}, DataSource = {_built.Current.Parts.DataSource} }}";

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection() => OpenConnection();

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseKeeper();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        CloseKeeper();
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    private void CloseKeeper()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _built.Current.Keeper?.Dispose();

                // Idle pooled connections would keep files open, and an in-memory database alive.
                using var pooled = new SqliteConnection(_built.Current.Parts.ConnectionString);
                SqliteConnection.ClearPool(pooled);
            }
        }
    }

    private SqliteConnection Create(ResolvedConnection resolved)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_built.For(resolved).Parts.ConnectionString);
        _settings.ConfigureConnection?.Invoke(connection);
        return connection;
    }

    private Built BuildFrom(ResolvedConnection resolved, Built? previous)
    {
        var parts = SqliteConnectionStrings.Build(resolved, _options, _settings, _baseDirectory, _memoryName, _settingsPath);
        SqliteConnection? keeper = null;
        if (parts.IsSharedMemory)
        {
            if (previous?.Keeper is not null && previous.Parts.ConnectionString == parts.ConnectionString)
            {
                keeper = previous.Keeper;
            }
            else
            {
                keeper = new SqliteConnection(parts.ConnectionString);
                keeper.Open();
            }
        }

        if (parts.IgnoredCredentials.Count > 0)
        {
            SqliteLog.CredentialsIgnored(_logger, ConnectionName, parts.IgnoredCredentials);
        }

        if (parts.PasswordDroppedFromConnectionString)
        {
            SqliteLog.PasswordInConnectionStringIgnored(_logger, ConnectionName);
        }

        if (previous is not null)
        {
            SqliteLog.ConnectionRebuilt(_logger, ConnectionName, parts.DataSource);
        }

        return new Built(resolved, parts, keeper);
    }

    private sealed record Built(ResolvedConnection Source, SqliteConnectionParts Parts, SqliteConnection? Keeper);
}
