using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.HealthChecks;
using Pangolin.Extensions.Keys;
using Pangolin.Extensions.Resolution;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Pangolin connections: the client, key providers, the resolver and health checks.</summary>
public static class PangolinServiceCollectionExtensions
{
    /// <summary>Adds Pangolin connections configured from the <c>Pangolin</c> section of the host's configuration.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="sectionName">The configuration section. Default <c>Pangolin</c>.</param>
    /// <param name="configure">Adjusts the options after configuration is bound.</param>
    /// <returns>A builder that driver and key-provider packages extend.</returns>
    public static IPangolinConnectionsBuilder AddPangolinConnections(
        this IHostApplicationBuilder builder, string sectionName = PangolinOptions.DefaultSectionName, Action<PangolinOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddPangolinConnections(builder.Configuration, sectionName, configure);
    }

    /// <summary>Adds Pangolin connections configured from a configuration section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The root configuration (or any configuration holding the section).</param>
    /// <param name="sectionName">The configuration section. Default <c>Pangolin</c>.</param>
    /// <param name="configure">Adjusts the options after configuration is bound (code wins over configuration).</param>
    /// <returns>A builder that driver and key-provider packages extend.</returns>
    public static IPangolinConnectionsBuilder AddPangolinConnections(
        this IServiceCollection services, IConfiguration configuration, string sectionName = PangolinOptions.DefaultSectionName, Action<PangolinOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        var section = configuration.GetSection(sectionName);
        return AddCore(services, section, section.Path, configure);
    }

    /// <summary>Adds Pangolin connections configured in code only.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder that driver and key-provider packages extend.</returns>
    public static IPangolinConnectionsBuilder AddPangolinConnections(this IServiceCollection services, Action<PangolinOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, null, PangolinOptions.DefaultSectionName, configure);
    }

    private static PangolinConnectionsBuilder AddCore(IServiceCollection services, IConfigurationSection? section, string path, Action<PangolinOptions>? configure)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(PangolinConnectionsBuilder))?.ImplementationInstance as PangolinConnectionsBuilder;
        if (existing is not null)
        {
            if (configure is not null)
            {
                existing.AddConfigure(configure);
                services.Configure(configure);
            }

            return existing;
        }

        var builder = new PangolinConnectionsBuilder(services, section, path);
        services.AddSingleton(builder);

        var options = services.AddOptions<PangolinOptions>();
        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            builder.AddConfigure(configure);
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<PangolinOptions>>(sp => new PangolinOptionsValidator(
            path, section, sp.GetServices<IKeyProvider>(), sp.GetServices<IKeyProviderFactory>()));

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(PangolinClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddOptions<PangolinClientOptions>().Configure<IOptions<PangolinOptions>>((client, pangolin) =>
        {
            client.Uri = pangolin.Value.Uri;
            client.Auth = pangolin.Value.Auth;
            client.Timeout = pangolin.Value.Timeout;
        });
        services.TryAddSingleton<PangolinClient>();
        services.TryAddSingleton<PangolinConnectionAssets>();

        services.AddSingleton<IKeyProvider, EnvironmentKeyProvider>();
        services.AddSingleton<IKeyProvider>(sp => new ConfigurationKeyProvider(sp.GetService<IConfiguration>() ?? (IConfiguration?)section ?? new ConfigurationBuilder().Build()));
        services.AddSingleton<IKeyProvider, LiteralKeyProvider>();
        services.AddSingleton<IKeyProvider, AssetKeyProvider>();
        services.TryAddSingleton(sp => CreateKeyRingResolver(sp, section));

        services.TryAddSingleton(sp => CreateResolver(sp));
        services.TryAddSingleton<IPangolinConnectionResolver>(sp => sp.GetRequiredService<PangolinConnectionResolver>());
        services.TryAddSingleton<IPangolinConnectionFactory, PangolinConnectionFactory>();
        services.AddHostedService<PangolinConnectionsWarmup>();

        AddInfrastructureHealthChecks(builder);
        return builder;
    }

    private static KeyRingResolver CreateKeyRingResolver(IServiceProvider services, IConfigurationSection? section)
    {
        var options = services.GetRequiredService<IOptions<PangolinOptions>>().Value;
        var environment = services.GetService<IHostEnvironment>();
        var policy = options.AllowKeyStoredInAsset switch
        {
            true => StoredKeyPolicy.AllowWithWarning,
            false => StoredKeyPolicy.Refuse,
            null => environment?.IsDevelopment() == true ? StoredKeyPolicy.AllowWithWarning : StoredKeyPolicy.Refuse,
        };

        var providers = services.GetServices<IKeyProvider>().ToList();
        var factories = services.GetServices<IKeyProviderFactory>().ToList();
        foreach (var (name, provider) in options.KeyProviders)
        {
            var factory = factories.First(f => string.Equals(f.Type, provider.Type, StringComparison.OrdinalIgnoreCase));
            var providerSection = section?.GetSection("KeyProviders").GetSection(name)
                ?? new ConfigurationBuilder().Build().GetSection(name);
            providers.Add(factory.Create(name, providerSection, services));
        }

        return new KeyRingResolver(
            providers,
            new KeyRingResolverOptions { CacheDuration = options.KeyCacheDuration, StoredKeyPolicy = policy },
            services.GetRequiredService<ILogger<KeyRingResolver>>(),
            services.GetRequiredService<TimeProvider>());
    }

    private static PangolinConnectionResolver CreateResolver(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PangolinOptions>>().Value;
        return new PangolinConnectionResolver(
            services.GetRequiredService<PangolinClient>(),
            services.GetRequiredService<KeyRingResolver>(),
            PangolinConnectionDefinitions.FromOptions(options, services.GetRequiredService<PangolinConnectionsBuilder>().SectionPath),
            services.GetRequiredService<ILogger<PangolinConnectionResolver>>(),
            services.GetRequiredService<TimeProvider>());
    }

    private static void AddInfrastructureHealthChecks(PangolinConnectionsBuilder builder)
    {
        var options = builder.GetRegistrationOptions();
        if (options.DisableHealthChecks)
        {
            return;
        }

        var checks = builder.Services.AddHealthChecks();
        checks.Add(new HealthCheckRegistration(
            "pangolin",
            sp => new PangolinServerHealthCheck(sp.GetRequiredService<PangolinClient>()),
            HealthStatus.Unhealthy,
            options.HealthCheckTags,
            options.HealthCheckTimeout));

        var byProvider = options.Connections.Values
            .SelectMany(c => c.KeyReferences())
            .Select(text => KeyReference.TryParse(text, out var reference) ? reference : null)
            .OfType<KeyReference>()
            .Where(r => !r.IsAssetStored)
            .Distinct()
            .GroupBy(r => r.Provider, StringComparer.OrdinalIgnoreCase);
        foreach (var group in byProvider)
        {
            var references = group.ToList();
            checks.Add(new HealthCheckRegistration(
                $"pangolin-keys-{group.Key}",
                sp => new KeyProviderHealthCheck(sp.GetRequiredService<KeyRingResolver>(), group.Key, references),
                HealthStatus.Unhealthy,
                options.HealthCheckTags,
                options.HealthCheckTimeout));
        }
    }
}
