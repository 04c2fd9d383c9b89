using Microsoft.Extensions.Configuration;

namespace Pangolin.Extensions.Keys;

/// <summary>
/// Creates key providers declared in configuration (<c>Pangolin:KeyProviders:{name}</c> with a <c>Type</c>).
/// Provider packages register one factory per type, such as <c>HashiCorpVault</c>.
/// </summary>
public interface IKeyProviderFactory
{
    /// <summary>The <c>Type</c> value this factory answers, compared case-insensitively.</summary>
    string Type { get; }

    /// <summary>Validates a provider's settings without creating it, so start-up can fail with a clear message.</summary>
    /// <param name="section">The provider's configuration section.</param>
    /// <returns>Problems found, each naming the setting; empty when valid.</returns>
    IEnumerable<string> Validate(IConfigurationSection section);

    /// <summary>Creates a provider.</summary>
    /// <param name="name">The provider name (the scheme of its key references).</param>
    /// <param name="section">The provider's configuration section.</param>
    /// <param name="services">The service provider.</param>
    /// <returns>The provider.</returns>
    IKeyProvider Create(string name, IConfigurationSection section, IServiceProvider services);
}
