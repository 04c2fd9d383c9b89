using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Diagnostics;

namespace Pangolin.Extensions.Keys;

/// <summary>Settings of <see cref="KeyRingResolver"/>.</summary>
public sealed class KeyRingResolverOptions
{
    /// <summary>How long fetched key material is reused before the provider is asked again. Default 5 minutes.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether the key stored in an asset may be used. Dependency injection sets it from the host environment.</summary>
    public StoredKeyPolicy StoredKeyPolicy { get; set; } = StoredKeyPolicy.Refuse;
}

/// <summary>
/// Turns key references into a <see cref="FernetKeyRing"/>: dispatches each reference to its provider, parses the key,
/// caches it for <see cref="KeyRingResolverOptions.CacheDuration"/> and fetches each reference single-flight.
/// The first reference of a ring encrypts; any reference decrypts.
/// </summary>
public sealed partial class KeyRingResolver
{
    private readonly Dictionary<string, IKeyProvider> _providers;
    private readonly KeyRingResolverOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the resolver.</summary>
    /// <param name="providers">The registered key providers; names must be unique (case-insensitive).</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="logger">A logger.</param>
    /// <param name="timeProvider">The clock.</param>
    public KeyRingResolver(IEnumerable<IKeyProvider> providers, KeyRingResolverOptions? options = null, ILogger<KeyRingResolver>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers = new Dictionary<string, IKeyProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            if (!_providers.TryAdd(provider.Name, provider))
            {
                throw new ArgumentException($"Two key providers are registered with the name '{provider.Name}'.", nameof(providers));
            }
        }

        _options = options ?? new KeyRingResolverOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The names of the registered providers.</summary>
    public IReadOnlyCollection<string> ProviderNames => _providers.Keys;

    /// <summary>Whether a provider answers this reference's scheme.</summary>
    /// <param name="reference">The reference.</param>
    /// <returns><see langword="true"/> if a provider is registered for it.</returns>
    public bool CanResolve(KeyReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return _providers.ContainsKey(reference.Provider);
    }

    /// <summary>Resolves a key ring: the first reference is the primary (encrypting) key.</summary>
    /// <param name="references">The references, newest key first.</param>
    /// <param name="connectionName">The connection, for messages.</param>
    /// <param name="asset">The asset being decrypted, for the <c>asset</c> reference and messages.</param>
    /// <param name="storedKeyPolicy">Overrides <see cref="KeyRingResolverOptions.StoredKeyPolicy"/> for this connection.</param>
    /// <param name="cancellationToken">Cancels waiting (a fetch already under way goes on for other callers).</param>
    /// <returns>The key ring.</returns>
    /// <exception cref="PangolinConnectionException">A key is missing, malformed, refused, or its provider failed.</exception>
    public async ValueTask<FernetKeyRing> ResolveAsync(
        IReadOnlyList<KeyReference> references,
        string? connectionName = null,
        ConnectionAsset? asset = null,
        StoredKeyPolicy? storedKeyPolicy = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            throw new PangolinConnectionException(
                ConnectionFailureReason.InvalidKeyReference, connectionName, asset?.Reference,
                "no key reference is configured (set 'Key' to a reference such as 'env:NAME', or 'Keys' to a list).");
        }

        var keys = new FernetKey[references.Count];
        for (var i = 0; i < references.Count; i++)
        {
            keys[i] = await GetKeyAsync(references[i], connectionName, asset, storedKeyPolicy, cancellationToken).ConfigureAwait(false);
        }

        return new FernetKeyRing(keys, _time);
    }

    /// <summary>Resolves one key.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="connectionName">The connection, for messages.</param>
    /// <param name="asset">The asset being decrypted, if any.</param>
    /// <param name="storedKeyPolicy">Overrides <see cref="KeyRingResolverOptions.StoredKeyPolicy"/> for this connection.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The key.</returns>
    /// <exception cref="PangolinConnectionException">The key is missing, malformed, refused, or its provider failed.</exception>
    public async ValueTask<FernetKey> GetKeyAsync(
        KeyReference reference,
        string? connectionName = null,
        ConnectionAsset? asset = null,
        StoredKeyPolicy? storedKeyPolicy = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!_providers.TryGetValue(reference.Provider, out var provider))
        {
            throw new PangolinConnectionException(
                ConnectionFailureReason.InvalidKeyReference, connectionName, asset?.Reference,
                $"the key reference '{reference}' names the key provider '{reference.Provider}', which is not registered "
                + $"(registered: {string.Join(", ", _providers.Keys.Order(StringComparer.Ordinal))}).");
        }

        if (reference.IsAssetStored)
        {
            if ((storedKeyPolicy ?? _options.StoredKeyPolicy) == StoredKeyPolicy.Refuse)
            {
                throw new PangolinConnectionException(
                    ConnectionFailureReason.StoredKeyRefused, connectionName, asset?.Reference,
                    "the key stored in the asset (pypangolin store_key=True) is refused outside Development: anyone who can read the asset "
                    + "can decrypt it. Move the key to a key provider, or set AllowKeyStoredInAsset to accept the risk.");
            }

            LogStoredKeyUsed(_logger, connectionName, asset?.Reference);

            // Bound to one asset version: never cached across assets.
            return await FetchAsync(provider, reference, connectionName, asset, cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        while (true)
        {
            var entry = _cache.GetOrAdd(reference.CacheKey, _ => new CacheEntry(FetchAsync(provider, reference, connectionName, asset, CancellationToken.None), now));
            if (entry.Task.IsCompletedSuccessfully && now - entry.FetchedAt >= _options.CacheDuration)
            {
                _cache.TryRemove(new KeyValuePair<string, CacheEntry>(reference.CacheKey, entry));
                continue;
            }

            try
            {
                return await entry.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Failures are not cached: the next caller asks the provider again.
                _cache.TryRemove(new KeyValuePair<string, CacheEntry>(reference.CacheKey, entry));
                throw;
            }
        }
    }

    /// <summary>Forgets cached key material, so the next use fetches it again (after a key rotation).</summary>
    /// <param name="reference">One reference, or <see langword="null"/> for all.</param>
    public void Invalidate(KeyReference? reference = null)
    {
        if (reference is null)
        {
            _cache.Clear();
        }
        else
        {
            _cache.TryRemove(reference.CacheKey, out _);
        }
    }

    private static async Task<FernetKey> FetchAsync(
        IKeyProvider provider, KeyReference reference, string? connectionName, ConnectionAsset? asset, CancellationToken cancellationToken)
    {
        using var activity = PangolinTelemetry.ActivitySource.StartActivity("pangolin.key.fetch", ActivityKind.Internal);
        activity?.SetTag("pangolin.key.provider", provider.Name);
        activity?.SetTag("pangolin.key.reference", reference.ToString());
        PangolinTelemetry.KeyFetches.Add(1, new KeyValuePair<string, object?>("pangolin.key.provider", provider.Name));
        string text;
        try
        {
            text = await provider.GetKeyAsync(new KeyRequest(reference, connectionName, asset), cancellationToken).ConfigureAwait(false);
        }
        catch (KeyProviderException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.NotFound ? "not found" : "failed");
            throw new PangolinConnectionException(
                ex.NotFound ? ConnectionFailureReason.KeyNotFound : ConnectionFailureReason.KeyProviderFailed,
                connectionName, asset?.Reference, $"the key reference '{reference}' could not be resolved: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw new PangolinConnectionException(
                ConnectionFailureReason.KeyProviderFailed, connectionName, asset?.Reference,
                $"the key provider '{provider.Name}' failed for the reference '{reference}' ({ex.GetType().Name}).", ex);
        }

        try
        {
            return FernetKey.Parse(text);
        }
        catch (InvalidFernetKeyException ex)
        {
            throw new PangolinConnectionException(
                ConnectionFailureReason.InvalidKey, connectionName, asset?.Reference,
                $"the value at the key reference '{reference}' is not a Fernet key. {ex.Message}", ex);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName} uses the key stored in asset {Asset} (store_key=True): anyone who can read the asset can decrypt its credentials.")]
    private static partial void LogStoredKeyUsed(ILogger logger, string? connectionName, AssetReference? asset);

    private sealed record CacheEntry(Task<FernetKey> Task, DateTimeOffset FetchedAt);
}
