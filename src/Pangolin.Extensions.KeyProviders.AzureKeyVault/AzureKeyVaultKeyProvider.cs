using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault;

/// <summary>
/// Fetches Fernet keys from Azure Key Vault secrets with the official <see cref="SecretClient"/>:
/// <c>azurekv:secret-name</c>, <c>azurekv:secret-name/version</c>, and <c>#field</c> for a JSON secret.
/// </summary>
/// <remarks>
/// Tokens come from an Azure.Identity credential (<c>DefaultAzureCredential</c> unless configured); the SDK caches
/// them and retries throttled or failed requests. Caching of keys is done by <see cref="KeyRingResolver"/>.
/// Thread-safe. Nothing secret (secret value, token, client secret) appears in its messages, logs or <see cref="ToString"/>.
/// </remarks>
public sealed class AzureKeyVaultKeyProvider : IKeyProvider
{
    /// <summary>The default provider name (the scheme of its references): <c>azurekv</c>.</summary>
    public const string DefaultName = "azurekv";

    /// <summary>The <c>Type</c> of providers declared in configuration: <c>AzureKeyVault</c>.</summary>
    public const string ProviderType = "AzureKeyVault";

    private readonly SecretClient _client;
    private readonly string _credential;
    private readonly ILogger _logger;

    /// <summary>Creates a provider from settings (builds the credential and the <see cref="SecretClient"/>).</summary>
    /// <param name="name">The provider name: the scheme of its references. Default <c>azurekv</c>.</param>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="logger">A logger, optional.</param>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public AzureKeyVaultKeyProvider(string name, AzureKeyVaultKeyProviderOptions options, ILogger<AzureKeyVaultKeyProvider>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        var problems = AzureKeyVaultOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The Azure Key Vault key provider '{name}' is misconfigured: {string.Join(" ", problems)}", nameof(options));
        }

        Name = name;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var credential = AzureCredentialFactory.Create(options);
        _credential = Describe(credential, options);
        var clientOptions = new SecretClientOptions { DisableChallengeResourceVerification = options.DisableChallengeResourceVerification };
        if (options.MaxRetries is { } retries)
        {
            clientOptions.Retry.MaxRetries = retries;
        }

        if (options.NetworkTimeout is { } timeout)
        {
            clientOptions.Retry.NetworkTimeout = timeout;
        }

        options.ConfigureClientOptions?.Invoke(clientOptions);
        _client = new SecretClient(options.VaultUri!, credential, clientOptions);
        VaultUri = _client.VaultUri;
        AzureKeyVaultLog.Created(_logger, name, VaultUri, _credential);
        if (options.DisableChallengeResourceVerification)
        {
            AzureKeyVaultLog.ChallengeVerificationDisabled(_logger, name);
        }
    }

    /// <summary>Creates a provider over an existing <see cref="SecretClient"/> (for example one the application already registers).</summary>
    /// <param name="name">The provider name: the scheme of its references.</param>
    /// <param name="client">The client; its vault and credential are used as they are.</param>
    /// <param name="logger">A logger, optional.</param>
    public AzureKeyVaultKeyProvider(string name, SecretClient client, ILogger<AzureKeyVaultKeyProvider>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(client);
        Name = name;
        _client = client;
        _credential = "the client's credential";
        _logger = logger ?? (ILogger)NullLogger.Instance;
        VaultUri = client.VaultUri;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The vault the provider reads.</summary>
    public Uri VaultUri { get; }

    /// <inheritdoc />
    public async ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AzureSecretReference.TryParse(request.Reference, out var secret, out var error))
        {
            throw new KeyProviderException($"The Azure Key Vault reference is not valid: {error}");
        }

        KeyVaultSecret value;
        try
        {
            var response = await _client.GetSecretAsync(secret.Name, secret.Version, cancellationToken).ConfigureAwait(false);
            value = response.Value;
        }
        catch (RequestFailedException ex)
        {
            throw AzureKeyVaultErrors.From(ex, VaultUri, secret);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureKeyVaultErrors.From(ex, VaultUri, _credential);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("challenge resource", StringComparison.OrdinalIgnoreCase))
        {
            throw AzureKeyVaultErrors.ChallengeMismatch(ex, VaultUri);
        }

        AzureKeyVaultLog.Read(_logger, Name, secret.Name, value.Properties.Version);
        if (string.IsNullOrEmpty(value.Value))
        {
            throw new KeyProviderException($"Azure Key Vault {VaultUri}: {secret} has an empty value.");
        }

        return secret.Field is null ? value.Value : SelectField(value.Value, secret);
    }

    /// <summary>The provider without secrets.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"AzureKeyVaultKeyProvider {{ Name = {Name}, VaultUri = {VaultUri}, Credential = {_credential} }}";

    private string SelectField(string json, AzureSecretReference secret)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new KeyProviderException($"Azure Key Vault {VaultUri}: {secret} is not a JSON object, so '#{secret.Field}' cannot be read from it.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new KeyProviderException($"Azure Key Vault {VaultUri}: {secret} is not a JSON object, so '#{secret.Field}' cannot be read from it.");
            }

            if (!document.RootElement.TryGetProperty(secret.Field!, out var field))
            {
                var names = document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                throw new KeyProviderException(
                    $"Azure Key Vault {VaultUri}: {secret} has no field '{secret.Field}' (fields: {(names.Count == 0 ? "none" : string.Join(", ", names))}).")
                { NotFound = true };
            }

            return field.ValueKind == JsonValueKind.String && field.GetString() is { Length: > 0 } text
                ? text
                : throw new KeyProviderException($"Azure Key Vault {VaultUri}: the field '{secret.Field}' of {secret} is not a non-empty string.");
        }
    }

    private static string Describe(TokenCredential credential, AzureKeyVaultKeyProviderOptions options) =>
        options.TokenCredential is not null
            ? $"the code-supplied {credential.GetType().Name}"
            : $"{credential.GetType().Name} ({options.Credential?.Type ?? AzureKeyVaultCredentialType.Default})";
}
