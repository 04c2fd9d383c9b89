using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Npgsql.Tests;

/// <summary>Builds resolved connections in memory, through the real asset codec.</summary>
internal static class ResolvedConnections
{
    internal static readonly AssetReference Reference = new("c", "databases", "pg");

    public static ResolvedConnection Create(ConnectionType type, string connectionString, Dictionary<string, string>? credentials = null)
    {
        var values = new ConnectionCredentials(credentials ?? new Dictionary<string, string> { ["username"] = "app", ["password"] = "s3cr;t'\"@x" });
        var key = FernetKey.Generate();
        var properties = ConnectionAssetCodec.Encode(new ConnectionAssetDefinition(type, connectionString, values), new FernetKeyRing([key]));
        return Decode(properties, connectionString, values);
    }

    /// <summary>A legacy asset: no connection_type and no credentials, as pypangolin's DbConnectionString writes it.</summary>
    public static ResolvedConnection Legacy(string connectionString) =>
        Decode(new Dictionary<string, string> { ["connection_string"] = connectionString }, connectionString, ConnectionCredentials.Empty);

    private static ResolvedConnection Decode(Dictionary<string, string> properties, string location, ConnectionCredentials credentials)
    {
        var asset = ConnectionAssetCodec.Decode(new PangolinAsset("id-1", Reference.Name, PangolinAsset.ConnectionKind, location, properties), Reference, "orders");
        return new ResolvedConnection("orders", asset, credentials, DateTimeOffset.UtcNow);
    }
}
