using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Dremio.Tests;

/// <summary>Builds resolved connections in memory, through the real asset codec (pypangolin's layout).</summary>
internal static class ResolvedConnections
{
    internal static readonly AssetReference Reference = new("c", "lakehouse", "dremio");

    public static ResolvedConnection Create(string connectionString, Dictionary<string, string> credentials, ConnectionType? type = null)
    {
        var values = new ConnectionCredentials(credentials);
        var properties = ConnectionAssetCodec.Encode(
            new ConnectionAssetDefinition(type ?? ConnectionType.Dremio, connectionString, values), new FernetKeyRing([FernetKey.Generate()]));
        var asset = ConnectionAssetCodec.Decode(new PangolinAsset("id-1", Reference.Name, PangolinAsset.ConnectionKind, connectionString, properties), Reference, "lake");
        return new ResolvedConnection("lake", asset, values, DateTimeOffset.UtcNow);
    }
}
