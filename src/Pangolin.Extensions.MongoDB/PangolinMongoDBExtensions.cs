using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MongoDB.Driver;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.MongoDB;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MongoDB clients for Pangolin connections (<c>mongodb</c> assets).</summary>
public static class PangolinMongoDBExtensions
{
    private const string Driver = "MongoDB";

    /// <summary>
    /// Registers, keyed under <paramref name="serviceKey"/> (default: the connection name), an <see cref="IMongoClient"/>
    /// singleton and an <see cref="IMongoDatabase"/> for the database the asset's URL names (or
    /// <see cref="PangolinMongoDBSettings.DatabaseName"/>), plus a health check that runs <c>ping</c> with that client.
    /// The client settings are built with <see cref="MongoUrlBuilder"/>: the credential is set on the builder, never
    /// pasted into the URL, so any character in user names and passwords works.
    /// </summary>
    /// <param name="builder">The Pangolin connections builder.</param>
    /// <param name="connectionName">The connection, declared under <c>Pangolin:Connections:{name}</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after configuration is bound (code wins).</param>
    /// <param name="configureClientSettings">Adjusts the driver's client settings last (code wins over the asset and configuration).</param>
    /// <param name="serviceKey">The keyed-service key. Default: <paramref name="connectionName"/>.</param>
    /// <param name="registerAsDefault">Also register the services without a key.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The connection is not declared, the key is taken, or a setting is invalid.</exception>
    public static IPangolinConnectionsBuilder AddMongoDBClient(
        this IPangolinConnectionsBuilder builder,
        string connectionName,
        Action<PangolinMongoDBSettings>? configureSettings = null,
        Action<MongoClientSettings>? configureClientSettings = null,
        object? serviceKey = null,
        bool registerAsDefault = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var key = serviceKey ?? connectionName;
        var connection = builder.AddClientRegistration(new PangolinClientRegistration(connectionName, key, Driver, IsRelational: false));
        var settings = CreateSettings(builder, connectionName, connection, configureSettings);

        var services = builder.Services;
        services.AddKeyedSingleton(key, (sp, _) => MongoClientFactory.Create(sp, connectionName, settings, configureClientSettings));
        services.AddKeyedSingleton(key, (sp, _) => sp.GetRequiredKeyedService<MongoClientHandle>(key).Client);
        services.AddKeyedSingleton(key, (sp, _) => sp.GetRequiredKeyedService<MongoClientHandle>(key).GetDatabase());
        if (registerAsDefault)
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IMongoClient>(key));
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IMongoDatabase>(key));
        }

        builder.AddConnectionHealthCheck(connectionName, sp => new MongoDBHealthCheck(() => sp.GetRequiredKeyedService<MongoClientHandle>(key)));
        return builder;
    }

    private static PangolinMongoDBSettings CreateSettings(
        IPangolinConnectionsBuilder builder, string connectionName, PangolinConnectionOptions connection, Action<PangolinMongoDBSettings>? configure)
    {
        var path = $"{builder.SectionPath}:Connections:{connectionName}";
        var settings = new PangolinMongoDBSettings();
        foreach (var (key, value) in connection.Settings)
        {
            settings.UrlOptions[key] = value;
        }

        builder.Section?.GetSection("Connections").GetSection(connectionName).Bind(settings);
        configure?.Invoke(settings);
        var problem = MongoClientPlan.Validate(settings);
        return problem is null
            ? settings
            : throw new InvalidOperationException($"{Driver}: the settings of the connection '{connectionName}' ({path}:Settings or the AddMongoDBClient delegate): {problem}");
    }
}
