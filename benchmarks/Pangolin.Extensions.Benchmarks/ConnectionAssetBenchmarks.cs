using BenchmarkDotNet.Attributes;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Benchmarks;

/// <summary>The per-resolution cost outside the network: decoding a pypangolin asset and decrypting its credentials.</summary>
[MemoryDiagnoser]
public class ConnectionAssetBenchmarks
{
    private static readonly AssetReference Where = AssetReference.Parse("data_sources.databases.orders");
    private FernetKeyRing _keys = null!;
    private PangolinAsset _raw = null!;
    private ConnectionAssetDefinition _definition = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = new FernetKeyRing([FernetKey.Generate()]);
        _definition = new ConnectionAssetDefinition(
            ConnectionType.PostgreSql, "postgresql://db.example.com:5432/orders",
            new ConnectionCredentials([new("username", "orders_app"), new("password", "correct horse battery staple")]))
        {
            Description = "Orders database",
        };
        var properties = ConnectionAssetCodec.Encode(_definition, _keys);
        _raw = new PangolinAsset("id", "orders", PangolinAsset.ConnectionKind, _definition.ConnectionString, properties);
    }

    [Benchmark]
    public Dictionary<string, string> Encode() => ConnectionAssetCodec.Encode(_definition, _keys);

    [Benchmark]
    public ConnectionCredentials DecodeAndDecrypt() => ConnectionAssetCodec.Decrypt(ConnectionAssetCodec.Decode(_raw, Where), _keys);
}
