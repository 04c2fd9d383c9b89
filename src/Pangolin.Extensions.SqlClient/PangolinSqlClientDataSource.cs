using System.Data.Common;
using System.Security;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.SqlClient;

/// <summary>
/// A <see cref="DbDataSource"/> for a Pangolin <c>synapse</c> or <c>sqlserver</c> connection (SqlClient has none of its
/// own). Every connection is built from the resolver's current resolution of the asset, so a rotated password or a
/// moved server reaches new connections without a restart; connections already open are left alone.
/// </summary>
/// <remarks>
/// The password never enters a connection string: it travels in a <see cref="SqlCredential"/>, so neither
/// <see cref="ConnectionString"/> nor <see cref="SqlConnection.ConnectionString"/> contains it. One credential instance
/// is kept per login, because SqlClient keys its pools on the credential instance.
/// </remarks>
public sealed class PangolinSqlClientDataSource : DbDataSource
{
    private readonly IPangolinConnectionResolver _resolver;
    private readonly PangolinConnectionOptions? _options;
    private readonly PangolinSqlClientSettings _settings;
    private readonly string _settingsPath;
    private readonly ILogger _logger;
    private readonly PerResolution<Built> _built;

    internal PangolinSqlClientDataSource(
        string connectionName,
        IPangolinConnectionResolver resolver,
        PangolinConnectionOptions? options,
        PangolinSqlClientSettings settings,
        string settingsPath,
        ILogger logger)
    {
        ConnectionName = connectionName;
        _resolver = resolver;
        _options = options;
        _settings = settings;
        _settingsPath = settingsPath;
        _logger = logger;
        _built = new PerResolution<Built>(resolver.Resolve(connectionName), BuildFrom);
    }

    /// <summary>The Pangolin connection name.</summary>
    public string ConnectionName { get; }

    /// <summary>
    /// The connection string of the most recent resolution, without user name or password (those travel in a
    /// <see cref="SqlCredential"/>).
    /// </summary>
    public override string ConnectionString => _built.Current.Parts.ConnectionString;

    /// <summary>Creates a closed connection from the current resolution of the asset.</summary>
    /// <returns>A new connection; the caller disposes it.</returns>
    public new SqlConnection CreateConnection() => Create(_resolver.Resolve(ConnectionName));

    /// <summary>Opens a connection from the current resolution of the asset.</summary>
    /// <returns>An open connection; dispose it to return it to the pool.</returns>
    public new SqlConnection OpenConnection()
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
    public new async ValueTask<SqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
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
    /// <returns>The connection name, server and database.</returns>
    public override string ToString() =>
        $"PangolinSqlClientDataSource {{ Connection = {ConnectionName}, DataSource = {_built.Current.Parts.DataSource}, Database = {_built.Current.Parts.Database} }}";

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection() => OpenConnection();

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    private SqlConnection Create(ResolvedConnection resolved)
    {
        var built = _built.For(resolved);
        var connection = new SqlConnection(built.Parts.ConnectionString, built.Credential);
        _settings.ConfigureConnection?.Invoke(connection);
        return connection;
    }

    private Built BuildFrom(ResolvedConnection resolved, Built? previous)
    {
        var parts = SqlClientConnectionStrings.Build(resolved, _options, _settings, _settingsPath);
        var credential = previous is not null && previous.Parts.SameLogin(parts) ? previous.Credential : CreateCredential(parts);
        try
        {
            // SqlClient checks the string against the credential (Integrated Security, some Authentication modes) here.
            using var probe = new SqlConnection(parts.ConnectionString, credential);
        }
        catch (ArgumentException ex)
        {
            throw new PangolinConnectionException(
                ConnectionFailureReason.InvalidAsset, ConnectionName, resolved.Asset.Reference,
                $"SqlClient refuses this combination of connection string and user name/password: {ex.Message}", ex);
        }

        Report(parts, previous);
        return new Built(resolved, parts, credential);
    }

    private void Report(SqlClientConnectionParts parts, Built? previous)
    {
        if (parts.IgnoredCredentials.Count > 0)
        {
            SqlClientLog.CredentialsIgnored(_logger, ConnectionName, parts.IgnoredCredentials);
        }

        if (parts.OdbcDriverIgnored)
        {
            SqlClientLog.OdbcDriverIgnored(_logger, ConnectionName);
        }

        foreach (var keyword in parts.DroppedKeywords)
        {
            SqlClientLog.WeakeningKeywordIgnored(_logger, ConnectionName, keyword);
        }

        if (parts.PasswordFromConnectionString)
        {
            SqlClientLog.PasswordInConnectionString(_logger, ConnectionName);
        }

        if (parts.ConnectionStringIgnored)
        {
            SqlClientLog.SynapseConnectionStringIgnored(_logger, ConnectionName);
        }

        if (previous is not null)
        {
            SqlClientLog.ConnectionRebuilt(_logger, ConnectionName, parts.DataSource, parts.Database ?? "(default)");
        }
    }

    private static SqlCredential? CreateCredential(SqlClientConnectionParts parts)
    {
        if (parts.Password is null || parts.UserId is null)
        {
            return null;
        }

        // SqlCredential takes only a read-only SecureString; it is the one way to keep the password out of the string.
#pragma warning disable CA2000 // Owned by the credential, which lives as long as this login is current.
        var password = new SecureString();
#pragma warning restore CA2000
        foreach (var c in parts.Password)
        {
            password.AppendChar(c);
        }

        password.MakeReadOnly();
        return new SqlCredential(parts.UserId, password);
    }

    private sealed record Built(ResolvedConnection Source, SqlClientConnectionParts Parts, SqlCredential? Credential);
}
