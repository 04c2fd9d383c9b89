using System.Text.Json;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Server;
using Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Support;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

public sealed class KubernetesAuthTests : IDisposable
{
    private readonly string _jwtPath = Path.Combine(Path.GetTempPath(), $"pangolin-sa-token-{Guid.NewGuid():N}");

    [Fact]
    public async Task Logs_in_with_role_and_the_service_account_jwt_read_again_on_every_login()
    {
        await using var test = await VaultTest.StartAsync();
        var key = FernetKey.Generate().Export();
        test.Vault.Write("secret", "db-keys", new Dictionary<string, object?> { ["k"] = key });
        test.Vault.EnableKubernetes("pangolin-app", TokenPolicy.ReadAll(TimeSpan.FromMinutes(10), renewable: false));
        const string firstJwt = "eyJhbGciOiJSUzI1NiJ9.first-service-account-token.sig";
        const string secondJwt = "eyJhbGciOiJSUzI1NiJ9.rotated-service-account-token.sig";
        test.Vault.AcceptedJwts[firstJwt] = true;
        test.Vault.AcceptedJwts[secondJwt] = true;
        await File.WriteAllTextAsync(_jwtPath, firstJwt + "\n");
        var provider = test.CreateProvider(o =>
        {
            o.Auth.Method = HashiCorpVaultAuthMethod.Kubernetes;
            o.Auth.Role = "pangolin-app";
            o.Auth.JwtPath = _jwtPath;
        });
        var request = VaultTest.Request("vault:secret/data/db-keys#k");

        Assert.Equal(key, await provider.GetKeyAsync(request, default));

        // The kubelet rotates the projected token; the next login (after 2/3 of the lease) must present the new one.
        await File.WriteAllTextAsync(_jwtPath, secondJwt);
        test.Time.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(key, await provider.GetKeyAsync(request, default));

        Assert.Equal([firstJwt, secondJwt], test.Vault.PresentedJwts);
        var login = test.Vault.Requests.First(r => r.Path == "/v1/auth/kubernetes/login");
        using var body = JsonDocument.Parse(login.Body!);
        Assert.Equal("pangolin-app", body.RootElement.GetProperty("role").GetString());
        test.AssertNoSecretLeaked([firstJwt, secondJwt, key, .. test.Vault.LiveTokens]);
    }

    [Fact]
    public async Task A_rejected_jwt_gives_a_clear_error_naming_the_role_without_the_jwt()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.EnableKubernetes("pangolin-app", TokenPolicy.ReadAll());
        const string jwt = "eyJhbGciOiJSUzI1NiJ9.not-bound.sig";
        await File.WriteAllTextAsync(_jwtPath, jwt);
        var provider = test.CreateProvider(o =>
        {
            o.Auth.Method = HashiCorpVaultAuthMethod.Kubernetes;
            o.Auth.Role = "pangolin-app";
            o.Auth.JwtPath = _jwtPath;
        });

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.Contains("refused the Kubernetes login at auth/kubernetes/login (403: permission denied)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'pangolin-app'", ex.Message, StringComparison.Ordinal);
        test.AssertNoSecretLeaked([jwt], ex);
    }

    [Fact]
    public async Task A_missing_jwt_file_at_login_is_reported_with_its_path()
    {
        await using var test = await VaultTest.StartAsync();
        test.Vault.EnableKubernetes("pangolin-app", TokenPolicy.ReadAll());
        await File.WriteAllTextAsync(_jwtPath, "jwt");
        var provider = test.CreateProvider(o =>
        {
            o.Auth.Method = HashiCorpVaultAuthMethod.Kubernetes;
            o.Auth.Role = "pangolin-app";
            o.Auth.JwtPath = _jwtPath;
        });
        File.Delete(_jwtPath);

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(VaultTest.Request("vault:secret/data/db-keys#k"), default).AsTask());

        Assert.Contains($"Auth:JwtPath '{_jwtPath}'", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_jwtPath);
}
