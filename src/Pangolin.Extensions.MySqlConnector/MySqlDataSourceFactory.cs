using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.MySqlConnector;

/// <summary>Creates the data source of one connection: resolves it, builds the connection string, wires the password provider.</summary>
internal static class MySqlDataSourceFactory
{
    internal const string LoggerCategory = "Pangolin.Extensions.MySqlConnector";

    public static MySqlDataSourceHandle Create(
        IServiceProvider services, string connectionName, PangolinMySqlConnectorSettings settings, Action<IServiceProvider, MySqlDataSourceBuilder>? configure)
    {
        var resolver = services.GetRequiredService<IPangolinConnectionResolver>();
        var connection = services.GetRequiredService<IOptions<PangolinOptions>>().Value.Connections.GetValueOrDefault(connectionName);
        var loggerFactory = services.GetService<ILoggerFactory>();
        var logger = loggerFactory?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;

        // A cache hit once the start-up warm-up has run; DI factories cannot be asynchronous.
        var resolved = resolver.Resolve(connectionName);
        var plan = MySqlConnectionPlan.Create(resolved, connection, settings.ConnectionStringSettings);
        if (plan.IgnoredCredentials.Count > 0)
        {
            MySqlConnectorLog.CredentialsIgnored(logger, connectionName, string.Join(", ", plan.IgnoredCredentials));
        }

        var builder = new MySqlDataSourceBuilder(plan.Builder.ConnectionString).UseName(connectionName);
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        if (settings.DisableTracing)
        {
            MySqlConnectorLog.TelemetryNotConfigurable(logger, connectionName, nameof(settings.DisableTracing));
        }

        if (settings.DisableMetrics)
        {
            MySqlConnectorLog.TelemetryNotConfigurable(logger, connectionName, nameof(settings.DisableMetrics));
        }

        configure?.Invoke(services, builder);
        var dataSource = builder.Build();
        var refresher = plan.HasPassword
            ? new MySqlPasswordRefresher(dataSource, resolver, resolved, settings, logger, services.GetService<TimeProvider>() ?? TimeProvider.System)
            : null;
        var target = builder.ConnectionStringBuilder;
        MySqlConnectorLog.DataSourceCreated(logger, connectionName, target.Server, target.Port, target.Database, target.UserID, plan.HasPassword);
        return new MySqlDataSourceHandle(dataSource, refresher);
    }
}
