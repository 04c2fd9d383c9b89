using Apache.Arrow.Flight.Client;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Dremio;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Dremio Arrow Flight clients for Pangolin connections (<c>dremio</c> assets).</summary>
public static class PangolinDremioExtensions
{
    private const string Driver = "Dremio";

    /// <summary>
    /// Registers, keyed under <paramref name="serviceKey"/> (default: the connection name), a <see cref="DremioFlightClient"/>
    /// singleton and its <see cref="FlightClient"/>, plus a health check that runs <c>SELECT 1</c> with that client.
    /// The client is created on first use without contacting Dremio; it authenticates on its first call.
    /// </summary>
    /// <param name="builder">The Pangolin connections builder.</param>
    /// <param name="connectionName">The connection, declared under <c>Pangolin:Connections:{name}</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after configuration is bound (code wins).</param>
    /// <param name="configureChannel">Adjusts the gRPC channel options (message sizes, retry policy, HTTP handler, …) before the channel is created.</param>
    /// <param name="serviceKey">The keyed-service key. Default: <paramref name="connectionName"/>.</param>
    /// <param name="registerAsDefault">Also register the services without a key.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The connection is not declared, the key is taken, or a setting is invalid.</exception>
    public static IPangolinConnectionsBuilder AddDremioFlightClient(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        Action<PangolinDremioSettings>? configureSettings = null,
        Action<GrpcChannelOptions>? configureChannel = null,
        object? serviceKey = null,
        bool registerAsDefault = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var key = serviceKey ?? connectionName;
        var connection = builder.AddClientRegistration(new PangolinClientRegistration(connectionName, key, Driver, IsRelational: false));
        var settings = CreateSettings(builder, connectionName, connection, configureSettings);

        var services = builder.Services;
        services.AddKeyedSingleton(key, (sp, _) => DremioFlightClientFactory.Create(sp, connectionName, settings, configureChannel));
        services.AddKeyedSingleton(key, (sp, _) => sp.GetRequiredKeyedService<DremioFlightClient>(key).FlightClient);
        if (registerAsDefault)
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<DremioFlightClient>(key));
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<FlightClient>(key));
        }

        builder.AddConnectionHealthCheck(connectionName, sp => new DremioHealthCheck(() => sp.GetRequiredKeyedService<DremioFlightClient>(key), settings.HealthCheckQuery));
        return builder;
    }

    private static PangolinDremioSettings CreateSettings(
        IPangolinConnectionsBuilder builder, string connectionName, PangolinConnectionOptions connection, Action<PangolinDremioSettings>? configure)
    {
        var path = $"{builder.SectionPath}:Connections:{connectionName}";
        var settings = new PangolinDremioSettings();
        foreach (var (key, value) in connection.Settings)
        {
            settings.Headers[key] = value;
        }

        builder.Section?.GetSection("Connections").GetSection(connectionName).Bind(settings);
        configure?.Invoke(settings);
        var problem = settings.Validate();
        return problem is null
            ? settings
            : throw new InvalidOperationException($"{Driver}: the settings of the connection '{connectionName}' ({path} or the AddDremioFlightClient delegate): {problem}");
    }
}
