using Pangolin.Extensions.TestInfrastructure;
using System.Security.Cryptography;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests.Server;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests.Support;

/// <summary>A fake vault over HTTPS, a fake credential whose token the vault accepts, a transport that trusts the vault's certificate, captured logs.</summary>
internal sealed class AzureTest : IAsyncDisposable
{
    private readonly TestCertificates _certificates;

    private AzureTest(TestCertificates certificates, FakeKeyVault vault)
    {
        _certificates = certificates;
        Vault = vault;
        Credential = new FakeTokenCredential($"eyJ0eXAiOiJKV1QifQ.access-token-{Guid.NewGuid():N}.sig");
        Vault.AcceptedTokens[Credential.Token] = true;
    }

    public FakeKeyVault Vault { get; }

    public FakeTokenCredential Credential { get; }

    public FakeLogCollector Logs { get; } = new();

    public static async Task<AzureTest> StartAsync()
    {
        var certificates = TestCertificates.Create();
        return new AzureTest(certificates, await FakeKeyVault.StartAsync(certificates.Server));
    }

    /// <summary>Makes the real <see cref="SecretClient"/> trust exactly the test server's certificate.</summary>
    public void TrustServer(SecretClientOptions options)
    {
        var expected = _certificates.Server.GetCertHashString(HashAlgorithmName.SHA256);
        options.Transport = new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == expected,
        });
    }

    public AzureKeyVaultKeyProviderOptions Options(Action<AzureKeyVaultKeyProviderOptions>? configure = null)
    {
        var options = new AzureKeyVaultKeyProviderOptions
        {
            VaultUri = Vault.VaultUri,
            DisableChallengeResourceVerification = true,
            MaxRetries = 0,
            TokenCredential = Credential,
            ConfigureClientOptions = TrustServer,
        };
        configure?.Invoke(options);
        return options;
    }

    public AzureKeyVaultKeyProvider CreateProvider(Action<AzureKeyVaultKeyProviderOptions>? configure = null, string name = "azurekv") =>
        new(name, Options(configure), new FakeLogger<AzureKeyVaultKeyProvider>(Logs));

    public static KeyRequest Request(string reference) => new(KeyReference.Parse(reference));

    /// <summary>Asserts that no log record (message, state or exception) and no given exception contains any of the secrets.</summary>
    public void AssertNoSecretLeaked(IEnumerable<string> secrets, params Exception?[] exceptions)
    {
        var texts = Logs.GetSnapshot()
            .SelectMany(r => new[] { r.Message, r.Exception?.ToString() }.Concat(r.StructuredState?.Select(kv => kv.Value) ?? []))
            .Concat(exceptions.Select(e => e?.ToString()))
            .OfType<string>()
            .ToList();
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Vault.DisposeAsync();
        _certificates.Dispose();
    }
}
