using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.KeyProviders.HashiCorpVault;
using Pangolin.Extensions.Keys;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers HashiCorp Vault key providers on <see cref="IPangolinConnectionsBuilder"/>.</summary>
public static class HashiCorpVaultPangolinConnectionsBuilderExtensions
{
    /// <summary>
    /// Lets configuration declare Vault key providers: each <c>Pangolin:KeyProviders:{name}</c> with
    /// <c>"Type": "HashiCorpVault"</c> becomes a provider answering <c>{name}:mount/path#field</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adjusts each declared provider's options after binding (code wins); receives the provider name.</param>
    /// <returns>The builder.</returns>
    public static IPangolinConnectionsBuilder AddHashiCorpVaultKeyProviders(
        this IPangolinConnectionsBuilder builder, Action<string, HashiCorpVaultKeyProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddServices(builder.Services);
        if (configure is not null)
        {
            builder.Services.AddSingleton(new HashiCorpVaultConfigureCallback(configure));
        }

        return builder;
    }

    /// <summary>Adds one Vault key provider configured in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The provider name: the scheme of its references. Default <c>vault</c>.</param>
    /// <param name="configure">Sets the options (address, auth, KV version, TLS).</param>
    /// <returns>The builder.</returns>
    /// <remarks>To configure a provider from <c>appsettings.json</c> instead, declare it under <c>Pangolin:KeyProviders</c>
    /// with <c>"Type": "HashiCorpVault"</c> and call <see cref="AddHashiCorpVaultKeyProviders"/>; use a name only once.</remarks>
    public static IPangolinConnectionsBuilder AddHashiCorpVaultKeyProvider(
        this IPangolinConnectionsBuilder builder, string name = HashiCorpVaultKeyProvider.DefaultName, Action<HashiCorpVaultKeyProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        AddServices(builder.Services);
        builder.Services.AddSingleton<IKeyProvider>(services =>
        {
            var options = new HashiCorpVaultKeyProviderOptions();
            configure?.Invoke(options);
            return HashiCorpVaultRegistration.CreateProvider(name, options, services);
        });
        return builder;
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HashiCorpVaultHttpClients>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, HashiCorpVaultHttpClients>(
            sp => sp.GetRequiredService<HashiCorpVaultHttpClients>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyProviderFactory, HashiCorpVaultKeyProviderFactory>());
    }
}
