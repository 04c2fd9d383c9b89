using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MySqlConnector;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.MySqlConnector;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MySqlConnector data sources for Pangolin connections (MySQL and MariaDB assets).</summary>
public static class PangolinMySqlConnectorExtensions
{
    private const string Driver = "MySqlConnector";

    /// <summary>
    /// Registers, keyed under <paramref name="serviceKey"/> (default: the connection name), a
    /// <see cref="MySqlDataSource"/> singleton (also as <see cref="DbDataSource"/>) and transient
    /// <see cref="MySqlConnection"/> / <see cref="DbConnection"/> created from it, plus a health check that runs
    /// <c>SELECT 1</c> on that data source. The connection string comes from the asset; the password never enters it
    /// and is set on the data source (<c>MySqlDataSource.Password</c>) by a periodic refresher that asks the Pangolin resolver (rotation seam).
    /// </summary>
    /// <param name="builder">The Pangolin connections builder.</param>
    /// <param name="connectionName">The connection, declared under <c>Pangolin:Connections:{name}</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after configuration is bound (code wins).</param>
    /// <param name="configureDataSourceBuilder">Adjusts the MySqlConnector data source builder before it is built.</param>
    /// <param name="serviceKey">The keyed-service key. Default: <paramref name="connectionName"/>.</param>
    /// <param name="registerAsDefault">Also register the services without a key.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The connection is not declared, the key is taken, or a setting is invalid.</exception>
    public static IPangolinConnectionsBuilder AddMySqlDataSource(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        Action<PangolinMySqlConnectorSettings>? configureSettings = null,
        Action<IServiceProvider, MySqlDataSourceBuilder>? configureDataSourceBuilder = null,
        object? serviceKey = null,
        bool registerAsDefault = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var key = serviceKey ?? connectionName;
        var connection = builder.AddClientRegistration(new PangolinClientRegistration(connectionName, key, Driver, IsRelational: true));
        var settings = CreateSettings(builder, connectionName, connection, configureSettings);

        var services = builder.Services;
        services.AddKeyedSingleton(key, (sp, _) => MySqlDataSourceFactory.Create(sp, connectionName, settings, configureDataSourceBuilder));
        return builder.AddDataSourceServices(
            connectionName, key, Driver, registerAsDefault,
            sp => sp.GetRequiredKeyedService<MySqlDataSourceHandle>(key).DataSource,
            dataSource => dataSource.CreateConnection());
    }

    private static PangolinMySqlConnectorSettings CreateSettings(
        IPangolinConnectionsBuilder builder, string connectionName, PangolinConnectionOptions connection, Action<PangolinMySqlConnectorSettings>? configure)
    {
        var path = $"{builder.SectionPath}:Connections:{connectionName}";
        var settings = new PangolinMySqlConnectorSettings();
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

        MySqlConnectionPlan.ApplySettings(new MySqlConnectionStringBuilder(), settings.ConnectionStringSettings, (key, detail) =>
            new InvalidOperationException($"{Driver}: the connection-string setting '{key}' of the connection '{connectionName}' ({path}:Settings or the AddMySqlDataSource delegate) {detail}"));
        return settings;
    }
}
