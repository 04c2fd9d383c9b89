using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>
/// Where a key lives in Vault, parsed from a reference such as <c>vault:secret/data/db-keys?version=3#encryption_key</c>.
/// </summary>
/// <remarks>
/// <para>KV v2: the path may be written as Vault's API path (<c>secret/data/db-keys</c>, as in policies) or as the CLI
/// path (<c>secret/db-keys</c>). The first <c>data</c> segment after the first segment separates the mount from the
/// secret; without one, the first segment is the mount. So a mount of several segments is written with
/// <c>data</c> (<c>team/kv/data/db-keys</c>), and a secret path that itself contains a <c>data</c> segment is written
/// in full (<c>secret/data/app/data/keys</c>).</para>
/// <para>KV v1: the path is used as written (<c>kv/db-keys</c>); its first segment is reported as the mount.</para>
/// <para>A version (KV v2 only) is written like a query, before the field: <c>?version=3#field</c>; the form
/// <c>#field?version=3</c> is accepted too.</para>
/// </remarks>
/// <param name="Mount">The secrets engine mount.</param>
/// <param name="SecretPath">The secret's path inside the mount.</param>
/// <param name="Version">The KV v2 version, or <see langword="null"/> for the latest.</param>
/// <param name="Field">The field of the secret, or <see langword="null"/> to use its only field.</param>
/// <param name="KvVersion">The KV engine version (1 or 2).</param>
internal sealed record VaultSecretLocation(string Mount, string SecretPath, int? Version, string? Field, int KvVersion)
{
    private const string VersionQuery = "?version=";

    /// <summary>The path after <c>/v1/</c>, segments escaped.</summary>
    public string ApiPath => KvVersion == 2 ? $"{Escape(Mount)}/data/{Escape(SecretPath)}" : $"{Escape(Mount)}/{Escape(SecretPath)}";

    /// <summary>The path as written in a Vault policy (unescaped).</summary>
    public string PolicyPath => KvVersion == 2 ? $"{Mount}/data/{SecretPath}" : $"{Mount}/{SecretPath}";

    /// <summary>The request path with the version query, after <c>/v1/</c>.</summary>
    public string RequestPath => Version is { } v ? ApiPath + VersionQuery + v.ToString(CultureInfo.InvariantCulture) : ApiPath;

    /// <summary>Mount, path and version for messages.</summary>
    public override string ToString() =>
        $"mount '{Mount}', path '{SecretPath}'{(Version is { } v ? $", version {v.ToString(CultureInfo.InvariantCulture)}" : string.Empty)}";

    public static bool TryParse(KeyReference reference, int kvVersion, [NotNullWhen(true)] out VaultSecretLocation? location, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(reference);
        location = null;
        var path = reference.Path;
        var field = reference.Field;
        int? version = null;

        if (!TrySplitVersion(ref path, ref version, out error) || (field is not null && !TrySplitVersion(ref field, ref version, out error)))
        {
            return false;
        }

        if (field is { Length: 0 })
        {
            error = "The field after '#' is empty.";
            return false;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is "." or ".."))
        {
            error = "The Vault path may not contain '.' or '..' segments.";
            return false;
        }

        if (segments.Length < 2)
        {
            error = $"The Vault path '{path}' needs a mount and a secret path, such as 'secret/data/db-keys' (KV v2) or 'kv/db-keys' (KV v1).";
            return false;
        }

        if (kvVersion == 1)
        {
            if (version is not null)
            {
                error = "KV v1 secrets have no versions; remove '?version=' or set KvVersion to 2.";
                return false;
            }

            location = new VaultSecretLocation(segments[0], string.Join('/', segments[1..]), null, field, 1);
            return true;
        }

        var data = Array.IndexOf(segments, "data", 1);
        string mount, secret;
        if (data > 0)
        {
            mount = string.Join('/', segments[..data]);
            secret = string.Join('/', segments[(data + 1)..]);
        }
        else
        {
            mount = segments[0];
            secret = string.Join('/', segments[1..]);
        }

        if (secret.Length == 0)
        {
            error = $"The Vault path '{path}' names a mount but no secret after 'data/'.";
            return false;
        }

        location = new VaultSecretLocation(mount, secret, version, field, 2);
        return true;
    }

    private static bool TrySplitVersion(ref string text, ref int? version, [NotNullWhen(false)] out string? error)
    {
        error = null;
        var query = text.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return true;
        }

        var suffix = text[query..];
        if (!suffix.StartsWith(VersionQuery, StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(suffix.AsSpan(VersionQuery.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            || parsed <= 0)
        {
            error = $"'{suffix}' is not understood: the only option is '?version=N' with N a positive number, such as 'vault:secret/data/db-keys?version=3#key'.";
            return false;
        }

        if (version is not null)
        {
            error = "The version is given twice.";
            return false;
        }

        version = parsed;
        text = text[..query];
        return true;
    }

    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
