using System.Collections.Concurrent;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>
/// Gives each Vault provider's named <see cref="IHttpClientFactory"/> client a primary handler with that provider's
/// TLS trust (<c>CaCertificatePath</c>, <c>SkipTlsVerify</c>). Providers register their settings when created, before
/// their client is first made.
/// </summary>
internal sealed class HashiCorpVaultHttpClients(ILoggerFactory loggerFactory) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    private readonly ConcurrentDictionary<string, HashiCorpVaultKeyProviderOptions> _providers = new(StringComparer.Ordinal);

    public void Register(string providerName, HashiCorpVaultKeyProviderOptions options)
    {
        // Fail at creation, not at first use, if the CA bundle is unreadable.
        _ = VaultTls.From(options);
        _providers[HashiCorpVaultKeyProvider.GetHttpClientName(providerName)] = options;
    }

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name is null || !_providers.TryGetValue(name, out var provider))
        {
            return;
        }

        var providerName = name[HashiCorpVaultKeyProvider.GetHttpClientName(string.Empty).Length..];
        var logger = loggerFactory.CreateLogger<HashiCorpVaultKeyProvider>();
        options.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = HashiCorpVaultKeyProvider.CreateHandler(providerName, provider, logger));
        options.HttpClientActions.Add(c => c.Timeout = Timeout.InfiniteTimeSpan);
    }

    public void Configure(HttpClientFactoryOptions options)
    {
    }
}
