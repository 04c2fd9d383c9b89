using Pangolin.Extensions.Client;

namespace Pangolin.Extensions.Assets;

/// <summary>
/// A connection asset read from Pangolin, before decryption: the plain parts, and the encrypted credential
/// tokens by credential name. Produced by <see cref="ConnectionAssetCodec.Decode"/>.
/// </summary>
public sealed class ConnectionAsset
{
    internal ConnectionAsset(
        AssetReference reference,
        string id,
        string kind,
        ConnectionType connectionType,
        bool connectionTypeInferred,
        string connectionString,
        string? description,
        string? storedKey,
        IReadOnlyDictionary<string, string> encryptedCredentials,
        IReadOnlyDictionary<string, string> extraProperties)
    {
        Reference = reference;
        Id = id;
        Kind = kind;
        ConnectionType = connectionType;
        ConnectionTypeInferred = connectionTypeInferred;
        ConnectionString = connectionString;
        Description = description;
        StoredKey = storedKey;
        EncryptedCredentials = encryptedCredentials;
        ExtraProperties = extraProperties;
    }

    /// <summary>Where the asset lives.</summary>
    public AssetReference Reference { get; }

    /// <summary>The server-assigned id; it changes when the asset is replaced.</summary>
    public string Id { get; }

    /// <summary>The asset kind, normally <c>DB_CONN_STRING</c>.</summary>
    public string Kind { get; }

    /// <summary>The connection type, from <c>connection_type</c> or inferred from the URL scheme.</summary>
    public ConnectionType ConnectionType { get; }

    /// <summary>Whether <see cref="ConnectionType"/> was inferred from the URL scheme (legacy assets without <c>connection_type</c>).</summary>
    public bool ConnectionTypeInferred { get; }

    /// <summary>The connection string (<c>connection_string</c>, else the asset <c>location</c> for legacy assets).</summary>
    public string ConnectionString { get; }

    /// <summary>The description, if any.</summary>
    public string? Description { get; }

    /// <summary>Whether the asset carries its own Fernet key (<c>encryption_key</c>, pypangolin's <c>store_key=True</c>).</summary>
    public bool HasStoredKey => StoredKey is not null;

    /// <summary>The names of the encrypted credentials (property names without the leading <c>encrypted_</c>).</summary>
    public IReadOnlyCollection<string> CredentialNames => [.. EncryptedCredentials.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Other plain-text properties.</summary>
    public IReadOnlyDictionary<string, string> ExtraProperties { get; }

    /// <summary>The key stored in the asset. Secret; read only through the <c>asset</c> key provider.</summary>
    internal string? StoredKey { get; }

    /// <summary>Encrypted tokens by credential name.</summary>
    internal IReadOnlyDictionary<string, string> EncryptedCredentials { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"ConnectionAsset {{ Asset = {Reference}, Type = {ConnectionType}, ConnectionString = {PropertyValues.RedactConnectionString(ConnectionString)}, "
        + $"Credentials = [{string.Join(", ", CredentialNames)}], StoredKey = {(HasStoredKey ? "yes" : "no")} }}";
}
