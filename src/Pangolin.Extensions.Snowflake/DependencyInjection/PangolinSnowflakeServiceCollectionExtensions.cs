using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.Snowflake;
using Pangolin.Extensions.Snowflake.ConnectionStrings;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Snowflake connections from Pangolin assets, through the Snowflake.Data driver's <see cref="DbProviderFactory"/>.</summary>
public static class PangolinSnowflakeServiceCollectionExtensions
{
    private const string Driver = "Snowflake";

    /// <summary>
    /// Registers, keyed under <paramref name="serviceKey"/> (default: the connection name), a singleton
    /// <see cref="PangolinSnowflakeDataSource"/> (also as <see cref="DbDataSource"/>), and transient
    /// <see cref="PangolinSnowflakeConnection"/> and <see cref="DbConnection"/> created from it; plus a <c>SELECT 1</c>
    /// health check on the same data source, named after the connection. The asset must be of type <c>snowflake</c>.
    /// The driver is not referenced: register <c>SnowflakeDbFactory.Instance</c> with <see cref="DbProviderFactories"/>
    /// under <c>Snowflake.Data</c>, or set <see cref="PangolinSnowflakeSettings.ProviderFactory"/>.
    /// </summary>
    /// <param name="builder">The Pangolin connections builder.</param>
    /// <param name="connectionName">The connection, declared under <c>Pangolin:Connections</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after the configured <c>Settings</c> are applied (code wins).</param>
    /// <param name="serviceKey">The keyed-service key; default the connection name.</param>
    /// <param name="registerAsDefault">Also register the data source and connections without a key.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">
    /// The connection is not declared, the key is taken, a default data source already exists, or a configured setting
    /// is refused (the message names its configuration path).
    /// </exception>
    public static IPangolinConnectionsBuilder AddSnowflakeDataSource(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        Action<PangolinSnowflakeSettings>? configureSettings = null,
        object? serviceKey = null,
        bool registerAsDefault = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var key = serviceKey ?? connectionName;
        var connection = builder.AddClientRegistration(new PangolinClientRegistration(connectionName, key, Driver, IsRelational: true));
        var settingsPath = $"{builder.SectionPath}:Connections:{connectionName}:Settings";
        SnowflakeConnectionStrings.ValidateSettings(connection.Settings, settingsPath);
        var services = builder.Services;

        return builder.AddDataSourceServices(
            connectionName, key, Driver, registerAsDefault,
            sp => CreateDataSource(sp, connectionName, configureSettings, settingsPath),
            dataSource => dataSource.CreateConnection());
    }

    private static PangolinSnowflakeDataSource CreateDataSource(
        IServiceProvider services, string connectionName, Action<PangolinSnowflakeSettings>? configureSettings, string settingsPath)
    {
        var options = services.GetRequiredService<IOptions<PangolinOptions>>().Value.Connections.GetValueOrDefault(connectionName);
        var settings = new PangolinSnowflakeSettings();
        foreach (var (keyword, value) in options?.Settings ?? [])
        {
            settings.ConnectionStringSettings[keyword] = value;
        }

        configureSettings?.Invoke(settings);
        SnowflakeConnectionStrings.ValidateSettings(settings.ConnectionStringSettings, settingsPath);
        return new PangolinSnowflakeDataSource(
            connectionName,
            services.GetRequiredService<IPangolinConnectionResolver>(),
            options,
            settings,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<PangolinSnowflakeDataSource>());
    }
}
