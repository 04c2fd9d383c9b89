using Microsoft.Extensions.Configuration;

namespace Pangolin.Extensions.Keys;

/// <summary>Keys from environment variables: <c>env:NAME</c>.</summary>
public sealed class EnvironmentKeyProvider : IKeyProvider
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = "env";

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = Environment.GetEnvironmentVariable(request.Reference.Path);
        return string.IsNullOrWhiteSpace(value)
            ? throw new KeyProviderException($"The environment variable '{request.Reference.Path}' is not set or empty.") { NotFound = true }
            : ValueTask.FromResult(value);
    }
}

/// <summary>Keys from <see cref="IConfiguration"/>: <c>config:Section:Key</c> (user secrets, environment, files, …).</summary>
/// <param name="configuration">The configuration to read.</param>
public sealed class ConfigurationKeyProvider(IConfiguration configuration) : IKeyProvider
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = "config";

    private readonly IConfiguration _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = _configuration[request.Reference.Path];
        return string.IsNullOrWhiteSpace(value)
            ? throw new KeyProviderException($"The configuration value '{request.Reference.Path}' is not set or empty.") { NotFound = true }
            : ValueTask.FromResult(value);
    }
}

/// <summary>A key written inline: <c>literal:KEY</c>. Meant for tests and samples; never log the reference text.</summary>
public sealed class LiteralKeyProvider : IKeyProvider
{
    /// <inheritdoc />
    public string Name => KeyReference.LiteralScheme;

    /// <inheritdoc />
    public ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(request.Reference.Path);
    }
}

/// <summary>What to do with a key stored in the asset itself (pypangolin's <c>store_key=True</c>).</summary>
public enum StoredKeyPolicy
{
    /// <summary>Refuse it: anyone who can read the asset could decrypt it. The default outside Development.</summary>
    Refuse = 0,

    /// <summary>Accept it and log a warning every time it is used. The default in Development.</summary>
    AllowWithWarning,
}

/// <summary>
/// The key stored in the asset (<c>asset</c>), written by pypangolin ≤0.6 by default and by <c>store_key=True</c>.
/// Whether it may be used is decided by <see cref="StoredKeyPolicy"/> in <see cref="KeyRingResolver"/>.
/// </summary>
public sealed class AssetKeyProvider : IKeyProvider
{
    /// <inheritdoc />
    public string Name => KeyReference.AssetScheme;

    /// <inheritdoc />
    public ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Asset is null)
        {
            throw new KeyProviderException("The 'asset' key reference can only be used while decrypting a connection asset.");
        }

        return request.Asset.StoredKey is { Length: > 0 } key
            ? ValueTask.FromResult(key)
            : throw new KeyProviderException(
                $"The asset '{request.Asset.Reference}' stores no key (no 'encryption_key' property; pypangolin 0.8 writes it only with store_key=True).")
            { NotFound = true };
    }
}
