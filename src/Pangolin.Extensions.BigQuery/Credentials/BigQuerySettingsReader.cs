using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.BigQuery.Credentials;

/// <summary>Reads <c>Pangolin:Connections:{name}:Settings</c> into <see cref="PangolinBigQuerySettings"/>.</summary>
internal static class BigQuerySettingsReader
{
    private static readonly char[] ListSeparators = [',', ' ', ';', '\t', '\n'];

    /// <summary>Applies configured settings.</summary>
    /// <param name="configured">The connection's <c>Settings</c>.</param>
    /// <param name="settings">The settings to fill.</param>
    /// <param name="settingsPath">The configuration path, for messages.</param>
    /// <exception cref="InvalidOperationException">An unknown key or an invalid value; the message names the path.</exception>
    public static void Apply(IReadOnlyDictionary<string, string> configured, PangolinBigQuerySettings settings, string settingsPath)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in configured)
        {
            switch (key.ToUpperInvariant())
            {
                case "SCOPES":
                    Fill(settings.Scopes, value);
                    break;
                case "ALLOWEDCREDENTIALTYPES":
                    Fill(settings.AllowedCredentialTypes, value);
                    break;
                case "ALLOWAPPLICATIONDEFAULTCREDENTIALS":
                    settings.AllowApplicationDefaultCredentials = PropertyValues.TryParseBoolean(value, out var allow)
                        ? allow
                        : throw new InvalidOperationException($"BigQuery: '{settingsPath}:{key}' must be true or false.");
                    break;
                default:
                    throw new InvalidOperationException(
                        $"BigQuery: '{settingsPath}:{key}' is not a BigQuery setting. Known: Scopes, AllowApplicationDefaultCredentials, AllowedCredentialTypes.");
            }
        }
    }

    /// <summary>Checks the final settings (after the code delegate).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="settingsPath">The configuration path, for messages.</param>
    /// <exception cref="InvalidOperationException">An unknown credential type or an empty scope.</exception>
    public static void Validate(PangolinBigQuerySettings settings, string settingsPath)
    {
        foreach (var type in settings.AllowedCredentialTypes)
        {
            if (!BigQueryCredentialTypes.All.Contains(type))
            {
                throw new InvalidOperationException(
                    $"BigQuery: '{settingsPath}:AllowedCredentialTypes' names '{type}', which is not a credential type. Known: {string.Join(", ", BigQueryCredentialTypes.All)}.");
            }
        }

        if (settings.Scopes.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidOperationException($"BigQuery: '{settingsPath}:Scopes' contains an empty scope.");
        }
    }

    private static void Fill(IList<string> target, string value)
    {
        target.Clear();
        foreach (var item in value.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            target.Add(item);
        }
    }
}
