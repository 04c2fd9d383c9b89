using System.Data.Common;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.Snowflake.ConnectionStrings;
using Pangolin.Extensions.Snowflake.Diagnostics;

namespace Pangolin.Extensions.Snowflake;

/// <summary>
/// A <see cref="DbDataSource"/> for a Pangolin <c>snowflake</c> connection (Snowflake.Data has none of its own).
/// Connections come from the driver's <see cref="DbProviderFactory"/>, which the host supplies; each open takes its
/// connection string from the resolver's current resolution of the asset, so a rotated password or a moved account
/// reaches new connections without a restart, and connections already open are left alone.
/// </summary>
/// <remarks>
/// <see cref="ConnectionString"/> and every <see cref="PangolinSnowflakeConnection.ConnectionString"/> leave out the
/// password and every other secret keyword; only the driver's own connection object ever holds the full string.
/// </remarks>
public sealed class PangolinSnowflakeDataSource : DbDataSource
{
    private readonly IPangolinConnectionResolver _resolver;
    private readonly PangolinConnectionOptions? _options;
    private readonly ILogger _logger;
    private readonly PerResolution<Built> _built;
    private DbProviderFactory? _factory;

    internal PangolinSnowflakeDataSource(
        string connectionName,
        IPangolinConnectionResolver resolver,
        PangolinConnectionOptions? options,
        PangolinSnowflakeSettings settings,
        ILogger logger)
    {
        ConnectionName = connectionName;
        _resolver = resolver;
        _options = options;
        Settings = settings;
        _logger = logger;
        _built = new PerResolution<Built>(resolver.Resolve(connectionName), BuildFrom);
    }

    /// <summary>The Pangolin connection name.</summary>
    public string ConnectionName { get; }

    /// <summary>
    /// The connection string of the most recent resolution, without the password or any other secret keyword
    /// (<c>private_key</c>, <c>private_key_pwd</c>, <c>token</c>, …).
    /// </summary>
    public override string ConnectionString => _built.Current.Parts.RedactedConnectionString;

    /// <summary>The Snowflake account of the most recent resolution.</summary>
    public string Account => _built.Current.Parts.Account;

    /// <summary>The database of the most recent resolution, if the asset names one.</summary>
    public string? Database => _built.Current.Parts.Database;

    internal PangolinSnowflakeSettings Settings { get; }

    /// <summary>
    /// The driver's factory: <see cref="PangolinSnowflakeSettings.ProviderFactory"/>, else the one registered with
    /// <see cref="DbProviderFactories"/> under <see cref="PangolinSnowflakeSettings.ProviderInvariantName"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither is available; the message says what to add.</exception>
    internal DbProviderFactory ProviderFactory => _factory ??= FindFactory();

    /// <summary>Creates a closed connection; opening it takes the current resolution of the asset.</summary>
    /// <returns>A new connection; the caller disposes it.</returns>
    /// <exception cref="InvalidOperationException">No Snowflake.Data provider factory is available; the message says what to add.</exception>
    public new PangolinSnowflakeConnection CreateConnection()
    {
        var factory = ProviderFactory;
        var inner = factory.CreateConnection()
            ?? throw new InvalidOperationException($"Snowflake connection '{ConnectionName}': the provider factory {factory.GetType().FullName} created no connection.");
        return new PangolinSnowflakeConnection(this, inner, factory);
    }

    /// <summary>Opens a connection from the current resolution of the asset.</summary>
    /// <returns>An open connection; dispose it to return it to the driver's pool.</returns>
    public new PangolinSnowflakeConnection OpenConnection()
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
    /// <returns>An open connection; dispose it to return it to the driver's pool.</returns>
    public new async ValueTask<PangolinSnowflakeConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection();
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
    /// <returns>The connection name, account and database.</returns>
    public override string ToString() =>
        $"PangolinSnowflakeDataSource {{ Connection = {ConnectionName}, Account = {Account}, Database = {Database ?? "(default)"} }}";

    /// <summary>The connection string for an open, from the cached resolution (a cache hit after warm-up).</summary>
    internal SnowflakeConnectionParts Prepare() => _built.For(_resolver.Resolve(ConnectionName)).Parts;

    /// <summary>The connection string for an open, resolving asynchronously.</summary>
    internal async ValueTask<SnowflakeConnectionParts> PrepareAsync(CancellationToken cancellationToken) =>
        _built.For(await _resolver.ResolveAsync(ConnectionName, cancellationToken).ConfigureAwait(false)).Parts;

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection() => OpenConnection();

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    private Built BuildFrom(ResolvedConnection resolved, Built? previous)
    {
        var parts = SnowflakeConnectionStrings.Build(resolved, _options, Settings);
        if (parts.IgnoredCredentials.Count > 0)
        {
            SnowflakeLog.CredentialsIgnored(_logger, ConnectionName, parts.IgnoredCredentials);
        }

        if (parts.UrlAccountIgnored)
        {
            SnowflakeLog.UrlAccountIgnored(_logger, ConnectionName);
        }

        if (parts.UrlUserInfoIgnored)
        {
            SnowflakeLog.UrlUserInfoIgnored(_logger, ConnectionName);
        }

        if (parts.ConnectionStringIgnored)
        {
            SnowflakeLog.ConnectionStringIgnored(_logger, ConnectionName);
        }

        if (previous is not null)
        {
            SnowflakeLog.ConnectionRebuilt(_logger, ConnectionName, parts.Account, parts.Database ?? "(default)");
        }

        return new Built(resolved, parts);
    }

    private DbProviderFactory FindFactory()
    {
        if (Settings.ProviderFactory is { } configured)
        {
            SnowflakeLog.ProviderFactoryFound(_logger, ConnectionName, configured.GetType().FullName ?? configured.GetType().Name, "settings");
            return configured;
        }

        var name = Settings.ProviderInvariantName;
        if (!string.IsNullOrWhiteSpace(name) && DbProviderFactories.TryGetFactory(name, out var registered))
        {
            SnowflakeLog.ProviderFactoryFound(_logger, ConnectionName, registered.GetType().FullName ?? registered.GetType().Name, "DbProviderFactories");
            return registered;
        }

        SnowflakeLog.ProviderFactoryMissing(_logger, ConnectionName, name);
        throw new InvalidOperationException(
            $"Snowflake connection '{ConnectionName}': no Snowflake ADO.NET driver is available. Pangolin.Extensions.Snowflake does not reference it: "
            + "add the 'Snowflake.Data' NuGet package to the application and register its factory at start-up with "
            + $"DbProviderFactories.RegisterFactory(\"{name}\", Snowflake.Data.Client.SnowflakeDbFactory.Instance); "
            + $"or pass it in code: .AddSnowflakeDataSource(\"{ConnectionName}\", settings => settings.ProviderFactory = Snowflake.Data.Client.SnowflakeDbFactory.Instance).");
    }

    private sealed record Built(ResolvedConnection Source, SnowflakeConnectionParts Parts);
}
