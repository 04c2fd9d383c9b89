namespace Pangolin.Extensions.Assets;

/// <summary>What to register as a connection asset: the plain parts and the credentials to encrypt.</summary>
public sealed class ConnectionAssetDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="connectionType">The connection type.</param>
    /// <param name="connectionString">The connection string, written in clear text (never put a password in it).</param>
    /// <param name="credentials">The credentials, each encrypted into its own <c>encrypted_&lt;name&gt;</c> property.</param>
    public ConnectionAssetDefinition(ConnectionType connectionType, string connectionString, ConnectionCredentials credentials)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(credentials);
        ConnectionType = connectionType;
        ConnectionString = connectionString;
        Credentials = credentials;
    }

    /// <summary>The connection type, written as <c>connection_type</c>.</summary>
    public ConnectionType ConnectionType { get; }

    /// <summary>The connection string, written as <c>connection_string</c> and as the asset's <c>location</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The credentials to encrypt.</summary>
    public ConnectionCredentials Credentials { get; }

    /// <summary>A description, written only when not empty (as pypangolin does).</summary>
    public string? Description { get; init; }

    /// <summary>Extra plain-text properties (pypangolin's <c>**extra_properties</c>).</summary>
    public IReadOnlyDictionary<string, string> ExtraProperties { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc />
    public override string ToString() =>
        $"ConnectionAssetDefinition {{ Type = {ConnectionType}, ConnectionString = {PropertyValues.RedactConnectionString(ConnectionString)}, Credentials = {Credentials} }}";
}
