namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

[Collection(EnvironmentTests.Name)]
public class OptionsTests
{
    [Fact]
    public void Valid_settings_have_no_problems()
    {
        var options = new HashiCorpVaultKeyProviderOptions
        {
            Address = new Uri("https://vault:8200"),
            Auth = { Method = HashiCorpVaultAuthMethod.AppRole, RoleId = "r", SecretId = "s" },
        };
        Assert.Empty(HashiCorpVaultOptionsValidator.Validate(options));
    }

    [Fact]
    public void Problems_name_the_setting()
    {
        var options = new HashiCorpVaultKeyProviderOptions
        {
            Address = new Uri("ftp://vault"),
            KvVersion = 3,
            Timeout = TimeSpan.Zero,
            SkipTlsVerify = true,
            CaCertificatePath = "/nowhere/ca.pem",
            Auth = { Method = HashiCorpVaultAuthMethod.Kubernetes, JwtPath = "/nowhere/token" },
        };

        var problems = HashiCorpVaultOptionsValidator.Validate(options);

        Assert.Contains(problems, p => p.StartsWith("Address must be an absolute http or https address", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("KvVersion must be 1 or 2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Timeout must be positive", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("SkipTlsVerify and CaCertificatePath", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth:Role is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth:JwtPath '/nowhere/token' does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Address_and_token_fall_back_to_VAULT_ADDR_and_VAULT_TOKEN()
    {
        var options = new HashiCorpVaultKeyProviderOptions();
        using (new EnvironmentVariable("VAULT_ADDR", null))
        using (new EnvironmentVariable("VAULT_TOKEN", null))
        {
            var problems = HashiCorpVaultOptionsValidator.Validate(options);
            Assert.Contains(problems, p => p.StartsWith("Address is required", StringComparison.Ordinal) && p.Contains("VAULT_ADDR", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("Auth:Token is required", StringComparison.Ordinal) && p.Contains("VAULT_TOKEN", StringComparison.Ordinal));
        }

        using (new EnvironmentVariable("VAULT_ADDR", "http://127.0.0.1:8200"))
        using (new EnvironmentVariable("VAULT_TOKEN", "hvs.from-environment"))
        {
            Assert.Empty(HashiCorpVaultOptionsValidator.Validate(options));
            Assert.Equal(new Uri("http://127.0.0.1:8200"), options.GetEffectiveAddress());
        }
    }

    [Fact]
    public void Invalid_settings_make_the_constructor_throw_with_every_problem()
    {
        using var _ = new EnvironmentVariable("VAULT_ADDR", null);
        var ex = Assert.Throws<ArgumentException>(() => new HashiCorpVaultKeyProvider("vault", new HashiCorpVaultKeyProviderOptions
        {
            Auth = { Method = HashiCorpVaultAuthMethod.AppRole },
        }));
        Assert.Contains("'vault'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Address is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:RoleId is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_redacts_tokens_and_secret_ids()
    {
        var token = new HashiCorpVaultKeyProviderOptions { Address = new Uri("https://vault:8200"), Auth = { Token = "hvs.SECRET-TOKEN" } };
        var appRole = new HashiCorpVaultKeyProviderOptions
        {
            Address = new Uri("https://vault:8200"),
            Namespace = "team-a",
            Auth = { Method = HashiCorpVaultAuthMethod.AppRole, RoleId = "ROLE-ID-VALUE", SecretId = "SECRET-ID-VALUE" },
        };

        Assert.DoesNotContain("SECRET-TOKEN", token.ToString(), StringComparison.Ordinal);
        Assert.Contains("Token = ***", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-ID-VALUE", appRole.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ROLE-ID-VALUE", appRole.ToString(), StringComparison.Ordinal);
        Assert.Contains("team-a", appRole.ToString(), StringComparison.Ordinal);
        using var provider = new HashiCorpVaultKeyProvider("vault", appRole);
        Assert.DoesNotContain("SECRET-ID-VALUE", provider.ToString(), StringComparison.Ordinal);
    }
}
