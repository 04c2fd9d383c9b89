using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>A code delegate applied to every configuration-declared Vault provider after binding.</summary>
/// <param name="Configure">Receives the provider name and its bound options.</param>
internal sealed record HashiCorpVaultConfigureCallback(Action<string, HashiCorpVaultKeyProviderOptions> Configure);

/// <summary>
/// Creates the providers declared as <c>Pangolin:KeyProviders:{name}</c> with <c>"Type": "HashiCorpVault"</c>.
/// </summary>
internal sealed class HashiCorpVaultKeyProviderFactory(IEnumerable<HashiCorpVaultConfigureCallback> callbacks) : IKeyProviderFactory
{
    public string Type => HashiCorpVaultKeyProvider.ProviderType;

    public IEnumerable<string> Validate(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        HashiCorpVaultKeyProviderOptions options;
        try
        {
            options = Bind(section.Key, section);
        }
        catch (InvalidOperationException ex)
        {
            return [$" settings could not be read: {ex.Message}"];
        }

        return HashiCorpVaultOptionsValidator.Validate(options);
    }

    public IKeyProvider Create(string name, IConfigurationSection section, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(services);
        return HashiCorpVaultRegistration.CreateProvider(name, Bind(name, section), services);
    }

    private HashiCorpVaultKeyProviderOptions Bind(string name, IConfigurationSection section)
    {
        var options = new HashiCorpVaultKeyProviderOptions();
        section.Bind(options);
        foreach (var callback in callbacks)
        {
            callback.Configure(name, options);
        }

        return options;
    }
}

/// <summary>Creates providers wired to dependency injection (named HTTP client, logger, clock).</summary>
internal static class HashiCorpVaultRegistration
{
    public static HashiCorpVaultKeyProvider CreateProvider(string name, HashiCorpVaultKeyProviderOptions options, IServiceProvider services)
    {
        var problems = HashiCorpVaultOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The HashiCorp Vault key provider '{name}' is misconfigured: {string.Join(" ", problems)}");
        }

        services.GetRequiredService<HashiCorpVaultHttpClients>().Register(name, options);
        var httpClients = services.GetRequiredService<IHttpClientFactory>();
        var clientName = HashiCorpVaultKeyProvider.GetHttpClientName(name);
        return new HashiCorpVaultKeyProvider(
            name,
            options,
            () => httpClients.CreateClient(clientName),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<HashiCorpVaultKeyProvider>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System);
    }
}
