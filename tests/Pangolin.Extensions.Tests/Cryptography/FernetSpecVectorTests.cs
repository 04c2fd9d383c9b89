using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Tests.Cryptography;

/// <summary>The official Fernet spec vectors (github.com/fernet/spec), copied into Vectors/.</summary>
public sealed class FernetSpecVectorTests
{
    private static readonly Lazy<IReadOnlyList<Vector>> Generate = new(() => Load("generate.json"));
    private static readonly Lazy<IReadOnlyList<Vector>> Verify = new(() => Load("verify.json"));
    private static readonly Lazy<IReadOnlyList<Vector>> Invalid = new(() => Load("invalid.json"));

    public static TheoryData<int> GenerateCases => Indices(Generate.Value);

    public static TheoryData<int> VerifyCases => Indices(Verify.Value);

    public static TheoryData<string> InvalidCases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (Vector vector in Invalid.Value)
            {
                data.Add(vector.Desc!);
            }

            return data;
        }
    }

    [Fact]
    public void Vector_files_are_present_and_not_empty()
    {
        Assert.NotEmpty(Generate.Value);
        Assert.NotEmpty(Verify.Value);
        Assert.True(Invalid.Value.Count >= 8, "invalid.json should hold the spec's eight invalid tokens");
    }

    [Theory]
    [MemberData(nameof(GenerateCases))]
    public void Generate_vector_produces_the_exact_token(int index)
    {
        Vector vector = Generate.Value[index];
        var fernet = new Fernet(FernetKey.Parse(vector.Secret));
        byte[] iv = vector.Iv!.Select(b => (byte)b).ToArray();

        string token = fernet.Encrypt(Encoding.UTF8.GetBytes(vector.Src!), iv, DateTimeOffset.Parse(vector.Now, CultureInfo.InvariantCulture));

        Assert.Equal(vector.Token, token);
    }

    [Theory]
    [MemberData(nameof(VerifyCases))]
    public void Verify_vector_decrypts_at_its_time_with_its_ttl(int index)
    {
        Vector vector = Verify.Value[index];
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(vector.Now, CultureInfo.InvariantCulture));
        var fernet = new Fernet(FernetKey.Parse(vector.Secret), clock);

        Assert.Equal(vector.Src, fernet.DecryptString(vector.Token, TimeSpan.FromSeconds(vector.TtlSec!.Value)));
        Assert.Equal(Encoding.UTF8.GetBytes(vector.Src!), fernet.Decrypt(vector.Token, TimeSpan.FromSeconds(vector.TtlSec.Value)));
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_vector_is_rejected_with_the_single_fixed_message(string desc)
    {
        Vector vector = Invalid.Value.Single(v => v.Desc == desc);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(vector.Now, CultureInfo.InvariantCulture));
        var fernet = new Fernet(FernetKey.Parse(vector.Secret), clock);
        var ring = new FernetKeyRing([FernetKey.Generate(), FernetKey.Parse(vector.Secret)], clock);
        TimeSpan ttl = TimeSpan.FromSeconds(vector.TtlSec!.Value);

        var bytesError = Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(vector.Token, ttl));
        var textError = Assert.Throws<InvalidFernetTokenException>(() => fernet.DecryptString(vector.Token, ttl));
        var ringError = Assert.Throws<InvalidFernetTokenException>(() => ring.Decrypt(vector.Token, ttl));
        Assert.False(fernet.TryDecrypt(vector.Token, out byte[]? plaintext, ttl));
        Assert.Null(plaintext);

        foreach (InvalidFernetTokenException error in new[] { bytesError, textError, ringError })
        {
            Assert.Equal(InvalidFernetTokenException.DefaultMessage, error.Message);
            Assert.DoesNotContain(vector.Token, error.Message, StringComparison.Ordinal);
            Assert.Null(error.InnerException);
        }
    }

    private static TheoryData<int> Indices(IReadOnlyList<Vector> vectors)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < vectors.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static IReadOnlyList<Vector> Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Cryptography", "Vectors", name);
        Assert.True(File.Exists(path), $"Missing Fernet spec vector file {path} (is it copied to the output directory?)");
        return JsonSerializer.Deserialize<List<Vector>>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"{name} is empty");
    }

    private sealed record Vector(
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("now")] string Now,
        [property: JsonPropertyName("secret")] string Secret,
        [property: JsonPropertyName("src")] string? Src,
        [property: JsonPropertyName("iv")] int[]? Iv,
        [property: JsonPropertyName("ttl_sec")] int? TtlSec,
        [property: JsonPropertyName("desc")] string? Desc);
}
