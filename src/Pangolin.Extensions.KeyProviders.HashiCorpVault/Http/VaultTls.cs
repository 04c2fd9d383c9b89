using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>TLS trust of one provider: the system store, a CA bundle from <c>CaCertificatePath</c>, or (explicitly) nothing.</summary>
internal sealed class VaultTls
{
    private readonly X509Certificate2Collection? _roots;

    private VaultTls(X509Certificate2Collection? roots, bool skipVerify)
    {
        _roots = roots;
        SkipVerify = skipVerify;
    }

    public bool SkipVerify { get; }

    public bool HasCustomRoots => _roots is not null;

    /// <summary>Loads the CA bundle named by the options, if any.</summary>
    /// <exception cref="InvalidOperationException">The bundle cannot be read or holds no certificate.</exception>
    public static VaultTls From(HashiCorpVaultKeyProviderOptions options)
    {
        if (options.SkipTlsVerify || string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            return new VaultTls(null, options.SkipTlsVerify);
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(options.CaCertificatePath);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"CaCertificatePath '{options.CaCertificatePath}' could not be read as PEM certificates: {ex.Message}", ex);
        }

        return roots.Count == 0
            ? throw new InvalidOperationException($"CaCertificatePath '{options.CaCertificatePath}' holds no PEM certificate.")
            : new VaultTls(roots, false);
    }

    /// <summary>Creates the handler that carries this trust.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (SkipVerify)
        {
#pragma warning disable CA5359 // Explicit, documented opt-in (SkipTlsVerify); a warning is logged when it is used.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (_roots is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate, chain, errors);
        }

        return handler;
    }

    /// <summary>Accepts a server certificate only if it chains to the configured CAs and names the host.</summary>
    internal bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || _roots is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 leaf)
        {
            return custom.Build(leaf);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(loaded);
    }
}
