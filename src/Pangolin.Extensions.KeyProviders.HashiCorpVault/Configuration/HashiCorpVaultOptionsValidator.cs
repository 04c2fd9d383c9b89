namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>Checks provider settings; every problem starts with the name of the setting, never with its value when secret.</summary>
internal static class HashiCorpVaultOptionsValidator
{
    public static List<string> Validate(HashiCorpVaultKeyProviderOptions options)
    {
        var problems = new List<string>();
        var address = options.GetEffectiveAddress();
        if (address is null)
        {
            problems.Add(options.Address is null && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(HashiCorpVaultKeyProviderOptions.AddressEnvironmentVariable))
                ? $"Address is not set and the {HashiCorpVaultKeyProviderOptions.AddressEnvironmentVariable} environment variable is not an absolute URI."
                : $"Address is required: Vault's address, such as https://vault:8200 (or set the {HashiCorpVaultKeyProviderOptions.AddressEnvironmentVariable} environment variable).");
        }
        else if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"Address must be an absolute http or https address (got '{address}').");
        }
        else if (!string.IsNullOrEmpty(address.UserInfo))
        {
            problems.Add("Address must not carry credentials; use Auth.");
        }

        if (options.KvVersion is not (1 or 2))
        {
            problems.Add($"KvVersion must be 1 or 2 (got {options.KvVersion}).");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            problems.Add("Timeout must be positive.");
        }

        if (options.SkipTlsVerify && !string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            problems.Add("SkipTlsVerify and CaCertificatePath are both set; set only one (CaCertificatePath keeps TLS verified).");
        }
        else if (!string.IsNullOrWhiteSpace(options.CaCertificatePath) && !File.Exists(options.CaCertificatePath))
        {
            problems.Add($"CaCertificatePath '{options.CaCertificatePath}' does not exist.");
        }

        var auth = options.Auth ?? new HashiCorpVaultAuthOptions();
        switch (auth.Method)
        {
            case HashiCorpVaultAuthMethod.Token:
                if (string.IsNullOrWhiteSpace(auth.Token)
                    && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(HashiCorpVaultAuthOptions.TokenEnvironmentVariable)))
                {
                    problems.Add($"Auth:Token is required for Token authentication (or set the {HashiCorpVaultAuthOptions.TokenEnvironmentVariable} environment variable).");
                }

                break;
            case HashiCorpVaultAuthMethod.AppRole:
                if (string.IsNullOrWhiteSpace(auth.RoleId))
                {
                    problems.Add("Auth:RoleId is required for AppRole authentication.");
                }

                break;
            case HashiCorpVaultAuthMethod.Kubernetes:
                if (string.IsNullOrWhiteSpace(auth.Role))
                {
                    problems.Add("Auth:Role is required for Kubernetes authentication: the Vault role bound to this service account.");
                }

                if (string.IsNullOrWhiteSpace(auth.JwtPath))
                {
                    problems.Add("Auth:JwtPath is required for Kubernetes authentication.");
                }
                else if (!File.Exists(auth.JwtPath))
                {
                    problems.Add($"Auth:JwtPath '{auth.JwtPath}' does not exist: the service account token is not mounted (is this running in Kubernetes?).");
                }

                break;
            default:
                problems.Add($"Auth:Method '{auth.Method}' is not supported (use Token, AppRole or Kubernetes).");
                break;
        }

        return problems;
    }
}
