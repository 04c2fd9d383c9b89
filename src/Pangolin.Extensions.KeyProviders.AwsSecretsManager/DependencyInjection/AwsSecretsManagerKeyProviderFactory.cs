using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>Creates the key providers declared as <c>Pangolin:KeyProviders:{name}</c> with <c>"Type": "AwsSecretsManager"</c>.</summary>
internal sealed class AwsSecretsManagerKeyProviderFactory : IKeyProviderFactory
{
    public string Type => AwsSecretsManagerKeyProvider.ProviderType;

    public IEnumerable<string> Validate(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AwsSecretsManagerKeyProviderOptionsValidator.Validate(section);
    }

    public IKeyProvider Create(string name, IConfigurationSection section, IServiceProvider services)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(services);
        var problems = AwsSecretsManagerKeyProviderOptionsValidator.Validate(section).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems.Select(p => $"{section.Path}:{p}")));
        }

        return new AwsSecretsManagerKeyProvider(
            name,
            AwsSecretsManagerKeyProviderOptionsValidator.Bind(section),
            services.GetRequiredService<IHttpClientFactory>(),
            services.GetService<ILogger<AwsSecretsManagerKeyProvider>>(),
            services.GetService<TimeProvider>());
    }
}
