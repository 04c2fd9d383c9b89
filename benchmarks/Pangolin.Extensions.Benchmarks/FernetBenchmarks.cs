using System.Text;
using BenchmarkDotNet.Attributes;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Benchmarks;

/// <summary>Fernet encrypt/decrypt for a typical credential (32 bytes) and a large one (4 KiB, e.g. a service-account JSON).</summary>
[MemoryDiagnoser]
public class FernetBenchmarks
{
    private Fernet _fernet = null!;
    private FernetKeyRing _ring = null!;
    private byte[] _plaintext = null!;
    private string _token = null!;
    private string _oldKeyToken = null!;

    [Params(32, 4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = FernetKey.Generate();
        var old = FernetKey.Generate();
        _fernet = new Fernet(key);
        _ring = new FernetKeyRing([key, old]);
        _plaintext = Encoding.UTF8.GetBytes(new string('p', Size));
        _token = _fernet.Encrypt(_plaintext);
        _oldKeyToken = new Fernet(old).Encrypt(_plaintext);
    }

    [Benchmark]
    public string Encrypt() => _fernet.Encrypt(_plaintext);

    [Benchmark]
    public byte[] Decrypt() => _fernet.Decrypt(_token);

    [Benchmark]
    public byte[] DecryptWithSecondKeyOfRing() => _ring.Decrypt(_oldKeyToken);

    [Benchmark]
    public FernetKey ParseKey() => FernetKey.Parse("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=");
}
