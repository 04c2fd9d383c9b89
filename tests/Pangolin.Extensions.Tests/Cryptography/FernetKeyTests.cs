using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Tests.Cryptography;

public sealed class FernetKeyTests
{
    [Fact]
    public void Export_is_44_char_url_safe_base64_with_padding_of_the_key_bytes()
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(32);
        var key = new FernetKey(bytes);

        string text = key.Export();

        Assert.Equal(44, text.Length);
        Assert.EndsWith("=", text, StringComparison.Ordinal);
        Assert.DoesNotContain('+', text);
        Assert.DoesNotContain('/', text);
        Assert.Equal(FernetTestEncoding.ToUrlSafe(bytes), text);
    }

    [Fact]
    public void Parse_round_trips_export()
    {
        for (int i = 0; i < 50; i++)
        {
            FernetKey key = FernetKey.Generate();
            FernetKey parsed = FernetKey.Parse(key.Export());
            Assert.Equal(key, parsed);
            Assert.Equal(key.Export(), parsed.Export());
        }
    }

    [Fact]
    public void Generate_returns_different_keys()
    {
        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(fingerprints.Add(FernetKey.Generate().Fingerprint));
        }
    }

    [Fact]
    public void Parse_accepts_the_standard_alphabet()
    {
        FernetKey key = KeyWithBothUrlSafeCharacters();
        string standard = FernetTestEncoding.ToStandardAlphabet(key.Export());
        Assert.Contains('+', standard);
        Assert.Contains('/', standard);

        Assert.Equal(key, FernetKey.Parse(standard));
    }

    [Theory]
    [InlineData("  {0}  ")]
    [InlineData("{0}\n")]
    [InlineData("\t{0}\r\n")]
    [InlineData("split")]
    [InlineData("garbage")]
    public void Parse_ignores_whitespace_and_other_non_alphabet_characters(string shape)
    {
        FernetKey key = FernetKey.Generate();
        string text = key.Export();
        string input = shape switch
        {
            "split" => text[..10] + "\n" + text[10..30] + "\r\n " + text[30..],
            "garbage" => "!" + text[..5] + "*." + text[5..] + "#",
            _ => string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, text),
        };

        Assert.Equal(key, FernetKey.Parse(input));
        Assert.True(FernetKey.TryParse(input, out FernetKey? parsed));
        Assert.Equal(key, parsed);
    }

    [Fact]
    public void Parse_rejects_a_key_whose_padding_was_removed()
    {
        string unpadded = FernetKey.Generate().Export().TrimEnd('=');
        Assert.Equal(43, unpadded.Length);

        Assert.Throws<InvalidFernetKeyException>(() => FernetKey.Parse(unpadded));
        Assert.False(FernetKey.TryParse(unpadded, out FernetKey? key));
        Assert.Null(key);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(48)]
    [InlineData(64)]
    public void Parse_rejects_texts_that_do_not_decode_to_32_bytes(int length)
    {
        string text = FernetTestEncoding.ToUrlSafe(RandomNumberGenerator.GetBytes(length));

        Assert.Throws<InvalidFernetKeyException>(() => FernetKey.Parse(text));
        Assert.False(FernetKey.TryParse(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a key at all")]
    [InlineData("%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%=")]
    public void Parse_rejects_garbage(string text)
    {
        Assert.Throws<InvalidFernetKeyException>(() => FernetKey.Parse(text));
        Assert.False(FernetKey.TryParse(text, out _));
    }

    [Fact]
    public void Parse_rejects_non_ascii_text_like_python()
    {
        string text = FernetKey.Generate().Export() + "é";
        Assert.Throws<InvalidFernetKeyException>(() => FernetKey.Parse(text));
    }

    [Fact]
    public void Parse_null_throws_ArgumentNullException_and_TryParse_null_returns_false()
    {
        Assert.Throws<ArgumentNullException>(() => FernetKey.Parse(null!));
        Assert.False(FernetKey.TryParse(null, out FernetKey? key));
        Assert.Null(key);
    }

    [Fact]
    public void Invalid_key_message_explains_the_format_and_does_not_contain_the_text()
    {
        string almost = FernetKey.Generate().Export()[..40];

        var error = Assert.Throws<InvalidFernetKeyException>(() => FernetKey.Parse(almost));

        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("URL-safe base64 with padding", error.Message, StringComparison.Ordinal);
        Assert.Contains("44 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fernet.generate_key()", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(almost, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(almost[..8], error.ToString(), StringComparison.Ordinal);
        Assert.IsAssignableFrom<FernetException>(error);
        Assert.IsAssignableFrom<CryptographicException>(error);
    }

    [Fact]
    public void Constructor_rejects_wrong_lengths()
    {
        Assert.Throws<InvalidFernetKeyException>(() => new FernetKey(new byte[31]));
        Assert.Throws<InvalidFernetKeyException>(() => new FernetKey(new byte[33]));
    }

    [Fact]
    public void Constructor_copies_the_bytes()
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(32);
        var key = new FernetKey(bytes);
        string before = key.Export();

        bytes[0] ^= 0xFF;

        Assert.Equal(before, key.Export());
    }

    [Fact]
    public void Signing_and_encryption_keys_are_the_two_halves()
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(32);
        var key = new FernetKey(bytes);

        Assert.Equal(bytes[..16], key.SigningKey.ToArray());
        Assert.Equal(bytes[16..], key.EncryptionKey.ToArray());
    }

    [Fact]
    public void Equality_is_by_value()
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(32);
        var a = new FernetKey(bytes);
        var b = new FernetKey(bytes);
        bytes[31] ^= 1;
        var c = new FernetKey(bytes);

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.False(a.Equals(c));
        Assert.False(a.Equals(null));
        Assert.False(a.Equals("not a key"));
    }

    [Fact]
    public void Fingerprint_is_16_lowercase_hex_chars_of_sha256_and_differs_between_keys()
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(32);
        var key = new FernetKey(bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes))[..16], key.Fingerprint);
        Assert.NotEqual(key.Fingerprint, FernetKey.Generate().Fingerprint);
    }

    [Fact]
    public void ToString_and_debugger_display_are_redacted()
    {
        FernetKey key = KeyWithBothUrlSafeCharacters();
        string text = key.ToString();

        Assert.Contains(key.Fingerprint, text, StringComparison.Ordinal);
        AssertDoesNotRevealKey(key, text);

        var display = typeof(FernetKey).GetCustomAttribute<DebuggerDisplayAttribute>();
        Assert.NotNull(display);
        Assert.Equal("{ToString(),nq}", display.Value);
    }

    internal static void AssertDoesNotRevealKey(FernetKey key, string text)
    {
        string exported = key.Export();
        byte[] bytes = FernetTestEncoding.FromUrlSafe(exported);
        Assert.DoesNotContain(exported.TrimEnd('='), text, StringComparison.Ordinal);
        Assert.DoesNotContain(FernetTestEncoding.ToStandardAlphabet(exported).TrimEnd('='), text, StringComparison.Ordinal);
        Assert.DoesNotContain(exported[..12], text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(bytes[..8]), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexString(bytes[16..24]), text, StringComparison.OrdinalIgnoreCase);
    }

    internal static FernetKey KeyWithBothUrlSafeCharacters()
    {
        while (true)
        {
            FernetKey key = FernetKey.Generate();
            string text = key.Export();
            if (text.Contains('-', StringComparison.Ordinal) && text.Contains('_', StringComparison.Ordinal))
            {
                return key;
            }
        }
    }
}
