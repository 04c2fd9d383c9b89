using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>
/// Fetches Fernet keys from AWS Secrets Manager: <c>aws:SECRET_ID[#field][?stage=LABEL|?version=ID]</c>
/// (see <see cref="AwsSecretReference"/>). Caching, single-flight and key parsing are done by <see cref="KeyRingResolver"/>.
/// </summary>
public sealed class AwsSecretsManagerKeyProvider : IKeyProvider
{
    /// <summary>The <c>Type</c> of a provider declared in configuration: <c>AwsSecretsManager</c>.</summary>
    public const string ProviderType = "AwsSecretsManager";

    /// <summary>The usual provider name (the reference scheme): <c>aws</c>.</summary>
    public const string DefaultName = "aws";

    /// <summary>The name of the <see cref="HttpClient"/> used for Secrets Manager requests (configure it with <c>AddHttpClient(name)</c>).</summary>
    public const string HttpClientName = "Pangolin.KeyProviders.AwsSecretsManager";

    private readonly SecretsManagerClient _client;

    /// <summary>Creates the provider.</summary>
    /// <param name="name">The provider name: the scheme of its references, such as <c>aws</c>.</param>
    /// <param name="options">The settings.</param>
    /// <param name="httpClientFactory">Creates the <see cref="HttpClientName"/> client.</param>
    /// <param name="logger">A logger.</param>
    /// <param name="timeProvider">The clock for signing, time-outs and retry delays.</param>
    /// <exception cref="ArgumentException">The settings are invalid; the message names each bad setting.</exception>
    public AwsSecretsManagerKeyProvider(
        string name,
        AwsSecretsManagerKeyProviderOptions options,
        IHttpClientFactory httpClientFactory,
        ILogger<AwsSecretsManagerKeyProvider>? logger = null,
        TimeProvider? timeProvider = null)
        : this(name, options, httpClientFactory, logger, timeProvider, environment: null, random: null)
    {
    }

    internal AwsSecretsManagerKeyProvider(
        string name,
        AwsSecretsManagerKeyProviderOptions options,
        IHttpClientFactory httpClientFactory,
        ILogger? logger,
        TimeProvider? timeProvider,
        Func<string, string?>? environment,
        Func<double>? random)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        var problems = AwsSecretsManagerKeyProviderOptionsValidator.Validate(options).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The settings of the AWS Secrets Manager key provider '{name}' are invalid: {string.Join(" ", problems)}", nameof(options));
        }

        Name = name;
        Options = options;
        _client = new SecretsManagerClient(
            name,
            new AwsEndpointSettings(name, options, environment),
            options,
            httpClientFactory,
            logger ?? NullLogger.Instance,
            timeProvider ?? TimeProvider.System,
            random);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The settings (their <see cref="AwsSecretsManagerKeyProviderOptions.ToString"/> hides secrets).</summary>
    public AwsSecretsManagerKeyProviderOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="KeyProviderException">The reference is malformed, the secret or field does not exist
    /// (<see cref="KeyProviderException.NotFound"/>), access was refused, or AWS could not be reached.</exception>
    public async ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AwsSecretReference.TryParse(request.Reference, out var reference, out var error))
        {
            throw new KeyProviderException($"AWS Secrets Manager key provider '{Name}': {error}");
        }

        var value = await _client.GetSecretValueAsync(reference, cancellationToken).ConfigureAwait(false);
        return SecretKeyReader.Read(Name, reference, value);
    }

    /// <inheritdoc />
    public override string ToString() => $"AwsSecretsManagerKeyProvider {{ Name = {Name}, {Options} }}";
}
