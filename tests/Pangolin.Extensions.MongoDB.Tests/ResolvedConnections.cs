using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.MongoDB.Tests;

/// <summary>Builds resolved connections in memory, through the real asset codec (pypangolin's layout).</summary>
internal static class ResolvedConnections
{
    internal static readonly AssetReference Reference = new("c", "nosql", "events");

    public static ResolvedConnection Create(string connectionString, Dictionary<string, string>? credentials = null, ConnectionType? type = null)
    {
        var values = new ConnectionCredentials(credentials ?? []);
        var properties = ConnectionAssetCodec.Encode(
            new ConnectionAssetDefinition(type ?? ConnectionType.MongoDb, connectionString, values), new FernetKeyRing([FernetKey.Generate()]));
        var asset = ConnectionAssetCodec.Decode(new PangolinAsset("id-1", Reference.Name, PangolinAsset.ConnectionKind, connectionString, properties), Reference, "events");
        return new ResolvedConnection("events", asset, values, DateTimeOffset.UtcNow);
    }

    /// <summary>A legacy asset: no connection_type and no credentials, as pypangolin's DbConnectionString writes it.</summary>
    public static ResolvedConnection Legacy(string connectionString)
    {
        var asset = ConnectionAssetCodec.Decode(
            new PangolinAsset("id-1", Reference.Name, PangolinAsset.ConnectionKind, connectionString, new Dictionary<string, string> { ["connection_string"] = connectionString }),
            Reference, "events");
        return new ResolvedConnection("events", asset, ConnectionCredentials.Empty, DateTimeOffset.UtcNow);
    }
}
