using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault;

/// <summary>A code delegate applied to every configuration-declared Azure Key Vault provider after binding.</summary>
/// <param name="Configure">Receives the provider name and its bound options.</param>
internal sealed record AzureKeyVaultConfigureCallback(Action<string, AzureKeyVaultKeyProviderOptions> Configure);

/// <summary>Creates the providers declared as <c>Pangolin:KeyProviders:{name}</c> with <c>"Type": "AzureKeyVault"</c>.</summary>
internal sealed class AzureKeyVaultKeyProviderFactory(IEnumerable<AzureKeyVaultConfigureCallback> callbacks) : IKeyProviderFactory
{
    public string Type => AzureKeyVaultKeyProvider.ProviderType;

    public IEnumerable<string> Validate(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        AzureKeyVaultKeyProviderOptions options;
        try
        {
            options = Bind(section.Key, section);
        }
        catch (InvalidOperationException ex)
        {
            return [$" settings could not be read: {ex.Message}"];
        }

        return AzureKeyVaultOptionsValidator.Validate(options);
    }

    public IKeyProvider Create(string name, IConfigurationSection section, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(services);
        return AzureKeyVaultRegistration.CreateProvider(name, Bind(name, section), services);
    }

    private AzureKeyVaultKeyProviderOptions Bind(string name, IConfigurationSection section)
    {
        var options = new AzureKeyVaultKeyProviderOptions();
        section.Bind(options);
        foreach (var callback in callbacks)
        {
            callback.Configure(name, options);
        }

        return options;
    }
}

/// <summary>Creates providers wired to dependency injection.</summary>
internal static class AzureKeyVaultRegistration
{
    public static AzureKeyVaultKeyProvider CreateProvider(string name, AzureKeyVaultKeyProviderOptions options, IServiceProvider services)
    {
        var problems = AzureKeyVaultOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The Azure Key Vault key provider '{name}' is misconfigured: {string.Join(" ", problems)}");
        }

        return new AzureKeyVaultKeyProvider(name, options, services.GetRequiredService<ILoggerFactory>().CreateLogger<AzureKeyVaultKeyProvider>());
    }
}
