using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Resolution;
using Pangolin.Extensions.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SQLite connections from Pangolin assets, through Microsoft.Data.Sqlite.</summary>
public static class PangolinSqliteServiceCollectionExtensions
{
    private const string Driver = "Sqlite";

    /// <summary>
    /// Registers, keyed under <paramref name="serviceKey"/> (default: the connection name), a singleton
    /// <see cref="PangolinSqliteDataSource"/> (also as <see cref="DbDataSource"/>), and transient
    /// <see cref="SqliteConnection"/> and <see cref="DbConnection"/> created from it; plus a <c>SELECT 1</c> health check
    /// on the same data source, named after the connection. The asset must be of type <c>sqlite</c>.
    /// </summary>
    /// <param name="builder">The Pangolin connections builder.</param>
    /// <param name="connectionName">The connection, declared under <c>Pangolin:Connections</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after the configured <c>Settings</c> are applied (code wins).</param>
    /// <param name="serviceKey">The keyed-service key; default the connection name.</param>
    /// <param name="registerAsDefault">Also register the data source and connections without a key.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The connection is not declared, the key is taken, or a default data source already exists.</exception>
    public static IPangolinConnectionsBuilder AddSqliteDataSource(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        Action<PangolinSqliteSettings>? configureSettings = null,
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

    private static PangolinSqliteDataSource CreateDataSource(
        IServiceProvider services, string connectionName, Action<PangolinSqliteSettings>? configureSettings, string settingsPath)
    {
        var options = services.GetRequiredService<IOptions<PangolinOptions>>().Value.Connections.GetValueOrDefault(connectionName);
        var settings = new PangolinSqliteSettings();
        foreach (var (keyword, value) in options?.Settings ?? [])
        {
            settings.ConnectionStringSettings[keyword] = value;
        }

        configureSettings?.Invoke(settings);
        var baseDirectory = Path.GetFullPath(settings.BaseDirectory
            ?? services.GetService<IHostEnvironment>()?.ContentRootPath
            ?? Environment.CurrentDirectory);
        return new PangolinSqliteDataSource(
            connectionName,
            services.GetRequiredService<IPangolinConnectionResolver>(),
            options,
            settings,
            baseDirectory,
            settingsPath,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<PangolinSqliteDataSource>());
    }
}
