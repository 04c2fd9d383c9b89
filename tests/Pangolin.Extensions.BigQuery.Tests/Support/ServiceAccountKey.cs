using System.Security.Cryptography;
using System.Text.Json;

namespace Pangolin.Extensions.BigQuery.Tests.Support;

/// <summary>A freshly generated RSA key and the service-account JSON around it, as the Cloud console downloads it.</summary>
public sealed class ServiceAccountKey : IDisposable
{
    public ServiceAccountKey(string clientEmail, Uri tokenUri, string projectId = "sa-home-project")
    {
        ClientEmail = clientEmail;
        TokenUri = tokenUri;
        Rsa = RSA.Create(2048);
        PrivateKeyPem = Rsa.ExportPkcs8PrivateKeyPem();
        KeyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
        Json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = projectId,
            ["private_key_id"] = KeyId,
            ["private_key"] = PrivateKeyPem,
            ["client_email"] = clientEmail,
            ["client_id"] = "109876543210987654321",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = tokenUri.ToString(),
        });
    }

    public string ClientEmail { get; }

    public Uri TokenUri { get; }

    public RSA Rsa { get; }

    public string PrivateKeyPem { get; }

    public string KeyId { get; }

    public string Json { get; }

    /// <summary>A line of the base64 body of the private key, to look for in places it must never appear.</summary>
    public string PrivateKeyFragment => PrivateKeyPem.Split('\n')[3];

    public void Dispose() => Rsa.Dispose();
}
