using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Npgsql;

/// <summary>Creates the data source of one connection: resolves it, builds the connection string, wires the password provider.</summary>
internal static class NpgsqlDataSourceFactory
{
    internal const string LoggerCategory = "Pangolin.Extensions.Npgsql";

    public static NpgsqlDataSource Create(
        IServiceProvider services, string connectionName, PangolinNpgsqlSettings settings, Action<IServiceProvider, NpgsqlDataSourceBuilder>? configure)
    {
        var resolver = services.GetRequiredService<IPangolinConnectionResolver>();
        var connection = services.GetRequiredService<IOptions<PangolinOptions>>().Value.Connections.GetValueOrDefault(connectionName);
        var loggerFactory = services.GetService<ILoggerFactory>();
        var logger = loggerFactory?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;

        // A cache hit once the start-up warm-up has run; DI factories cannot be asynchronous.
        var resolved = resolver.Resolve(connectionName);
        var plan = NpgsqlConnectionPlan.Create(resolved, connection, settings.ConnectionStringSettings);
        if (plan.IgnoredCredentials.Count > 0)
        {
            NpgsqlLog.CredentialsIgnored(logger, connectionName, string.Join(", ", plan.IgnoredCredentials));
        }

        var builder = new NpgsqlDataSourceBuilder(plan.Builder.ConnectionString) { Name = connectionName };
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        if (plan.HasPassword)
        {
            var provider = new NpgsqlPasswordProvider(resolver, connectionName, resolved.Credentials.Username, logger);
            builder.UsePeriodicPasswordProvider(provider.GetPasswordAsync, settings.PasswordRefreshInterval, settings.PasswordFailureRefreshInterval);
        }

        if (settings.DisableTracing)
        {
            builder.ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => false)
                .ConfigureBatchFilter(_ => false)
                .ConfigureCopyOperationFilter(_ => false)
                .EnablePhysicalOpenTracing(false));
        }

        if (settings.DisableMetrics)
        {
            NpgsqlLog.MetricsNotConfigurable(logger, connectionName);
        }

        configure?.Invoke(services, builder);
        var dataSource = builder.Build();
        var target = builder.ConnectionStringBuilder;
        NpgsqlLog.DataSourceCreated(logger, connectionName, target.Host, target.Port, target.Database, target.Username, plan.HasPassword);
        return dataSource;
    }

    /// <summary>Asks the resolver for the current password: the rotation seam (a cache hit until the connection is invalidated).</summary>
    private sealed class NpgsqlPasswordProvider(IPangolinConnectionResolver resolver, string connectionName, string? userName, ILogger logger)
    {
        public async ValueTask<string> GetPasswordAsync(NpgsqlConnectionStringBuilder settings, CancellationToken cancellationToken)
        {
            var resolved = await resolver.ResolveAsync(connectionName, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(resolved.Credentials.Username, userName, StringComparison.Ordinal))
            {
                NpgsqlLog.UserNameChanged(logger, connectionName);
            }

            var password = NpgsqlConnectionPlan.GetPassword(resolved);
            if (password is null)
            {
                // Npgsql keeps the last good password when the provider fails.
                NpgsqlLog.PasswordMissing(logger, connectionName);
                throw new InvalidOperationException($"Connection '{connectionName}': the asset carries no password.");
            }

            return password;
        }
    }
}
