using Pangolin.Extensions.TestInfrastructure;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Server;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Support;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly List<string> _files = [];

    [Fact]
    public async Task Trusts_a_server_certificate_signed_by_the_CA_in_CaCertificatePath()
    {
        await using var test = await VaultTest.StartAsync(_certificates.Server);
        Assert.Equal("https", test.Vault.Address.Scheme);
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = key });
        var caPath = Track(_certificates.WriteCaPem());
        var provider = test.CreateProvider(o => { o.CaCertificatePath = caPath; o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()); });

        Assert.Equal(key, await provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default));
    }

    [Fact]
    public async Task Refuses_the_certificate_without_the_CA()
    {
        await using var test = await VaultTest.StartAsync(_certificates.Server);
        var provider = test.CreateProvider(o => o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()));

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.Contains("the TLS handshake failed", ex.Message, StringComparison.Ordinal);
        Assert.Empty(test.Vault.Requests);
    }

    [Fact]
    public async Task Refuses_the_certificate_when_CaCertificatePath_holds_another_CA()
    {
        await using var test = await VaultTest.StartAsync(_certificates.Server);
        using var other = TestCertificates.Create("Some Other CA");
        var caPath = Track(other.WriteCaPem());
        var provider = test.CreateProvider(o => { o.CaCertificatePath = caPath; o.Auth.Token = "hvs.x"; });

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.Contains("check CaCertificatePath", ex.Message, StringComparison.Ordinal);
        Assert.Empty(test.Vault.Requests);
    }

    [Fact]
    public async Task SkipTlsVerify_accepts_any_certificate_and_warns()
    {
        await using var test = await VaultTest.StartAsync(_certificates.Server);
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = key });
        var provider = test.CreateProvider(o => { o.SkipTlsVerify = true; o.Auth.Token = test.Vault.CreateToken(TokenPolicy.ReadAll()); });

        Assert.Equal(key, await provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default));
        Assert.Contains(test.Logs.GetSnapshot(), r => r.Id.Id == 4107 && r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public void An_unreadable_CA_bundle_fails_when_the_provider_is_created()
    {
        var path = Track(Path.Combine(Path.GetTempPath(), $"pangolin-not-pem-{Guid.NewGuid():N}.pem"));
        File.WriteAllText(path, "not a certificate");

        var ex = Assert.Throws<InvalidOperationException>(() => new HashiCorpVaultKeyProvider("vault", new HashiCorpVaultKeyProviderOptions
        {
            Address = new Uri("https://127.0.0.1:8200"),
            CaCertificatePath = path,
            Auth = { Token = "hvs.x" },
        }));

        Assert.Contains("holds no PEM certificate", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _certificates.Dispose();
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private string Track(string path)
    {
        _files.Add(path);
        return path;
    }
}
