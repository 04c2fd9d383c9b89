using Pangolin.Extensions.Client;

namespace Pangolin.Extensions.Assets;

/// <summary>Why a connection could not be resolved.</summary>
public enum ConnectionFailureReason
{
    /// <summary>Something else went wrong; see the inner exception.</summary>
    Unknown = 0,

    /// <summary>No connection with that name is configured.</summary>
    NotConfigured,

    /// <summary>The catalog or asset does not exist in Pangolin.</summary>
    AssetNotFound,

    /// <summary>Pangolin refused the credentials (401).</summary>
    PangolinAuthenticationFailed,

    /// <summary>Pangolin refused access to the asset (403).</summary>
    PangolinAccessDenied,

    /// <summary>Pangolin could not be reached, timed out or failed.</summary>
    PangolinUnavailable,

    /// <summary>The asset is not a usable connection asset: wrong kind, no connection string, malformed properties.</summary>
    InvalidAsset,

    /// <summary>The asset's connection type is unknown or not the one the registration expects.</summary>
    ConnectionTypeMismatch,

    /// <summary>A key reference is malformed or names a key provider that is not registered.</summary>
    InvalidKeyReference,

    /// <summary>The key provider has no key at that reference.</summary>
    KeyNotFound,

    /// <summary>The key provider failed or could not be reached.</summary>
    KeyProviderFailed,

    /// <summary>The text found at the key reference is not a Fernet key.</summary>
    InvalidKey,

    /// <summary>The asset stores its own key (<c>store_key=True</c>) and policy refuses such keys.</summary>
    StoredKeyRefused,

    /// <summary>No key of the key ring decrypts a credential: the key is wrong, or the token is corrupt.</summary>
    DecryptionFailed,

    /// <summary>The connection resolved, but the database itself could not be reached or refused the login.</summary>
    DatabaseUnavailable,

    /// <summary>A driver setting of the connection (configuration or code) is not valid for the asset it is applied to.</summary>
    InvalidSettings,
}

/// <summary>
/// A named connection could not be resolved. The message names the connection, the asset and, where it helps,
/// the configuration path, the key reference or the asset property; it never contains a key, a token or a credential.
/// </summary>
public sealed class PangolinConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PangolinConnectionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public PangolinConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why resolution failed.</param>
    /// <param name="connectionName">The connection name, if known.</param>
    /// <param name="asset">The asset, if known.</param>
    /// <param name="detail">What went wrong, without secrets.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinConnectionException(
        ConnectionFailureReason reason, string? connectionName, AssetReference? asset, string detail, Exception? innerException = null)
        : base(Compose(connectionName, asset, detail), innerException)
    {
        Reason = reason;
        ConnectionName = connectionName;
        Asset = asset;
    }

    /// <summary>Why resolution failed.</summary>
    public ConnectionFailureReason Reason { get; }

    /// <summary>The connection name, if known.</summary>
    public string? ConnectionName { get; }

    /// <summary>The asset, if known.</summary>
    public AssetReference? Asset { get; }

    /// <summary>Maps a Pangolin client failure to a connection failure.</summary>
    /// <param name="connectionName">The connection name.</param>
    /// <param name="asset">The asset.</param>
    /// <param name="error">The client failure.</param>
    /// <returns>The connection failure.</returns>
    public static PangolinConnectionException FromPangolin(string? connectionName, AssetReference asset, PangolinException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = error switch
        {
            PangolinNotFoundException => ConnectionFailureReason.AssetNotFound,
            PangolinAuthenticationException => ConnectionFailureReason.PangolinAuthenticationFailed,
            PangolinAuthorizationException => ConnectionFailureReason.PangolinAccessDenied,
            _ => ConnectionFailureReason.PangolinUnavailable,
        };
        return new PangolinConnectionException(reason, connectionName, asset, error.Message, error);
    }

    private static string Compose(string? connectionName, AssetReference? asset, string detail)
    {
        var subject = (connectionName, asset) switch
        {
            (not null, not null) => $"Connection '{connectionName}' (asset '{asset}')",
            (not null, null) => $"Connection '{connectionName}'",
            (null, not null) => $"Asset '{asset}'",
            _ => "Connection",
        };
        return $"{subject}: {detail}";
    }
}
