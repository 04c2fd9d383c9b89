using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Sqlite.Tests;

internal static class TestAssets
{
    private static readonly FernetKey Key = FernetKey.Generate();

    public static ConnectionCredentials Credentials(params (string Name, string Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Name, v.Value)));

    public static ConnectionAssetDefinition Definition(string connectionString, params (string Name, string Value)[] credentials) =>
        new(ConnectionType.Sqlite, connectionString, Credentials(credentials));

    /// <summary>Encodes, decodes and decrypts an asset the way the resolver does, without a server.</summary>
    public static ResolvedConnection Resolve(string connectionString, params (string Name, string Value)[] credentials) =>
        Resolve(Definition(connectionString, credentials));

    public static ResolvedConnection Resolve(ConnectionAssetDefinition definition)
    {
        var ring = new FernetKeyRing([Key]);
        var reference = new AssetReference("tests", "local", "app");
        var raw = new PangolinAsset(Guid.NewGuid().ToString(), reference.Name, PangolinAsset.ConnectionKind, definition.ConnectionString, ConnectionAssetCodec.Encode(definition, ring));
        var asset = ConnectionAssetCodec.Decode(raw, reference, "app");
        return new ResolvedConnection("app", asset, ConnectionAssetCodec.Decrypt(asset, ring, "app"), DateTimeOffset.UtcNow);
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pangolin-sqlite-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
