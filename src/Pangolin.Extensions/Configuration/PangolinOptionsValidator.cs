using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.Configuration;

/// <summary>
/// Validates <see cref="PangolinOptions"/> at start-up. Every message names the configuration path of the bad
/// setting (such as <c>Pangolin:Connections:orders:Key</c>) and never repeats a secret.
/// </summary>
internal sealed class PangolinOptionsValidator(
    string sectionPath,
    IConfigurationSection? section,
    IEnumerable<IKeyProvider> codeProviders,
    IEnumerable<IKeyProviderFactory> factories) : IValidateOptions<PangolinOptions>
{
    public ValidateOptionsResult Validate(string? name, PangolinOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ValidateServer(options, errors);

        var factoryTypes = factories.Select(f => f.Type).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var providerNames = codeProviders.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (providerName, provider) in options.KeyProviders)
        {
            var path = $"{sectionPath}:KeyProviders:{providerName}";
            if (string.IsNullOrWhiteSpace(provider.Type))
            {
                errors.Add($"{path}:Type is required (for example 'HashiCorpVault', 'AwsSecretsManager' or 'AzureKeyVault').");
                continue;
            }

            var factory = factories.FirstOrDefault(f => string.Equals(f.Type, provider.Type, StringComparison.OrdinalIgnoreCase));
            if (factory is null)
            {
                errors.Add($"{path}:Type '{provider.Type}' is not a known key provider type (known: {Known(factoryTypes)}). "
                    + "Reference its package and register it, for example builder.AddHashiCorpVaultKeyProviders().");
                continue;
            }

            if (providerNames.Contains(providerName))
            {
                errors.Add($"{path}: the name '{providerName}' is already used by a built-in or code-registered key provider.");
            }

            if (section is not null)
            {
                errors.AddRange(factory.Validate(section.GetSection("KeyProviders").GetSection(providerName)).Select(e => $"{path}:{e}"));
            }

            providerNames.Add(providerName);
        }

        if (options.Connections.Count == 0)
        {
            // Not an error: connections can be added in code, and the CLI uses the section without any.
        }

        foreach (var (connectionName, connection) in options.Connections)
        {
            ValidateConnection($"{sectionPath}:Connections:{connectionName}", connection, providerNames, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void ValidateServer(PangolinOptions options, List<string> errors)
    {
        if (options.Uri is null)
        {
            errors.Add($"{sectionPath}:Uri is required: the Pangolin server's address, such as http://localhost:8080.");
        }
        else if (!options.Uri.IsAbsoluteUri || (options.Uri.Scheme != Uri.UriSchemeHttp && options.Uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{sectionPath}:Uri must be an absolute http or https address (got '{options.Uri}').");
        }
        else if (!string.IsNullOrEmpty(options.Uri.UserInfo))
        {
            errors.Add($"{sectionPath}:Uri must not carry credentials; use {sectionPath}:Auth.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{sectionPath}:Timeout must be positive.");
        }

        if (options.KeyCacheDuration < TimeSpan.Zero)
        {
            errors.Add($"{sectionPath}:KeyCacheDuration cannot be negative.");
        }

        var auth = options.Auth;
        var method = auth.EffectiveMethod();
        if (method is PangolinAuthMethod.Login or PangolinAuthMethod.Basic)
        {
            if (string.IsNullOrWhiteSpace(auth.Username))
            {
                errors.Add($"{sectionPath}:Auth:Username is required for {method} authentication.");
            }

            if (string.IsNullOrEmpty(auth.Password))
            {
                errors.Add($"{sectionPath}:Auth:Password is required for {method} authentication.");
            }
        }

        if (method is PangolinAuthMethod.Token && string.IsNullOrWhiteSpace(auth.Token))
        {
            errors.Add($"{sectionPath}:Auth:Token is required for Token authentication.");
        }

        if (method is PangolinAuthMethod.ApiKey && string.IsNullOrWhiteSpace(auth.ApiKey))
        {
            errors.Add($"{sectionPath}:Auth:ApiKey is required for ApiKey authentication.");
        }

        if (!string.IsNullOrEmpty(auth.TenantId) && !Guid.TryParse(auth.TenantId, out _))
        {
            errors.Add($"{sectionPath}:Auth:TenantId must be a UUID such as 00000000-0000-0000-0000-000000000000 (got '{auth.TenantId}').");
        }
    }

    private static void ValidateConnection(string path, PangolinConnectionOptions connection, HashSet<string> providerNames, List<string> errors)
    {
        if (connection.Asset is null)
        {
            errors.Add($"{path}:Asset is required: 'catalog.namespace.name', or an object with Catalog, Namespace and Name.");
        }
        else if (!connection.Asset.TryGetReference(out _, out var assetError))
        {
            errors.Add($"{path}:Asset is invalid: {assetError}");
        }

        if (!string.IsNullOrWhiteSpace(connection.Key) && connection.Keys.Count > 0)
        {
            errors.Add($"{path}: set either Key or Keys, not both (Keys is a key ring: first encrypts, any decrypts).");
        }

        var references = connection.KeyReferences();
        if (references.Count == 0)
        {
            errors.Add($"{path}:Key is required: where the Fernet key lives, such as 'env:ORDERS_KEY', 'vault:secret/data/db#key' or 'asset'.");
        }

        for (var i = 0; i < references.Count; i++)
        {
            var keyPath = string.IsNullOrWhiteSpace(connection.Key) ? $"{path}:Keys:{i}" : i == 0 ? $"{path}:Key" : $"{path}:Keys:{i - 1}";
            if (!KeyReference.TryParse(references[i], out var reference, out var keyError))
            {
                errors.Add($"{keyPath} is invalid: {keyError}");
            }
            else if (!providerNames.Contains(reference.Provider))
            {
                errors.Add($"{keyPath} uses the key provider '{reference.Provider}', which is not registered (registered: {Known(providerNames)}). "
                    + $"Declare it under KeyProviders:{reference.Provider} or register its package.");
            }
        }

        if (connection.HealthCheckTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add($"{path}:HealthCheckTimeout must be positive.");
        }

        foreach (var keyword in connection.Settings.Keys)
        {
            if (keyword.Contains("password", StringComparison.OrdinalIgnoreCase) || keyword.Equals("pwd", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{path}:Settings:{keyword} may not be set: passwords come only from the encrypted asset.");
            }
        }
    }

    private static string Known(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.OrdinalIgnoreCase).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
