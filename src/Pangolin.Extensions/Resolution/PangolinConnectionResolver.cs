using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Diagnostics;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.Resolution;

/// <summary>
/// The default <see cref="IPangolinConnectionResolver"/>: one cached resolution per connection, fetched on first
/// use and shared by concurrent callers (one asset GET and one key fetch however many callers arrive together).
/// Failures are not cached.
/// </summary>
public sealed partial class PangolinConnectionResolver : IPangolinConnectionResolver
{
    private readonly PangolinClient _client;
    private readonly KeyRingResolver _keys;
    private readonly Dictionary<string, PangolinConnectionDefinition> _definitions;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<Task<ResolvedConnection>>> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the resolver.</summary>
    /// <param name="client">The Pangolin client.</param>
    /// <param name="keys">The key ring resolver.</param>
    /// <param name="definitions">The connections; names are unique and compared ordinally.</param>
    /// <param name="logger">A logger.</param>
    /// <param name="timeProvider">The clock.</param>
    public PangolinConnectionResolver(
        PangolinClient client,
        KeyRingResolver keys,
        IEnumerable<PangolinConnectionDefinition> definitions,
        ILogger<PangolinConnectionResolver>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(definitions);
        _client = client;
        _keys = keys;
        _definitions = new Dictionary<string, PangolinConnectionDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!_definitions.TryAdd(definition.Name, definition))
            {
                throw new ArgumentException($"The connection '{definition.Name}' is defined twice.", nameof(definitions));
            }
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> ConnectionNames => _definitions.Keys;

    /// <summary>Looks up a connection's definition.</summary>
    /// <param name="connectionName">The connection name.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="PangolinConnectionException">No such connection is configured.</exception>
    public PangolinConnectionDefinition GetDefinition(string connectionName)
    {
        ArgumentNullException.ThrowIfNull(connectionName);
        return _definitions.TryGetValue(connectionName, out var definition)
            ? definition
            : throw new PangolinConnectionException(
                ConnectionFailureReason.NotConfigured, connectionName, null,
                $"no such connection is configured (configured: {(_definitions.Count == 0 ? "none" : string.Join(", ", _definitions.Keys.Order(StringComparer.Ordinal)))}). "
                + "Declare it under 'Pangolin:Connections:" + connectionName + "'.");
    }

    /// <inheritdoc />
    public async ValueTask<ResolvedConnection> ResolveAsync(string connectionName, CancellationToken cancellationToken = default)
    {
        var definition = GetDefinition(connectionName);
        var lazy = _cache.GetOrAdd(connectionName, _ => new Lazy<Task<ResolvedConnection>>(() => ResolveCoreAsync(definition)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<ResolvedConnection>>>(connectionName, lazy));
            throw;
        }
    }

    /// <inheritdoc />
    public void Invalidate(string connectionName)
    {
        ArgumentNullException.ThrowIfNull(connectionName);
        _cache.TryRemove(connectionName, out _);
    }

    /// <summary>Reads and decrypts a connection now, bypassing the cache (the result is not cached).</summary>
    /// <param name="definition">The connection.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The resolved connection.</returns>
    public async Task<ResolvedConnection> ResolveUncachedAsync(PangolinConnectionDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var activity = PangolinTelemetry.ActivitySource.StartActivity("pangolin.connection.resolve", ActivityKind.Internal);
        activity?.SetTag("pangolin.connection", definition.Name);
        activity?.SetTag("pangolin.asset", definition.Asset.ToString());
        try
        {
            PangolinAsset raw;
            try
            {
                raw = await _client.GetAssetAsync(definition.Asset, cancellationToken).ConfigureAwait(false);
            }
            catch (PangolinException ex)
            {
                throw PangolinConnectionException.FromPangolin(definition.Name, definition.Asset, ex);
            }

            var asset = ConnectionAssetCodec.Decode(raw, definition.Asset, definition.Name);
            var ring = await _keys.ResolveAsync(definition.Keys, definition.Name, asset, definition.StoredKeyPolicy, cancellationToken).ConfigureAwait(false);
            var credentials = ConnectionAssetCodec.Decrypt(asset, ring, definition.Name);
            if (asset.ConnectionTypeInferred)
            {
                LogTypeInferred(_logger, definition.Name, definition.Asset, asset.ConnectionType);
            }

            LogResolved(_logger, definition.Name, definition.Asset, asset.ConnectionType, credentials.Count);
            return new ResolvedConnection(definition.Name, asset, credentials, _time.GetUtcNow());
        }
        catch (PangolinConnectionException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Reason.ToString());
            PangolinTelemetry.ResolutionErrors.Add(1, new KeyValuePair<string, object?>("pangolin.connection", definition.Name));
            LogResolutionFailed(_logger, definition.Name, ex.Reason, ex.Message);
            throw;
        }
    }

    private Task<ResolvedConnection> ResolveCoreAsync(PangolinConnectionDefinition definition) =>
        // Shared by every waiting caller: none of their tokens may cancel it (the client's own timeout bounds it).
        ResolveUncachedAsync(definition, CancellationToken.None);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information,
        Message = "Resolved connection {ConnectionName} from asset {Asset}: type {ConnectionType}, {CredentialCount} credential(s).")]
    private static partial void LogResolved(ILogger logger, string connectionName, AssetReference asset, ConnectionType connectionType, int credentialCount);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Connection {ConnectionName}: asset {Asset} has no connection_type; inferred '{ConnectionType}' from the URL scheme.")]
    private static partial void LogTypeInferred(ILogger logger, string connectionName, AssetReference asset, ConnectionType connectionType);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Connection {ConnectionName} could not be resolved ({Reason}): {Detail}")]
    private static partial void LogResolutionFailed(ILogger logger, string connectionName, ConnectionFailureReason reason, string detail);
}
