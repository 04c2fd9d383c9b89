using System.Net;
using System.Security;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.SqlClient.Tests;

internal static class TestAssets
{
    public const string Workspace = "contoso-ws.sql.azuresynapse.net";

    private static readonly FernetKey Key = FernetKey.Generate();

    /// <summary>A Synapse asset as pypangolin's <c>AzureSynapseAsset.register</c> writes it.</summary>
    public static ConnectionAssetDefinition SynapseDefinition(string database, string password, string server = "tcp:" + Workspace + ",1433") =>
        new(ConnectionType.Synapse, "synapse://" + Workspace, Credentials(
            ("server", server), ("database", database), ("username", "svc_reader"), ("password", password), ("driver", "ODBC Driver 18 for SQL Server")));

    public static ConnectionCredentials Credentials(params (string Name, string Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Name, v.Value)));

    /// <summary>Encodes, decodes and decrypts an asset the way the resolver does, without a server.</summary>
    public static ResolvedConnection Resolve(ConnectionType type, string connectionString, params (string Name, string Value)[] credentials) =>
        Resolve(new ConnectionAssetDefinition(type, connectionString, Credentials(credentials)));

    public static ResolvedConnection Resolve(ConnectionAssetDefinition definition)
    {
        var ring = new FernetKeyRing([Key]);
        var reference = new AssetReference("tests", "databases", "warehouse");
        var raw = new PangolinAsset(Guid.NewGuid().ToString(), reference.Name, PangolinAsset.ConnectionKind, definition.ConnectionString, ConnectionAssetCodec.Encode(definition, ring));
        var asset = ConnectionAssetCodec.Decode(raw, reference, "warehouse");
        return new ResolvedConnection("warehouse", asset, ConnectionAssetCodec.Decrypt(asset, ring, "warehouse"), DateTimeOffset.UtcNow);
    }

    public static string Reveal(SecureString secure) => new NetworkCredential(string.Empty, secure).Password;
}
