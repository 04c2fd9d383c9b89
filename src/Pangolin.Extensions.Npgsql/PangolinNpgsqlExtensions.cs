using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Npgsql data sources for Pangolin connections (PostgreSQL and Amazon Redshift assets).</summary>
public static class PangolinNpgsqlExtensions
{
    private const string Driver = "Npgsql";

    /// <summary>
    /// Registers, keyed under <paramref name="serviceKey"/> (default: the connection name), an
    /// <see cref="NpgsqlDataSource"/> singleton (also as <see cref="DbDataSource"/>) and transient
    /// <see cref="NpgsqlConnection"/> / <see cref="DbConnection"/> created from it, plus a health check that runs
    /// <c>SELECT 1</c> on that data source. The connection string comes from the asset; the password never enters it
    /// and is supplied by Npgsql's periodic password provider, which asks the Pangolin resolver (rotation seam).
    /// </summary>
    /// <param name="builder">The Pangolin connections builder.</param>
    /// <param name="connectionName">The connection, declared under <c>Pangolin:Connections:{name}</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after configuration is bound (code wins).</param>
    /// <param name="configureDataSourceBuilder">Adjusts the Npgsql data source builder before it is built (type mappings, logging, …).</param>
    /// <param name="serviceKey">The keyed-service key. Default: <paramref name="connectionName"/>.</param>
    /// <param name="registerAsDefault">Also register the services without a key.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The connection is not declared, the key is taken, or a setting is invalid.</exception>
    public static IPangolinConnectionsBuilder AddNpgsqlDataSource(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        Action<PangolinNpgsqlSettings>? configureSettings = null,
        Action<IServiceProvider, NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null,
        object? serviceKey = null,
        bool registerAsDefault = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var key = serviceKey ?? connectionName;
        var connection = builder.AddClientRegistration(new PangolinClientRegistration(connectionName, key, Driver, IsRelational: true));
        var settings = CreateSettings(builder, connectionName, connection, configureSettings);

        return builder.AddDataSourceServices(
            connectionName, key, Driver, registerAsDefault,
            sp => NpgsqlDataSourceFactory.Create(sp, connectionName, settings, configureDataSourceBuilder),
            dataSource => dataSource.CreateConnection());
    }

    private static PangolinNpgsqlSettings CreateSettings(
        IPangolinConnectionsBuilder builder, string connectionName, PangolinConnectionOptions connection, Action<PangolinNpgsqlSettings>? configure)
    {
        var path = $"{builder.SectionPath}:Connections:{connectionName}";
        var settings = new PangolinNpgsqlSettings();
        foreach (var (key, value) in connection.Settings)
        {
            settings.ConnectionStringSettings[key] = value;
        }

        builder.Section?.GetSection("Connections").GetSection(connectionName).Bind(settings);
        configure?.Invoke(settings);

        if (settings.PasswordRefreshInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Driver}: {path}:PasswordRefreshInterval must be positive.");
        }

        if (settings.PasswordFailureRefreshInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Driver}: {path}:PasswordFailureRefreshInterval must be positive.");
        }

        NpgsqlConnectionPlan.ApplySettings(new NpgsqlConnectionStringBuilder(), settings.ConnectionStringSettings, (key, detail) =>
            new InvalidOperationException($"{Driver}: the connection-string setting '{key}' of the connection '{connectionName}' ({path}:Settings or the AddNpgsqlDataSource delegate) {detail}"));
        return settings;
    }
}
