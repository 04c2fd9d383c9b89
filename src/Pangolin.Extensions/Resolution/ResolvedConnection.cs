using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.Resolution;

/// <summary>A connection asset read from Pangolin with its credentials decrypted. <see cref="ToString"/> shows no secret.</summary>
public sealed class ResolvedConnection
{
    /// <summary>Creates a resolved connection.</summary>
    /// <param name="name">The connection name.</param>
    /// <param name="asset">The asset.</param>
    /// <param name="credentials">The decrypted credentials.</param>
    /// <param name="resolvedAt">When it was read.</param>
    public ResolvedConnection(string name, ConnectionAsset asset, ConnectionCredentials credentials, DateTimeOffset resolvedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(credentials);
        Name = name;
        Asset = asset;
        Credentials = credentials;
        ResolvedAt = resolvedAt;
    }

    /// <summary>The connection name.</summary>
    public string Name { get; }

    /// <summary>The asset, credentials still encrypted.</summary>
    public ConnectionAsset Asset { get; }

    /// <summary>The decrypted credentials.</summary>
    public ConnectionCredentials Credentials { get; }

    /// <summary>When the asset was read and decrypted.</summary>
    public DateTimeOffset ResolvedAt { get; }

    /// <summary>The connection type.</summary>
    public ConnectionType ConnectionType => Asset.ConnectionType;

    /// <summary>The clear-text connection string.</summary>
    public string ConnectionString => Asset.ConnectionString;

    /// <summary>
    /// The current password: the decrypted <c>password</c> credential, else a password a legacy asset carries in its
    /// connection string (URL user-info or a <c>password</c> query parameter, or the driver's keyword form).
    /// </summary>
    /// <param name="readKeywordPassword">Reads the password of a driver key=value connection string (the driver's own builder).</param>
    /// <returns>The password, or <see langword="null"/>. Secret.</returns>
    public string? GetPassword(Func<string, string?> readKeywordPassword)
    {
        ArgumentNullException.ThrowIfNull(readKeywordPassword);
        if (Credentials.Password is { } password)
        {
            return password;
        }

        try
        {
            if (Drivers.ConnectionUri.IsUrl(ConnectionString))
            {
                var uri = Drivers.ConnectionUri.Parse(ConnectionString);
                return uri.Password ?? uri.GetParameter("password");
            }

            var text = readKeywordPassword(ConnectionString);
            return string.IsNullOrEmpty(text) ? null : text;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Throws unless the asset is of one of the given types.</summary>
    /// <param name="accepted">The types the caller can use.</param>
    /// <exception cref="PangolinConnectionException">The asset is of another type.</exception>
    public void EnsureType(params ReadOnlySpan<ConnectionType> accepted)
    {
        foreach (var type in accepted)
        {
            if (type == ConnectionType)
            {
                return;
            }
        }

        var names = new List<string>();
        foreach (var type in accepted)
        {
            names.Add(type.Value);
        }

        throw new PangolinConnectionException(
            ConnectionFailureReason.ConnectionTypeMismatch, Name, Asset.Reference,
            $"the asset is a '{ConnectionType}' connection{(Asset.ConnectionTypeInferred ? " (inferred from the URL scheme)" : string.Empty)}, "
            + $"but this registration expects {string.Join(" or ", names.Select(n => $"'{n}'"))}.");
    }

    /// <inheritdoc />
    public override string ToString() => $"ResolvedConnection {{ Name = {Name}, {Asset}, ResolvedAt = {ResolvedAt:O} }}";
}
