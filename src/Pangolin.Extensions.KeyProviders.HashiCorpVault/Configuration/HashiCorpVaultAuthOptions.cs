namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>How a HashiCorp Vault key provider authenticates (<c>Auth</c> under the provider's section).</summary>
public sealed class HashiCorpVaultAuthOptions
{
    /// <summary>The environment variable read when <see cref="Token"/> is not set.</summary>
    public const string TokenEnvironmentVariable = "VAULT_TOKEN";

    /// <summary>Where Kubernetes mounts the service account token.</summary>
    public const string DefaultJwtPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /// <summary>The auth method. Default <see cref="HashiCorpVaultAuthMethod.Token"/>.</summary>
    public HashiCorpVaultAuthMethod Method { get; set; } = HashiCorpVaultAuthMethod.Token;

    /// <summary>The Vault token (method <c>Token</c>). Defaults to the <c>VAULT_TOKEN</c> environment variable, re-read after a 403.</summary>
    public string? Token { get; set; }

    /// <summary>The AppRole role id (method <c>AppRole</c>).</summary>
    public string? RoleId { get; set; }

    /// <summary>The AppRole secret id (method <c>AppRole</c>); leave empty for roles with <c>bind_secret_id=false</c>.</summary>
    public string? SecretId { get; set; }

    /// <summary>The Vault role bound to the service account (method <c>Kubernetes</c>).</summary>
    public string? Role { get; set; }

    /// <summary>
    /// The service account token file (method <c>Kubernetes</c>). Read again on every login, because projected tokens rotate.
    /// Default <c>/var/run/secrets/kubernetes.io/serviceaccount/token</c>.
    /// </summary>
    public string JwtPath { get; set; } = DefaultJwtPath;

    /// <summary>Where the auth method is mounted. Default <c>approle</c> or <c>kubernetes</c>.</summary>
    public string? MountPath { get; set; }

    /// <summary>The mount path in effect: <see cref="MountPath"/> or the method's default.</summary>
    /// <returns>The mount path without surrounding slashes.</returns>
    public string GetEffectiveMountPath()
    {
        var mount = MountPath?.Trim('/');
        return !string.IsNullOrEmpty(mount) ? mount : Method switch
        {
            HashiCorpVaultAuthMethod.AppRole => "approle",
            HashiCorpVaultAuthMethod.Kubernetes => "kubernetes",
            _ => "token",
        };
    }

    /// <summary>The settings with secrets redacted.</summary>
    /// <returns>A description for logs and debugging.</returns>
    public override string ToString() => Method switch
    {
        HashiCorpVaultAuthMethod.AppRole =>
            $"{{ Method = AppRole, MountPath = {GetEffectiveMountPath()}, RoleId = {Redact(RoleId)}, SecretId = {Redact(SecretId)} }}",
        HashiCorpVaultAuthMethod.Kubernetes =>
            $"{{ Method = Kubernetes, MountPath = {GetEffectiveMountPath()}, Role = {Role}, JwtPath = {JwtPath} }}",
        _ => $"{{ Method = {Method}, Token = {(string.IsNullOrEmpty(Token) ? "(from " + TokenEnvironmentVariable + ")" : "***")} }}",
    };

    private static string Redact(string? value) => string.IsNullOrEmpty(value) ? "(not set)" : "***";
}

/// <summary>The Vault auth methods a key provider can use.</summary>
public enum HashiCorpVaultAuthMethod
{
    /// <summary>A Vault token from <c>Auth:Token</c> or <c>VAULT_TOKEN</c>; renewed with renew-self when renewable.</summary>
    Token = 0,

    /// <summary>AppRole login (<c>POST /v1/auth/{mount}/login</c> with role_id and secret_id).</summary>
    AppRole,

    /// <summary>Kubernetes login (<c>POST /v1/auth/{mount}/login</c> with role and the service account JWT).</summary>
    Kubernetes,
}
