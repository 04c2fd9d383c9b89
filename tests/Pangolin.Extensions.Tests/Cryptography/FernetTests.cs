using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Tests.Cryptography;

public sealed class FernetTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 17, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Token_has_the_fernet_layout()
    {
        var clock = new FakeTimeProvider(Start);
        FernetKey key = FernetKey.Generate();
        var fernet = new Fernet(key, clock);
        byte[] plaintext = Encoding.UTF8.GetBytes("s3cr3t password");

        string token = fernet.Encrypt(plaintext);

        Assert.StartsWith("gAAAAA", token, StringComparison.Ordinal);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        byte[] raw = FernetTestEncoding.FromUrlSafe(token);
        Assert.Equal(FernetTestEncoding.ToUrlSafe(raw), token); // padded, canonical
        Assert.Equal(0x80, raw[0]);
        Assert.Equal((ulong)Start.ToUnixTimeSeconds(), BinaryPrimitives.ReadUInt64BigEndian(raw.AsSpan(1, 8)));
        Assert.Equal(57 + 16, raw.Length);

        // Independent check with the BCL: HMAC over everything before the MAC, then AES-128-CBC/PKCS7.
        byte[] keyBytes = FernetTestEncoding.FromUrlSafe(key.Export());
        Assert.Equal(HMACSHA256.HashData(keyBytes[..16], raw[..^32]), raw[^32..]);
        using var aes = Aes.Create();
        aes.Key = keyBytes[16..];
        Assert.Equal(plaintext, aes.DecryptCbc(raw[25..^32], raw[9..25]));
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(15, 100)]
    [InlineData(16, 120)]
    [InlineData(31, 120)]
    [InlineData(32, 140)]
    public void Token_length_matches_the_padded_block_count(int plaintextLength, int expectedChars)
    {
        var fernet = new Fernet(FernetKey.Generate());
        Assert.Equal(expectedChars, fernet.Encrypt(new byte[plaintextLength]).Length);
    }

    [Fact]
    public void Encrypt_uses_a_fresh_iv_each_time()
    {
        var fernet = new Fernet(FernetKey.Generate(), new FakeTimeProvider(Start));
        Assert.NotEqual(fernet.Encrypt("same"), fernet.Encrypt("same"));
    }

    [Fact]
    public void String_round_trip_is_utf8()
    {
        var fernet = new Fernet(FernetKey.Generate());
        const string text = "pässwörd ✓ 密码 🦫";

        string token = fernet.Encrypt(text);

        Assert.Equal(text, fernet.DecryptString(token));
        Assert.Equal(Encoding.UTF8.GetBytes(text), fernet.Decrypt(token));
    }

    [Fact]
    public void Large_plaintexts_use_pooled_buffers_and_still_round_trip()
    {
        var fernet = new Fernet(FernetKey.Generate());
        byte[] plaintext = RandomNumberGenerator.GetBytes(100_000);
        string text = new('x', 5000);

        Assert.Equal(plaintext, fernet.Decrypt(fernet.Encrypt(plaintext)));
        Assert.Equal(text, fernet.DecryptString(fernet.Encrypt(text)));
    }

    [Fact]
    public void DecryptString_rejects_plaintext_that_is_not_utf8()
    {
        var fernet = new Fernet(FernetKey.Generate());
        string token = fernet.Encrypt([0xC3, 0x28, 0xFF]);

        Assert.Equal([0xC3, 0x28, 0xFF], fernet.Decrypt(token));
        var error = Assert.Throws<InvalidFernetTokenException>(() => fernet.DecryptString(token));
        Assert.Equal(InvalidFernetTokenException.DefaultMessage, error.Message);
    }

    [Fact]
    public void Tokens_in_the_standard_alphabet_or_with_surrounding_whitespace_are_accepted()
    {
        var fernet = new Fernet(FernetKey.Generate());
        string token = TokenContaining(fernet, '-', '_');
        string standard = FernetTestEncoding.ToStandardAlphabet(token);
        Assert.NotEqual(token, standard);

        Assert.Equal("payload", fernet.DecryptString(standard));
        Assert.Equal("payload", fernet.DecryptString(token + "\n"));
        Assert.Equal("payload", fernet.DecryptString("  " + token + "\r\n"));
    }

    [Fact]
    public void Tokens_with_padding_removed_are_rejected()
    {
        var fernet = new Fernet(FernetKey.Generate());
        string token = fernet.Encrypt("payload"); // 73 bytes: needs "=="
        Assert.EndsWith("==", token, StringComparison.Ordinal);

        Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(token.TrimEnd('=')));
        Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(token[..^1]));
    }

    [Fact]
    public void Tokens_that_need_no_padding_decrypt()
    {
        var fernet = new Fernet(FernetKey.Generate());
        string token = fernet.Encrypt(new byte[40]); // 57 + 48 = 105 bytes, a multiple of 3

        Assert.DoesNotContain('=', token);
        Assert.Equal(new byte[40], fernet.Decrypt(token));
    }

    [Fact]
    public void Without_ttl_no_time_check_is_made_even_for_timestamp_0_and_2_pow_40()
    {
        var clock = new FakeTimeProvider(Start);
        var fernet = new Fernet(FernetKey.Generate(), clock);
        byte[] plaintext = Encoding.UTF8.GetBytes("old or future");
        byte[] iv = RandomNumberGenerator.GetBytes(16);

        string ancient = fernet.EncryptCore(plaintext, iv, 0);
        string future = fernet.EncryptCore(plaintext, iv, 1UL << 40);

        Assert.Equal(plaintext, fernet.Decrypt(ancient));
        Assert.Equal(plaintext, fernet.Decrypt(future));
        Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(ancient, TimeSpan.FromDays(365 * 50)));
        Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(future, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Ttl_accepts_tokens_up_to_exactly_ttl_old_and_rejects_older()
    {
        var clock = new FakeTimeProvider(Start);
        var fernet = new Fernet(FernetKey.Generate(), clock);
        string token = fernet.Encrypt("payload");
        TimeSpan ttl = TimeSpan.FromSeconds(60);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("payload", fernet.DecryptString(token, ttl));

        clock.Advance(TimeSpan.FromSeconds(30)); // timestamp + ttl == now: Python accepts (strict <)
        Assert.Equal("payload", fernet.DecryptString(token, ttl));

        clock.Advance(TimeSpan.FromSeconds(0.9)); // now is truncated to whole seconds, like int(time.time())
        Assert.Equal("payload", fernet.DecryptString(token, ttl));

        clock.Advance(TimeSpan.FromSeconds(0.1)); // 61 s old
        Assert.Throws<InvalidFernetTokenException>(() => fernet.DecryptString(token, ttl));
        Assert.False(fernet.TryDecrypt(token, out _, ttl));
        Assert.Equal("payload", fernet.DecryptString(token)); // no TTL: still fine
    }

    [Fact]
    public void Ttl_with_fractional_seconds_is_compared_exactly()
    {
        var clock = new FakeTimeProvider(Start);
        var fernet = new Fernet(FernetKey.Generate(), clock);
        string token = fernet.Encrypt("payload");

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(token, TimeSpan.FromSeconds(1.5)));
        Assert.Equal("payload", fernet.DecryptString(token, TimeSpan.FromSeconds(2)));
    }

    [Theory]
    [InlineData(59, true)]
    [InlineData(60, true)]
    [InlineData(61, false)]
    [InlineData(3600, false)]
    public void Ttl_allows_60_seconds_of_clock_skew_into_the_future(int secondsAhead, bool accepted)
    {
        FernetKey key = FernetKey.Generate();
        var issuerClock = new FakeTimeProvider(Start.AddSeconds(secondsAhead));
        string token = new Fernet(key, issuerClock).Encrypt("payload");
        var reader = new Fernet(key, new FakeTimeProvider(Start));

        Assert.Equal(accepted, reader.TryDecrypt(token, out _, TimeSpan.FromMinutes(10)));
        Assert.Equal("payload", reader.DecryptString(token)); // no TTL: never rejected for time
    }

    [Fact]
    public void Negative_ttl_is_an_argument_error()
    {
        var fernet = new Fernet(FernetKey.Generate());
        string token = fernet.Encrypt("x");

        Assert.Throws<ArgumentOutOfRangeException>(() => fernet.Decrypt(token, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => fernet.TryDecrypt(token, out _, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => fernet.DecryptString(token, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        var fernet = new Fernet(FernetKey.Generate());

        Assert.Throws<ArgumentNullException>(() => new Fernet(null!));
        Assert.Throws<ArgumentNullException>(() => fernet.Encrypt((string)null!));
        Assert.Throws<ArgumentNullException>(() => fernet.Decrypt(null!));
        Assert.Throws<ArgumentNullException>(() => fernet.DecryptString(null!));
        Assert.Throws<ArgumentNullException>(() => fernet.TryDecrypt(null!, out _));
        Assert.Throws<ArgumentNullException>(() => Fernet.GetTimestamp(null!));
    }

    [Fact]
    public void GetTimestamp_reads_the_creation_time_without_the_key()
    {
        var clock = new FakeTimeProvider(Start.AddMilliseconds(750));
        string token = new Fernet(FernetKey.Generate(), clock).Encrypt("x");

        Assert.Equal(Start, Fernet.GetTimestamp(token));
        Assert.Equal(TimeSpan.Zero, Fernet.GetTimestamp(token).Offset);
    }

    [Fact]
    public void GetTimestamp_rejects_malformed_tokens_and_unrepresentable_timestamps()
    {
        var fernet = new Fernet(FernetKey.Generate());
        string future = fernet.EncryptCore([1, 2, 3], new byte[16], 1UL << 40);

        Assert.Throws<InvalidFernetTokenException>(() => Fernet.GetTimestamp("not a token"));
        Assert.Throws<InvalidFernetTokenException>(() => Fernet.GetTimestamp(fernet.Encrypt("x")[..50]));
        Assert.Throws<InvalidFernetTokenException>(() => Fernet.GetTimestamp(future));
    }

    [Fact]
    public void Encrypt_before_1970_is_refused()
    {
        var fernet = new Fernet(FernetKey.Generate(), new FakeTimeProvider(new DateTimeOffset(1969, 12, 31, 23, 59, 0, TimeSpan.Zero)));
        Assert.Throws<InvalidOperationException>(() => fernet.Encrypt("x"));
    }

    // The shared spec invalid vectors lack the 0x80 version byte, so they only reach the first checks. These
    // tokens carry a valid MAC and fail one later check each, which is what the spec's descriptions intend.
    [Fact]
    public void Correctly_signed_token_with_bad_pkcs7_padding_is_rejected()
    {
        FernetKey key = FernetKey.Generate();
        byte[] block = RandomNumberGenerator.GetBytes(16);
        block[15] = 0x00; // never a valid PKCS7 pad byte
        string token = SignedToken(key, 0x80, 1, RawCbcEncrypt(key, block, out byte[] iv), iv);

        var error = Assert.Throws<InvalidFernetTokenException>(() => new Fernet(key).Decrypt(token));
        Assert.Equal(InvalidFernetTokenException.DefaultMessage, error.Message);
    }

    [Fact]
    public void Correctly_signed_token_with_wrong_version_or_length_is_rejected()
    {
        FernetKey key = FernetKey.Generate();
        var fernet = new Fernet(key);
        byte[] iv = RandomNumberGenerator.GetBytes(16);

        Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(SignedToken(key, 0x81, 1, new byte[16], iv)));
        Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(SignedToken(key, 0x80, 1, new byte[15], iv)));
        Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(SignedToken(key, 0x80, 1, new byte[17], iv)));
        Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(SignedToken(key, 0x80, 1, [], iv)));
    }

    [Fact]
    public void Correctly_signed_token_with_valid_padding_is_accepted_by_the_same_builder()
    {
        // Guards the two tests above: the hand-built token is right when only the tested field is wrong.
        FernetKey key = FernetKey.Generate();
        byte[] padded = [.. "hi"u8, .. Enumerable.Repeat((byte)14, 14)];
        string token = SignedToken(key, 0x80, 1, RawCbcEncrypt(key, padded, out byte[] iv), iv);

        Assert.Equal("hi", new Fernet(key).DecryptString(token));
    }

    [Fact]
    public void Empty_and_garbage_tokens_are_rejected()
    {
        var fernet = new Fernet(FernetKey.Generate());
        foreach (string token in new[] { "", " ", "gAAAAA", "=", "====", "%%%%", new string('A', 100), "gAAAAAé" + new string('A', 96) })
        {
            Assert.Throws<InvalidFernetTokenException>(() => fernet.Decrypt(token));
        }
    }

    [Fact]
    public void Concurrent_use_of_one_instance_is_safe()
    {
        var fernet = new Fernet(FernetKey.Generate());
        int failures = 0;

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            byte[] plaintext = new byte[i % 97];
            plaintext.AsSpan().Fill((byte)i);
            byte[] result = fernet.Decrypt(fernet.Encrypt(plaintext));
            if (!result.AsSpan().SequenceEqual(plaintext))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void ToString_is_redacted()
    {
        FernetKey key = FernetKey.Generate();
        string text = new Fernet(key).ToString();

        Assert.Contains(key.Fingerprint, text, StringComparison.Ordinal);
        FernetKeyTests.AssertDoesNotRevealKey(key, text);
    }

    internal static string TokenContaining(Fernet fernet, char first, char second)
    {
        while (true)
        {
            string token = fernet.Encrypt("payload");
            if (token.Contains(first, StringComparison.Ordinal) && token.Contains(second, StringComparison.Ordinal))
            {
                return token;
            }
        }
    }

    private static byte[] RawCbcEncrypt(FernetKey key, byte[] paddedPlaintext, out byte[] iv)
    {
        iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = FernetTestEncoding.FromUrlSafe(key.Export())[16..];
        return aes.EncryptCbc(paddedPlaintext, iv, PaddingMode.None);
    }

    private static string SignedToken(FernetKey key, byte version, ulong timestamp, byte[] ciphertext, byte[] iv)
    {
        byte[] body = new byte[25 + ciphertext.Length];
        body[0] = version;
        BinaryPrimitives.WriteUInt64BigEndian(body.AsSpan(1, 8), timestamp);
        iv.CopyTo(body, 9);
        ciphertext.CopyTo(body, 25);
        byte[] mac = HMACSHA256.HashData(FernetTestEncoding.FromUrlSafe(key.Export())[..16], body);
        return FernetTestEncoding.ToUrlSafe([.. body, .. mac]);
    }
}
