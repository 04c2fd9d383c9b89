using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Assets;

/// <summary>What to do when an asset with the same name already exists.</summary>
public enum AssetExistsBehavior
{
    /// <summary>Fail with <see cref="PangolinConflictException"/> (checked with a GET first, since Pangolin itself never answers 409).</summary>
    Fail = 0,

    /// <summary>
    /// Replace it. Works on both server behaviours: memory and Mongo stores overwrite on POST; SQL stores answer 500,
    /// after which the asset is deleted and registered again.
    /// </summary>
    Replace,
}

/// <summary>Options for <see cref="PangolinConnectionAssets.RegisterAsync"/>.</summary>
public sealed class RegisterConnectionOptions
{
    /// <summary>
    /// Store the Fernet key in the asset (pypangolin's <c>store_key=True</c>). Insecure: anyone who can read the asset
    /// can decrypt it. A warning is logged. Default <see langword="false"/>.
    /// </summary>
    public bool StoreKey { get; init; }

    /// <summary>What to do when the asset already exists. Default <see cref="AssetExistsBehavior.Fail"/>.</summary>
    public AssetExistsBehavior IfExists { get; init; }
}

/// <summary>Registers and reads connection assets in pypangolin's layout.</summary>
/// <param name="client">The Pangolin client.</param>
/// <param name="logger">A logger.</param>
public sealed partial class PangolinConnectionAssets(PangolinClient client, ILogger<PangolinConnectionAssets>? logger = null)
{
    private readonly PangolinClient _client = client ?? throw new ArgumentNullException(nameof(client));
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>
    /// Registers a connection asset exactly as pypangolin's <c>register()</c> writes it, with <c>location</c> equal to the
    /// connection string.
    /// </summary>
    /// <param name="asset">Where to register it.</param>
    /// <param name="definition">The connection.</param>
    /// <param name="keys">The key ring; its primary key encrypts.</param>
    /// <param name="options">Store-key and replace options.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>What the server answered (no properties).</returns>
    /// <exception cref="PangolinConflictException">The asset exists and <see cref="RegisterConnectionOptions.IfExists"/> is <see cref="AssetExistsBehavior.Fail"/>.</exception>
    public async Task<PangolinRegisteredAsset> RegisterAsync(
        AssetReference asset, ConnectionAssetDefinition definition, FernetKeyRing keys, RegisterConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(keys);
        options ??= new RegisterConnectionOptions();
        var properties = ConnectionAssetCodec.Encode(definition, keys, options.StoreKey);
        if (options.StoreKey)
        {
            LogStoringKey(_logger, asset);
        }

        if (options.IfExists == AssetExistsBehavior.Fail && await ExistsAsync(asset, cancellationToken).ConfigureAwait(false))
        {
            throw new PangolinConflictException(
                $"Registering asset '{asset}' failed: it already exists. Pass IfExists = Replace to overwrite it.");
        }

        try
        {
            return await _client.RegisterAssetAsync(asset, PangolinAsset.ConnectionKind, definition.ConnectionString, properties, cancellationToken).ConfigureAwait(false);
        }
        catch (PangolinServerException ex) when (options.IfExists == AssetExistsBehavior.Replace && ex.StatusCode == HttpStatusCode.InternalServerError)
        {
            // SQL stores reject a duplicate with 500; a missing namespace on PostgreSQL looks the same, so check first.
            if (!await ExistsAsync(asset, cancellationToken).ConfigureAwait(false))
            {
                throw new PangolinServerException(
                    $"{ex.Message} The asset does not exist yet, so this is not a duplicate: on a PostgreSQL-backed server, create the namespace '{asset.Namespace}' first.",
                    ex.StatusCode, ex.ServerMessage, ex);
            }

            LogReplacing(_logger, asset);
            await _client.DeleteAssetAsync(asset, cancellationToken).ConfigureAwait(false);
            return await _client.RegisterAssetAsync(asset, PangolinAsset.ConnectionKind, definition.ConnectionString, properties, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a connection asset without decrypting it.</summary>
    /// <param name="asset">The asset.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The decoded asset.</returns>
    public async Task<ConnectionAsset> GetAsync(AssetReference asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var raw = await _client.GetAssetAsync(asset, cancellationToken).ConfigureAwait(false);
        return ConnectionAssetCodec.Decode(raw, asset);
    }

    /// <summary>Reads a connection asset and decrypts its credentials.</summary>
    /// <param name="asset">The asset.</param>
    /// <param name="keys">The key ring; any key may decrypt.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The asset and its credentials.</returns>
    public async Task<(ConnectionAsset Asset, ConnectionCredentials Credentials)> ReadAsync(
        AssetReference asset, FernetKeyRing keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var decoded = await GetAsync(asset, cancellationToken).ConfigureAwait(false);
        return (decoded, ConnectionAssetCodec.Decrypt(decoded, keys));
    }

    /// <summary>
    /// Re-encrypts every <c>encrypted_*</c> property of an asset under the key ring's primary key (Python's
    /// <c>MultiFernet.rotate</c>: any key of the ring may decrypt, token timestamps are kept) and replaces the asset.
    /// Every other property, the location and the kind are kept as they are. This is the middle step of a key rotation:
    /// configure <c>Keys: [new, old]</c>, re-encrypt, then drop the old key.
    /// </summary>
    /// <param name="asset">The asset.</param>
    /// <param name="keys">The key ring; its primary key encrypts.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>How many credentials were re-encrypted.</returns>
    /// <exception cref="PangolinConnectionException">A credential could not be decrypted with any key of the ring.</exception>
    public async Task<int> ReencryptAsync(AssetReference asset, FernetKeyRing keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(keys);
        var raw = await _client.GetAssetAsync(asset, cancellationToken).ConfigureAwait(false);
        var properties = new Dictionary<string, string>(raw.Properties, StringComparer.Ordinal);
        var rotated = 0;
        foreach (var (name, token) in raw.Properties)
        {
            if (!name.StartsWith(ConnectionAssetCodec.EncryptedPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                properties[name] = keys.Rotate(token);
                rotated++;
            }
            catch (InvalidFernetTokenException ex)
            {
                throw new PangolinConnectionException(
                    ConnectionFailureReason.DecryptionFailed, null, asset,
                    $"the property '{name}' could not be decrypted with any key of the ring {keys}; nothing was changed.", ex);
            }
        }

        if (properties.ContainsKey(ConnectionAssetCodec.EncryptionKeyProperty))
        {
            // A stored key would no longer match the tokens; keep the layout honest.
            properties[ConnectionAssetCodec.EncryptionKeyProperty] = keys.PrimaryKey.Export();
        }

        await RegisterRawAsync(asset, raw.Kind, raw.Location, properties, cancellationToken).ConfigureAwait(false);
        LogReencrypted(_logger, asset, rotated, keys.PrimaryKey.Fingerprint);
        return rotated;
    }

    private async Task<PangolinRegisteredAsset> RegisterRawAsync(
        AssetReference asset, string kind, string location, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.RegisterAssetAsync(asset, kind, location, properties, cancellationToken).ConfigureAwait(false);
        }
        catch (PangolinServerException ex) when (ex.StatusCode == HttpStatusCode.InternalServerError)
        {
            // SQL stores reject a duplicate with 500: delete, then register again.
            LogReplacing(_logger, asset);
            await _client.DeleteAssetAsync(asset, cancellationToken).ConfigureAwait(false);
            return await _client.RegisterAssetAsync(asset, kind, location, properties, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ExistsAsync(AssetReference asset, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetAssetAsync(asset, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PangolinNotFoundException ex) when (string.Equals(ex.ServerMessage, "Asset not found", StringComparison.Ordinal) || ex.ServerMessage is null)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning,
        Message = "Storing the Fernet key inside asset {Asset} (store_key): anyone who can read the asset can decrypt its credentials.")]
    private static partial void LogStoringKey(ILogger logger, AssetReference asset);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "Re-encrypted {Count} credential(s) of asset {Asset} under the key with fingerprint {Fingerprint}.")]
    private static partial void LogReencrypted(ILogger logger, AssetReference asset, int count, string fingerprint);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Asset {Asset} exists on a store that rejects duplicates; deleting and registering it again.")]
    private static partial void LogReplacing(ILogger logger, AssetReference asset);
}
