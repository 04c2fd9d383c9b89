using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.BigQuery;
using Pangolin.Extensions.BigQuery.Credentials;
using Pangolin.Extensions.BigQuery.HealthChecks;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Resolution;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers BigQuery connections from Pangolin assets: the project and a <c>GoogleCredential</c>, and optionally the
/// host's own client type built from them.
/// </summary>
public static class PangolinBigQueryServiceCollectionExtensions
{
    private const string Driver = "BigQuery";

    /// <summary>
    /// Registers, keyed under <paramref name="serviceKey"/> (default: the connection name), a singleton
    /// <see cref="PangolinBigQueryConnection"/> (project + scoped credential, resolved on first use), and a health check
    /// named after the connection that obtains an access token from that credential. The asset must be of type
    /// <c>bigquery</c>.
    /// </summary>
    /// <param name="builder">The Pangolin connections builder.</param>
    /// <param name="connectionName">The connection, declared under <c>Pangolin:Connections</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after the configured <c>Settings</c> are applied (code wins).</param>
    /// <param name="serviceKey">The keyed-service key; default the connection name.</param>
    /// <param name="registerAsDefault">Also register the connection without a key.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">
    /// The connection is not declared, the key is taken, a default connection already exists, or a configured setting is
    /// invalid (the message names its configuration path).
    /// </exception>
    public static IPangolinConnectionsBuilder AddBigQueryConnection(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        Action<PangolinBigQuerySettings>? configureSettings = null,
        object? serviceKey = null,
        bool registerAsDefault = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var key = serviceKey ?? connectionName;
        var connection = builder.AddClientRegistration(new PangolinClientRegistration(connectionName, key, Driver, IsRelational: false));
        var settingsPath = $"{builder.SectionPath}:Connections:{connectionName}:Settings";
        var atRegistration = new PangolinBigQuerySettings();
        BigQuerySettingsReader.Apply(connection.Settings, atRegistration, settingsPath);
        BigQuerySettingsReader.Validate(atRegistration, settingsPath);
        var services = builder.Services;

        services.AddKeyedSingleton(key, (sp, _) => Create(sp, connectionName, configureSettings, settingsPath));
        if (registerAsDefault)
        {
            if (services.Any(d => !d.IsKeyedService && d.ServiceType == typeof(PangolinBigQueryConnection)))
            {
                throw new InvalidOperationException(
                    $"{Driver}: cannot register the connection '{connectionName}' as the default: a default (unkeyed) PangolinBigQueryConnection is already registered.");
            }

            services.AddSingleton(sp => sp.GetRequiredKeyedService<PangolinBigQueryConnection>(key));
        }

        builder.AddConnectionHealthCheck(connectionName, sp => new BigQueryCredentialHealthCheck(() => sp.GetRequiredKeyedService<PangolinBigQueryConnection>(key)));
        return builder;
    }

    /// <summary>
    /// Registers a keyed singleton <typeparamref name="TClient"/> built by <paramref name="factory"/> from the connection's
    /// project and credential: the seam for the host's own BigQuery library, which this package does not reference.
    /// Registers the connection itself (as <see cref="AddBigQueryConnection"/> with default settings) unless it is already
    /// registered under the same key.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddPangolinConnections()
    ///     .AddBigQueryClient("analytics", (sp, c) => BigQueryClient.Create(c.ProjectId, c.Credential));
    /// // then: [FromKeyedServices("analytics")] BigQueryClient bigQuery
    /// </code>
    /// </example>
    /// <typeparam name="TClient">The client type, such as <c>Google.Cloud.BigQuery.V2.BigQueryClient</c>.</typeparam>
    /// <param name="builder">The Pangolin connections builder.</param>
    /// <param name="connectionName">The connection, declared under <c>Pangolin:Connections</c>.</param>
    /// <param name="factory">Builds the client; runs once, on first use. The container disposes the client if it is disposable.</param>
    /// <param name="serviceKey">The keyed-service key; default the connection name.</param>
    /// <param name="registerAsDefault">Also register the client (not the connection) without a key.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The connection is not declared, or the key is used by another connection.</exception>
    public static IPangolinConnectionsBuilder AddBigQueryClient<TClient>(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        Func<IServiceProvider, PangolinBigQueryConnection, TClient> factory,
        object? serviceKey = null,
        bool registerAsDefault = false)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        ArgumentNullException.ThrowIfNull(factory);
        var key = serviceKey ?? connectionName;
        var registered = builder.Services.Any(d =>
            d.ServiceType == typeof(PangolinClientRegistration)
            && d.ImplementationInstance is PangolinClientRegistration r
            && r.Driver == Driver && Equals(r.ServiceKey, key) && r.ConnectionName == connectionName);
        if (!registered)
        {
            builder.AddBigQueryConnection(connectionName, serviceKey: key);
        }

        builder.Services.AddKeyedSingleton(key, (sp, k) => factory(sp, sp.GetRequiredKeyedService<PangolinBigQueryConnection>(k)));
        if (registerAsDefault)
        {
            builder.Services.AddSingleton(sp => sp.GetRequiredKeyedService<TClient>(key));
        }

        return builder;
    }

    private static PangolinBigQueryConnection Create(
        IServiceProvider services, string connectionName, Action<PangolinBigQuerySettings>? configureSettings, string settingsPath)
    {
        var options = services.GetRequiredService<IOptions<PangolinOptions>>().Value.Connections.GetValueOrDefault(connectionName);
        var settings = new PangolinBigQuerySettings();
        BigQuerySettingsReader.Apply(options?.Settings ?? [], settings, settingsPath);
        configureSettings?.Invoke(settings);
        BigQuerySettingsReader.Validate(settings, settingsPath);
        return BigQueryConnectionFactory.Create(
            services.GetRequiredService<IPangolinConnectionResolver>().Resolve(connectionName),
            options,
            settings,
            settingsPath,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<PangolinBigQueryConnection>());
    }
}
