using System.Text;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Tests.Cryptography;

/// <summary>Seeded randomized properties (reproducible: the seed is in each test).</summary>
public sealed class FernetPropertyTests
{
    [Fact]
    public void Random_keys_and_plaintexts_round_trip()
    {
        var random = new Random(20240517);
        for (int i = 0; i < 400; i++)
        {
            var key = new FernetKey(Bytes(random, 32));
            byte[] plaintext = Bytes(random, random.Next(0, 600));
            var fernet = new Fernet(key);

            string token = fernet.Encrypt(plaintext);

            Assert.Equal(plaintext, fernet.Decrypt(token));
            Assert.Equal(plaintext, new Fernet(FernetKey.Parse(key.Export())).Decrypt(token));
            Assert.True(fernet.TryDecrypt(token, out byte[]? again));
            Assert.Equal(plaintext, again);
        }
    }

    [Fact]
    public void Random_text_round_trips_through_DecryptString()
    {
        var random = new Random(31337);
        const string alphabet = "abcXYZ019 !\"#%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\näöüßéñ✓密码码🦫😀";
        for (int i = 0; i < 300; i++)
        {
            var builder = new StringBuilder();
            int length = random.Next(0, 120);
            for (int j = 0; j < length; j++)
            {
                char c = alphabet[random.Next(alphabet.Length)];
                if (char.IsSurrogate(c))
                {
                    continue; // keep the string well-formed; whole emoji are added below
                }

                builder.Append(c);
            }

            if (random.Next(4) == 0)
            {
                builder.Append("🦫");
            }

            string text = builder.ToString();
            var fernet = new Fernet(FernetKey.Generate());
            Assert.Equal(text, fernet.DecryptString(fernet.Encrypt(text)));
        }
    }

    [Fact]
    public void Flipping_any_single_bit_of_a_token_makes_it_invalid()
    {
        var fernet = new Fernet(FernetKey.Generate());
        string token = fernet.Encrypt("hello"u8);
        byte[] raw = FernetTestEncoding.FromUrlSafe(token);
        Assert.Equal(73, raw.Length);
        Assert.Equal("hello"u8.ToArray(), fernet.Decrypt(FernetTestEncoding.ToUrlSafe(raw)));

        int flipped = 0;
        for (int bit = 0; bit < raw.Length * 8; bit++)
        {
            byte[] tampered = (byte[])raw.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            string tamperedToken = FernetTestEncoding.ToUrlSafe(tampered);

            Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(tamperedToken));
            Assert.False(fernet.TryDecrypt(tamperedToken, out _));
            flipped++;
        }

        Assert.Equal(73 * 8, flipped);
    }

    [Fact]
    public void Flipping_random_bits_of_longer_tokens_makes_them_invalid()
    {
        var random = new Random(4242);
        for (int i = 0; i < 300; i++)
        {
            var fernet = new Fernet(FernetKey.Generate());
            byte[] raw = FernetTestEncoding.FromUrlSafe(fernet.Encrypt(Bytes(random, random.Next(0, 200))));
            int bit = random.Next(raw.Length * 8);
            raw[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(FernetTestEncoding.ToUrlSafe(raw)));
        }
    }

    [Fact]
    public void Decrypting_with_the_wrong_key_fails()
    {
        var random = new Random(777);
        for (int i = 0; i < 300; i++)
        {
            var right = new Fernet(new FernetKey(Bytes(random, 32)));
            var wrong = new Fernet(new FernetKey(Bytes(random, 32)));
            string token = right.Encrypt(Bytes(random, random.Next(0, 100)));

            var error = Assert.Throws<InvalidFernetTokenException>(() => wrong.Decrypt(token));
            Assert.Equal(InvalidFernetTokenException.DefaultMessage, error.Message);
            Assert.False(wrong.TryDecrypt(token, out byte[]? plaintext));
            Assert.Null(plaintext);
        }
    }

    [Fact]
    public void Decrypting_with_the_right_encryption_half_but_wrong_signing_half_fails()
    {
        var random = new Random(99);
        for (int i = 0; i < 100; i++)
        {
            byte[] bytes = Bytes(random, 32);
            var right = new Fernet(new FernetKey(bytes));
            bytes[random.Next(16)] ^= 0x01;
            var wrongSigner = new Fernet(new FernetKey(bytes));

            Assert.Throws<InvalidFernetTokenException>(() => wrongSigner.Decrypt(right.Encrypt("secret")));
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
