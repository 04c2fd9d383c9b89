using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pangolin.Extensions.Configuration;

namespace Pangolin.Extensions.DependencyInjection;

/// <summary>Building blocks for driver packages: client registrations and per-connection health checks.</summary>
public static class PangolinConnectionsBuilderExtensions
{
    /// <summary>
    /// Records a driver's client registration for a connection and checks, at registration time, that the
    /// connection is declared and that the service key is not taken.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="registration">The registration.</param>
    /// <returns>The connection's options as known at registration time.</returns>
    /// <exception cref="InvalidOperationException">The connection is not declared, or the key is already used by another registration.</exception>
    public static PangolinConnectionOptions AddClientRegistration(this IPangolinConnectionsBuilder builder, PangolinClientRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(registration);
        var options = builder.GetRegistrationOptions();
        if (!options.Connections.TryGetValue(registration.ConnectionName, out var connection))
        {
            throw new InvalidOperationException(
                $"{registration.Driver}: the connection '{registration.ConnectionName}' is not declared. Add it under "
                + $"'{builder.SectionPath}:Connections:{registration.ConnectionName}' (with Asset and Key), or in the AddPangolinConnections delegate. "
                + $"Declared: {(options.Connections.Count == 0 ? "none" : string.Join(", ", options.Connections.Keys.Order(StringComparer.Ordinal)))}.");
        }

        var clash = builder.Services
            .Where(d => d.ServiceType == typeof(PangolinClientRegistration) && d.ImplementationInstance is PangolinClientRegistration)
            .Select(d => (PangolinClientRegistration)d.ImplementationInstance!)
            .FirstOrDefault(r => Equals(r.ServiceKey, registration.ServiceKey) && (r.IsRelational || registration.IsRelational || r.Driver == registration.Driver));
        if (clash is not null)
        {
            throw new InvalidOperationException(
                $"{registration.Driver}: the service key '{registration.ServiceKey}' is already used by {clash.Driver} for the connection '{clash.ConnectionName}'. "
                + "Pass another serviceKey.");
        }

        builder.Services.AddSingleton(registration);
        return connection;
    }

    /// <summary>
    /// Registers a connection's health check, named after the connection, with the tags and timeout from its
    /// settings, unless <see cref="PangolinConnectionOptions.DisableHealthCheck"/> is set.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionName">The connection name (the check's name).</param>
    /// <param name="factory">Creates the check; it must use the same client or data source the application uses.</param>
    /// <param name="failureStatus">The status reported on failure. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <returns>The builder.</returns>
    public static IPangolinConnectionsBuilder AddConnectionHealthCheck(
        this IPangolinConnectionsBuilder builder, string connectionName, Func<IServiceProvider, IHealthCheck> factory, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionName);
        ArgumentNullException.ThrowIfNull(factory);
        var options = builder.GetRegistrationOptions();
        if (!options.Connections.TryGetValue(connectionName, out var connection) || connection.DisableHealthCheck)
        {
            return builder;
        }

        var marker = new ConnectionHealthCheckMarker(connectionName);
        if (builder.Services.Any(d => d.ServiceType == typeof(ConnectionHealthCheckMarker) && Equals(d.ImplementationInstance, marker)))
        {
            return builder;
        }

        builder.Services.AddSingleton(marker);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName, factory, failureStatus, connection.HealthCheckTags, connection.HealthCheckTimeout));
        return builder;
    }

    /// <summary>
    /// Registers the standard relational health check for a connection: <c>SELECT 1</c> on the keyed
    /// <see cref="System.Data.Common.DbDataSource"/> the application uses (see <see cref="AddConnectionHealthCheck"/> for tags and timeout).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionName">The connection name (the check's name).</param>
    /// <param name="serviceKey">The key the data source is registered under.</param>
    /// <param name="query">The query to run. Default <c>SELECT 1</c>.</param>
    /// <returns>The builder.</returns>
    public static IPangolinConnectionsBuilder AddDataSourceHealthCheck(this IPangolinConnectionsBuilder builder, string connectionName, object serviceKey, string query = "SELECT 1") =>
        builder.AddConnectionHealthCheck(
            connectionName,
            sp => new HealthChecks.DbDataSourceHealthCheck(() => sp.GetRequiredKeyedService<System.Data.Common.DbDataSource>(serviceKey), query));

    /// <summary>
    /// Registers the services every relational driver package exposes for a connection, keyed under
    /// <paramref name="serviceKey"/>: the driver's data source as a singleton (also as <see cref="DbDataSource"/>, the same
    /// instance), its connection type and <see cref="DbConnection"/> as transients created from that data source, the
    /// unkeyed versions of all four when <paramref name="registerAsDefault"/> is set, and the <c>SELECT 1</c> health check
    /// on the same data source. Call <see cref="AddClientRegistration"/> first.
    /// </summary>
    /// <typeparam name="TDataSource">The driver's data source type.</typeparam>
    /// <typeparam name="TConnection">The driver's connection type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionName">The connection name.</param>
    /// <param name="serviceKey">The keyed-service key.</param>
    /// <param name="driver">The driver package, for messages.</param>
    /// <param name="registerAsDefault">Also register the services without a key.</param>
    /// <param name="createDataSource">Creates the data source (called once, on first use).</param>
    /// <param name="createConnection">Creates a connection from the data source.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">A default (unkeyed) <see cref="DbDataSource"/> is already registered.</exception>
    public static IPangolinConnectionsBuilder AddDataSourceServices<TDataSource, TConnection>(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        object serviceKey,
        string driver,
        bool registerAsDefault,
        Func<IServiceProvider, TDataSource> createDataSource,
        Func<TDataSource, TConnection> createConnection)
        where TDataSource : DbDataSource
        where TConnection : DbConnection
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(createDataSource);
        ArgumentNullException.ThrowIfNull(createConnection);
        var services = builder.Services;
        services.AddKeyedSingleton(serviceKey, (sp, _) => createDataSource(sp));
        services.AddKeyedSingleton<DbDataSource>(serviceKey, (sp, _) => sp.GetRequiredKeyedService<TDataSource>(serviceKey));
        services.AddKeyedTransient(serviceKey, (sp, _) => createConnection(sp.GetRequiredKeyedService<TDataSource>(serviceKey)));
        services.AddKeyedTransient<DbConnection>(serviceKey, (sp, _) => sp.GetRequiredKeyedService<TConnection>(serviceKey));
        if (registerAsDefault)
        {
            if (services.Any(d => !d.IsKeyedService && d.ServiceType == typeof(DbDataSource)))
            {
                throw new InvalidOperationException(
                    $"{driver}: cannot register the connection '{connectionName}' as the default: a default (unkeyed) DbDataSource is already registered.");
            }

            services.AddSingleton(sp => sp.GetRequiredKeyedService<TDataSource>(serviceKey));
            services.AddSingleton<DbDataSource>(sp => sp.GetRequiredKeyedService<TDataSource>(serviceKey));
            services.AddTransient(sp => sp.GetRequiredKeyedService<TConnection>(serviceKey));
            services.AddTransient<DbConnection>(sp => sp.GetRequiredKeyedService<TConnection>(serviceKey));
        }

        return builder.AddDataSourceHealthCheck(connectionName, serviceKey);
    }

    private sealed record ConnectionHealthCheckMarker(string ConnectionName);
}
