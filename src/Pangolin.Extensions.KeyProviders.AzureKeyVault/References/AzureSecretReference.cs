using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault;

/// <summary>
/// A secret in the provider's vault: <c>azurekv:name</c> (latest version), <c>azurekv:name/version</c>, and either
/// with <c>#field</c> to take one field of a secret whose value is a JSON object.
/// </summary>
/// <param name="Name">The secret name (1–127 letters, digits and dashes).</param>
/// <param name="Version">The version id, or <see langword="null"/> for the latest.</param>
/// <param name="Field">The JSON field, or <see langword="null"/> for the whole value.</param>
internal sealed partial record AzureSecretReference(string Name, string? Version, string? Field)
{
    public override string ToString() => Version is null ? $"secret '{Name}'" : $"secret '{Name}' version '{Version}'";

    public static bool TryParse(KeyReference reference, [NotNullWhen(true)] out AzureSecretReference? secret, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(reference);
        secret = null;
        var parts = reference.Path.Trim('/').Split('/');
        if (parts.Length > 2)
        {
            error = $"'{reference.Path}' has too many parts: write 'name' or 'name/version'.";
            return false;
        }

        if (!NamePattern().IsMatch(parts[0]))
        {
            error = $"'{parts[0]}' is not an Azure Key Vault secret name (1-127 letters, digits and dashes).";
            return false;
        }

        var version = parts.Length == 2 ? parts[1] : null;
        if (version is not null && !VersionPattern().IsMatch(version))
        {
            error = $"'{version}' is not a secret version id (letters and digits, such as 4387e9f3d6e14c459867679a90fd0f79).";
            return false;
        }

        secret = new AzureSecretReference(parts[0], version, reference.Field);
        error = null;
        return true;
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9a-zA-Z]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
