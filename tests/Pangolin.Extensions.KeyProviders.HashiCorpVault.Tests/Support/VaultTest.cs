using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Server;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Support;

/// <summary>A fake Vault with a <c>secret</c> KV v2 mount and a <c>kv</c> KV v1 mount, a fake clock and captured logs.</summary>
internal sealed class VaultTest : IAsyncDisposable
{
    private readonly List<IDisposable> _disposables = [];

    private VaultTest(FakeTimeProvider time, FakeVault vault)
    {
        Time = time;
        Vault = vault;
    }

    public FakeTimeProvider Time { get; }

    public FakeVault Vault { get; }

    public FakeLogCollector Logs { get; } = new();

    public static async Task<VaultTest> StartAsync(X509Certificate2? certificate = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var vault = await FakeVault.StartAsync(time, certificate);
        vault.MountKv("secret", 2).MountKv("kv", 1);
        return new VaultTest(time, vault);
    }

    public HashiCorpVaultKeyProvider CreateProvider(Action<HashiCorpVaultKeyProviderOptions> configure, string name = "vault", HttpClient? http = null)
    {
        var options = new HashiCorpVaultKeyProviderOptions { Address = Vault.Address };
        configure(options);
        var provider = new HashiCorpVaultKeyProvider(name, options, http, new FakeLogger<HashiCorpVaultKeyProvider>(Logs), Time);
        _disposables.Add(provider);
        return provider;
    }

    public static KeyRequest Request(string reference) => new(KeyReference.Parse(reference));

    /// <summary>Asserts that no log record (message, state or exception) and no given exception contains any of the secrets.</summary>
    public void AssertNoSecretLeaked(IEnumerable<string> secrets, params Exception?[] exceptions)
    {
        var texts = Logs.GetSnapshot()
            .SelectMany(r => new[] { r.Message, r.Exception?.ToString() }
                .Concat(r.StructuredState?.Select(kv => kv.Value) ?? []))
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
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await Vault.DisposeAsync();
    }
}
