using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Assets;

/// <summary>
/// Reads and writes connection assets in pypangolin's property layout (contract §5.2, §5.6), so that an asset
/// registered from Python resolves in .NET and the other way round.
/// </summary>
public static class ConnectionAssetCodec
{
    /// <summary>The property holding the connection type.</summary>
    public const string ConnectionTypeProperty = "connection_type";

    /// <summary>The property holding the clear-text connection string.</summary>
    public const string ConnectionStringProperty = "connection_string";

    /// <summary>The prefix of every encrypted credential property.</summary>
    public const string EncryptedPrefix = "encrypted_";

    /// <summary>The property pypangolin writes the Fernet key to when <c>store_key=True</c>.</summary>
    public const string EncryptionKeyProperty = "encryption_key";

    /// <summary>The property holding the description.</summary>
    public const string DescriptionProperty = "description";

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        ConnectionTypeProperty, ConnectionStringProperty, EncryptionKeyProperty, DescriptionProperty,
    };

    /// <summary>
    /// Builds the asset properties exactly as pypangolin's <c>register()</c> does: <c>connection_type</c>,
    /// <c>connection_string</c>, one <c>encrypted_&lt;name&gt;</c> Fernet token per credential (all under the key ring's
    /// primary key), extra properties, <c>encryption_key</c> only when <paramref name="storeKey"/> is set, and
    /// <c>description</c> only when not empty.
    /// </summary>
    /// <param name="definition">What to write.</param>
    /// <param name="keys">The key ring; its primary key encrypts.</param>
    /// <param name="storeKey">Whether to store the primary key in the asset (insecure; for pypangolin ≤0.6 compatibility).</param>
    /// <returns>The properties, in pypangolin's order.</returns>
    /// <exception cref="ArgumentException">A credential or extra property name would break the layout.</exception>
    public static Dictionary<string, string> Encode(ConnectionAssetDefinition definition, FernetKeyRing keys, bool storeKey = false)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var name in definition.Credentials.Names)
        {
            if (name.Contains(EncryptedPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The credential name '{name}' contains '{EncryptedPrefix}'; pypangolin's reader would mangle it. Choose another name.",
                    nameof(definition));
            }
        }

        foreach (var name in definition.ExtraProperties.Keys)
        {
            if (name.StartsWith(EncryptedPrefix, StringComparison.Ordinal) || Reserved.Contains(name))
            {
                throw new ArgumentException(
                    $"The extra property '{name}' would collide with the connection layout (reserved: {string.Join(", ", Reserved)} and '{EncryptedPrefix}*').",
                    nameof(definition));
            }
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ConnectionTypeProperty] = definition.ConnectionType.Value,
            [ConnectionStringProperty] = definition.ConnectionString,
        };
        foreach (var name in definition.Credentials.Names)
        {
            definition.Credentials.TryGetValue(name, out var value);
            properties[EncryptedPrefix + name] = keys.Encrypt(value!);
        }

        foreach (var (name, value) in definition.ExtraProperties)
        {
            properties[name] = value;
        }

        if (storeKey)
        {
            properties[EncryptionKeyProperty] = keys.PrimaryKey.Export();
        }

        if (!string.IsNullOrEmpty(definition.Description))
        {
            properties[DescriptionProperty] = definition.Description;
        }

        return properties;
    }

    /// <summary>
    /// Reads a connection asset written by pypangolin 0.8 or ≤0.6 (stored key), by .NET, or by the legacy
    /// <c>DbConnectionString</c> helper (no <c>connection_type</c>, possibly no encrypted credentials).
    /// </summary>
    /// <param name="asset">The asset as Pangolin returned it.</param>
    /// <param name="reference">Where it was read from.</param>
    /// <param name="connectionName">The connection name, for error messages.</param>
    /// <returns>The decoded asset, credentials still encrypted.</returns>
    /// <exception cref="PangolinConnectionException">The asset is not a usable connection asset.</exception>
    public static ConnectionAsset Decode(PangolinAsset asset, AssetReference reference, string? connectionName = null)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(reference);
        var properties = asset.Properties ?? new Dictionary<string, string>();
        properties.TryGetValue(ConnectionStringProperty, out var connectionString);
        var isConnectionKind = string.Equals(asset.Kind, PangolinAsset.ConnectionKind, StringComparison.Ordinal);

        // Rows written before Pangolin 0.7 could come back with another kind (contract §9, B7); accept them only
        // when they carry the connection layout.
        if (!isConnectionKind && connectionString is null && !properties.ContainsKey(ConnectionTypeProperty))
        {
            throw new PangolinConnectionException(
                ConnectionFailureReason.InvalidAsset, connectionName, reference,
                $"the asset is of kind '{asset.Kind}', not a {PangolinAsset.ConnectionKind} connection asset.");
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = asset.Location;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new PangolinConnectionException(
                ConnectionFailureReason.InvalidAsset, connectionName, reference,
                $"the asset has no '{ConnectionStringProperty}' property and no location.");
        }

        ConnectionType type;
        bool inferred;
        if (properties.TryGetValue(ConnectionTypeProperty, out var typeText) && !string.IsNullOrWhiteSpace(typeText))
        {
            type = new ConnectionType(typeText);
            inferred = false;
        }
        else if (ConnectionType.TryInferFromConnectionString(connectionString, out type))
        {
            inferred = true;
        }
        else
        {
            throw new PangolinConnectionException(
                ConnectionFailureReason.ConnectionTypeMismatch, connectionName, reference,
                $"the asset has no '{ConnectionTypeProperty}' property and the connection string's scheme does not name a known type "
                + $"(connection string: '{PropertyValues.RedactConnectionString(connectionString)}').");
        }

        var encrypted = new Dictionary<string, string>(StringComparer.Ordinal);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        string? storedKey = null;
        string? description = null;
        foreach (var (name, value) in properties)
        {
            if (name.StartsWith(EncryptedPrefix, StringComparison.Ordinal) && name.Length > EncryptedPrefix.Length)
            {
                // Strip only the leading prefix (pypangolin's replace() strips every occurrence; writers avoid those names).
                encrypted[name[EncryptedPrefix.Length..]] = value;
            }
            else if (name == EncryptionKeyProperty)
            {
                storedKey = value;
            }
            else if (name == DescriptionProperty)
            {
                description = value;
            }
            else if (name is not ConnectionTypeProperty and not ConnectionStringProperty)
            {
                extra[name] = value;
            }
        }

        return new ConnectionAsset(reference, asset.Id, asset.Kind, type, inferred, connectionString, description, storedKey, encrypted, extra);
    }

    /// <summary>Decrypts every <c>encrypted_*</c> property with the key ring.</summary>
    /// <param name="asset">The decoded asset.</param>
    /// <param name="keys">The key ring; any key may decrypt.</param>
    /// <param name="connectionName">The connection name, for error messages.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="PangolinConnectionException">A property could not be decrypted (the message names the property, never the key).</exception>
    public static ConnectionCredentials Decrypt(ConnectionAsset asset, FernetKeyRing keys, string? connectionName = null)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(keys);
        var values = new List<KeyValuePair<string, string>>(asset.EncryptedCredentials.Count);
        foreach (var (name, token) in asset.EncryptedCredentials.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            try
            {
                values.Add(new(name, keys.DecryptString(token)));
            }
            catch (InvalidFernetTokenException ex)
            {
                throw new PangolinConnectionException(
                    ConnectionFailureReason.DecryptionFailed, connectionName, asset.Reference,
                    $"the property '{EncryptedPrefix}{name}' could not be decrypted with the key ring {keys}: "
                    + "the key is not the one the asset was encrypted with, or the token is corrupt.",
                    ex);
            }
        }

        return new ConnectionCredentials(values);
    }
}
