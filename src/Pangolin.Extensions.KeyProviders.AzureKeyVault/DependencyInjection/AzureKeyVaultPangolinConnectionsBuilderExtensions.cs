using Microsoft.Extensions.DependencyInjection.Extensions;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.KeyProviders.AzureKeyVault;
using Pangolin.Extensions.Keys;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Azure Key Vault key providers on <see cref="IPangolinConnectionsBuilder"/>.</summary>
public static class AzureKeyVaultPangolinConnectionsBuilderExtensions
{
    /// <summary>
    /// Lets configuration declare Azure Key Vault key providers: each <c>Pangolin:KeyProviders:{name}</c> with
    /// <c>"Type": "AzureKeyVault"</c> becomes a provider answering <c>{name}:secret-name[/version]</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adjusts each declared provider's options after binding (code wins), for example to set
    /// <see cref="AzureKeyVaultKeyProviderOptions.TokenCredential"/>; receives the provider name.</param>
    /// <returns>The builder.</returns>
    public static IPangolinConnectionsBuilder AddAzureKeyVaultKeyProviders(
        this IPangolinConnectionsBuilder builder, Action<string, AzureKeyVaultKeyProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddServices(builder.Services);
        if (configure is not null)
        {
            builder.Services.AddSingleton(new AzureKeyVaultConfigureCallback(configure));
        }

        return builder;
    }

    /// <summary>Adds one Azure Key Vault key provider configured in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The provider name: the scheme of its references. Default <c>azurekv</c>.</param>
    /// <param name="configure">Sets the options (vault, credential, client options).</param>
    /// <returns>The builder.</returns>
    /// <remarks>To configure a provider from <c>appsettings.json</c> instead, declare it under <c>Pangolin:KeyProviders</c>
    /// with <c>"Type": "AzureKeyVault"</c> and call <see cref="AddAzureKeyVaultKeyProviders"/>; use a name only once.</remarks>
    public static IPangolinConnectionsBuilder AddAzureKeyVaultKeyProvider(
        this IPangolinConnectionsBuilder builder, string name = AzureKeyVaultKeyProvider.DefaultName, Action<AzureKeyVaultKeyProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        AddServices(builder.Services);
        builder.Services.AddSingleton<IKeyProvider>(services =>
        {
            var options = new AzureKeyVaultKeyProviderOptions();
            configure?.Invoke(options);
            return AzureKeyVaultRegistration.CreateProvider(name, options, services);
        });
        return builder;
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyProviderFactory, AzureKeyVaultKeyProviderFactory>());
    }
}
