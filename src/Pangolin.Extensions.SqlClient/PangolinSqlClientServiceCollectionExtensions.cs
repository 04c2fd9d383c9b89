using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.SqlClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Azure Synapse and SQL Server connections from Pangolin assets, through Microsoft.Data.SqlClient.</summary>
public static class PangolinSqlClientServiceCollectionExtensions
{
    private const string Driver = "SqlClient";

    /// <summary>
    /// Registers, keyed under <paramref name="serviceKey"/> (default: the connection name), a singleton
    /// <see cref="PangolinSqlClientDataSource"/> (also as <see cref="DbDataSource"/>), and transient
    /// <see cref="SqlConnection"/> and <see cref="DbConnection"/> created from it; plus a <c>SELECT 1</c> health check on
    /// the same data source, named after the connection. The asset must be of type <c>synapse</c> or <c>sqlserver</c>.
    /// </summary>
    /// <param name="builder">The Pangolin connections builder.</param>
    /// <param name="connectionName">The connection, declared under <c>Pangolin:Connections</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after the configured <c>Settings</c> are applied (code wins).</param>
    /// <param name="serviceKey">The keyed-service key; default the connection name.</param>
    /// <param name="registerAsDefault">Also register the data source and connections without a key.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The connection is not declared, the key is taken, or a default data source already exists.</exception>
    public static IPangolinConnectionsBuilder AddSqlServerDataSource(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        Action<PangolinSqlClientSettings>? configureSettings = null,
        object? serviceKey = null,
        bool registerAsDefault = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var key = serviceKey ?? connectionName;
        builder.AddClientRegistration(new PangolinClientRegistration(connectionName, key, Driver, IsRelational: true));
        var settingsPath = $"{builder.SectionPath}:Connections:{connectionName}:Settings";
        var services = builder.Services;

        return builder.AddDataSourceServices(
            connectionName, key, Driver, registerAsDefault,
            sp => CreateDataSource(sp, connectionName, configureSettings, settingsPath),
            dataSource => dataSource.CreateConnection());
    }

    private static PangolinSqlClientDataSource CreateDataSource(
        IServiceProvider services, string connectionName, Action<PangolinSqlClientSettings>? configureSettings, string settingsPath)
    {
        var options = services.GetRequiredService<IOptions<PangolinOptions>>().Value.Connections.GetValueOrDefault(connectionName);
        var settings = new PangolinSqlClientSettings();
        foreach (var (keyword, value) in options?.Settings ?? [])
        {
            settings.ConnectionStringSettings[keyword] = value;
        }

        configureSettings?.Invoke(settings);
        return new PangolinSqlClientDataSource(
            connectionName,
            services.GetRequiredService<IPangolinConnectionResolver>(),
            options,
            settings,
            settingsPath,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<PangolinSqlClientDataSource>());
    }
}
