using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Tests.Cryptography;

/// <summary>
/// Both directions against Python's <c>cryptography.fernet</c> (the implementation pypangolin uses). Everything is
/// prepared up front and exchanged in two Python runs shared by all tests of this class.
/// </summary>
[Trait(Pangolin.Extensions.TestInfrastructure.TestCategories.Category, Pangolin.Extensions.TestInfrastructure.TestCategories.Integration)]
public sealed class FernetPythonInteropTests(FernetPythonInteropTests.Exchange exchange)
    : IClassFixture<FernetPythonInteropTests.Exchange>
{
    [Fact]
    public void Python_reports_its_cryptography_version()
    {
        string? version = (string?)exchange.First.Value["cryptography"];
        Assert.False(string.IsNullOrEmpty(version));
    }

    [Fact]
    public void Python_tokens_decrypt_in_dotnet()
    {
        JsonArray tokens = exchange.First.Value["encrypt"]!.AsArray();
        Assert.Equal(exchange.Plaintexts.Count, tokens.Count);
        var fernet = new Fernet(exchange.SharedKey);
        DateTimeOffset now = DateTimeOffset.UtcNow;

        for (int i = 0; i < tokens.Count; i++)
        {
            string token = (string)tokens[i]!;
            Plaintext expected = exchange.Plaintexts[i];

            Assert.Equal(expected.Bytes, fernet.Decrypt(token));
            if (expected.Text is not null)
            {
                Assert.Equal(expected.Text, fernet.DecryptString(token));
            }

            Assert.InRange(Fernet.GetTimestamp(token), now.AddMinutes(-10), now.AddMinutes(1));
            Assert.True(fernet.TryDecrypt(token, out _, TimeSpan.FromMinutes(10)));
        }
    }

    [Fact]
    public void Dotnet_tokens_decrypt_in_python()
    {
        JsonArray results = exchange.First.Value["decrypt"]!.AsArray();

        for (int i = 0; i < exchange.DotnetTokens.Count; i++)
        {
            JsonNode result = results[exchange.DotnetTokensOffset + i]!;
            Assert.True((bool)result["ok"]!, $"Python rejected .NET token #{i} ({exchange.Plaintexts[i].Name}): {result["error"]}");
            Assert.Equal(exchange.Plaintexts[i].Bytes, Convert.FromBase64String((string)result["plaintext"]!));
            Assert.Equal(Fernet.GetTimestamp(exchange.DotnetTokens[i]).ToUnixTimeSeconds(), (long)result["timestamp"]!);
        }
    }

    [Fact]
    public void Token_text_variants_are_accepted_or_rejected_exactly_as_python_does()
    {
        JsonArray results = exchange.First.Value["decrypt"]!.AsArray();
        var fernet = new Fernet(exchange.SharedKey);
        int accepted = 0;
        int rejected = 0;

        for (int i = 0; i < exchange.TokenVariants.Count; i++)
        {
            (string name, string token) = exchange.TokenVariants[i];
            bool pythonAccepts = (bool)results[exchange.TokenVariantsOffset + i]!["ok"]!;
            bool dotnetAccepts = fernet.TryDecrypt(token, out byte[]? plaintext);

            Assert.True(pythonAccepts == dotnetAccepts, $"Token variant '{name}': Python accepts={pythonAccepts}, .NET accepts={dotnetAccepts}");
            if (dotnetAccepts)
            {
                Assert.Equal(Exchange.VariantPlaintext, plaintext);
                accepted++;
            }
            else
            {
                rejected++;
            }
        }

        // The variants are chosen so that both outcomes occur; check the ones the contract names explicitly.
        Assert.True(accepted >= 3 && rejected >= 3, $"accepted={accepted}, rejected={rejected}");
        Assert.True(VariantOutcome("standard alphabet"));
        Assert.True(VariantOutcome("trailing newline"));
        Assert.False(VariantOutcome("padding stripped"));

        bool VariantOutcome(string name)
        {
            int index = exchange.TokenVariants.FindIndex(v => v.Name == name);
            return (bool)results[exchange.TokenVariantsOffset + index]!["ok"]!;
        }
    }

    [Fact]
    public void Python_rotate_output_decrypts_in_dotnet_with_the_new_key_only()
    {
        string rotated = (string)exchange.First.Value["rotate"]![0]!;

        Assert.Equal(Exchange.RotatePlaintext, new Fernet(exchange.NewKey).Decrypt(rotated));
        Assert.False(new Fernet(exchange.OldKey).TryDecrypt(rotated, out _));
        Assert.Equal(Exchange.PastTime, Fernet.GetTimestamp(rotated));
    }

    [Fact]
    public void Dotnet_rotate_output_decrypts_in_python_with_the_new_key_only()
    {
        JsonArray results = exchange.Second.Value["decrypt"]!.AsArray();
        JsonNode withNewKey = results[0]!;
        JsonNode withOldKey = results[1]!;

        Assert.True((bool)withNewKey["ok"]!, $"Python could not decrypt the .NET-rotated token: {withNewKey["error"]}");
        Assert.Equal(Exchange.RotatePlaintext, Convert.FromBase64String((string)withNewKey["plaintext"]!));
        Assert.Equal(Exchange.PastTime.ToUnixTimeSeconds(), (long)withNewKey["timestamp"]!);
        Assert.False((bool)withOldKey["ok"]!);
    }

    [Fact]
    public void Python_generated_key_parses_in_dotnet_and_decrypts_its_token()
    {
        JsonNode generated = exchange.First.Value["generate"]!;
        string keyText = (string)generated["key"]!;

        FernetKey key = FernetKey.Parse(keyText);

        Assert.Equal(keyText, key.Export());
        Assert.Equal(Exchange.VariantPlaintext, new Fernet(key).Decrypt((string)generated["token"]!));
    }

    [Fact]
    public void Key_text_variants_are_accepted_or_rejected_exactly_as_python_does()
    {
        JsonArray results = exchange.First.Value["parse_keys"]!.AsArray();
        Assert.Equal(exchange.KeyVariants.Count, results.Count);

        for (int i = 0; i < exchange.KeyVariants.Count; i++)
        {
            (string name, string text, bool expected) = exchange.KeyVariants[i];
            bool pythonAccepts = (bool)results[i]!["ok"]!;
            bool dotnetAccepts = FernetKey.TryParse(text, out FernetKey? key);

            Assert.True(expected == pythonAccepts, $"Key variant '{name}': expected accepted={expected}, Python accepted={pythonAccepts}");
            Assert.True(expected == dotnetAccepts, $"Key variant '{name}': expected accepted={expected}, .NET accepted={dotnetAccepts}");
            if (dotnetAccepts)
            {
                Assert.Equal((string)results[i]!["hex"]!, Convert.ToHexStringLower(FernetTestEncoding.FromUrlSafe(key!.Export())));
            }
        }
    }

    [Fact]
    public void Lenient_base64_decoding_matches_python_urlsafe_b64decode()
    {
        JsonArray results = exchange.First.Value["b64decode"]!.AsArray();
        Assert.Equal(exchange.Base64Inputs.Count, results.Count);
        int accepted = 0;

        for (int i = 0; i < exchange.Base64Inputs.Count; i++)
        {
            string input = exchange.Base64Inputs[i];
            byte[] buffer = new byte[PythonBase64.GetMaxDecodedLength(input.Length)];
            bool dotnetAccepts = PythonBase64.TryDecode(input, buffer, out int written);
            bool pythonAccepts = (bool)results[i]!["ok"]!;

            string shown = System.Text.Json.JsonSerializer.Serialize(input);
            Assert.True(pythonAccepts == dotnetAccepts, $"Input {shown}: Python accepts={pythonAccepts}, .NET accepts={dotnetAccepts}");
            if (dotnetAccepts)
            {
                Assert.Equal((string)results[i]!["hex"]!, Convert.ToHexStringLower(buffer.AsSpan(0, written)));
                accepted++;
            }
        }

        Assert.InRange(accepted, 20, exchange.Base64Inputs.Count - 20);
    }

    public sealed record Plaintext(string Name, byte[] Bytes, string? Text);

    /// <summary>Prepares every case, then runs Python twice (lazily, so a failure is reported by each test).</summary>
    public sealed class Exchange
    {
        public static readonly DateTimeOffset PastTime = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);
        public static readonly byte[] RotatePlaintext = Encoding.UTF8.GetBytes("rotate me: pässwörd ✓ 密码 🦫");
        public static readonly byte[] VariantPlaintext = Encoding.UTF8.GetBytes("variant");

        public Exchange()
        {
            SharedKey = FernetKey.Generate();
            OldKey = FernetKey.Generate();
            NewKey = FernetKey.Generate();
            Plaintexts = BuildPlaintexts();

            var fernet = new Fernet(SharedKey);
            DotnetTokens = [.. Plaintexts.Select(p => fernet.Encrypt(p.Bytes))];
            TokenVariants = BuildTokenVariants(fernet);
            KeyVariants = BuildKeyVariants();
            Base64Inputs = BuildBase64Inputs();

            First = new Lazy<JsonObject>(RunFirst);
            Second = new Lazy<JsonObject>(RunSecond);
        }

        public FernetKey SharedKey { get; }

        public FernetKey OldKey { get; }

        public FernetKey NewKey { get; }

        public IReadOnlyList<Plaintext> Plaintexts { get; }

        public IReadOnlyList<string> DotnetTokens { get; }

        public List<(string Name, string Token)> TokenVariants { get; }

        public List<(string Name, string Text, bool Accepted)> KeyVariants { get; }

        public IReadOnlyList<string> Base64Inputs { get; }

        public int DotnetTokensOffset => 0;

        public int TokenVariantsOffset => DotnetTokens.Count;

        /// <summary>Python encrypts, decrypts .NET tokens, rotates, generates a key, parses keys and base64.</summary>
        public Lazy<JsonObject> First { get; }

        /// <summary>Python decrypts a .NET rotation of a Python token, with the new key and with the old key.</summary>
        public Lazy<JsonObject> Second { get; }

        private JsonObject RunFirst()
        {
            string oldToken = new Fernet(OldKey, new FakeTimeProvider(PastTime)).Encrypt(RotatePlaintext);
            var decrypt = new JsonArray();
            foreach (string token in DotnetTokens)
            {
                decrypt.Add(new JsonObject { ["key"] = SharedKey.Export(), ["token"] = token });
            }

            foreach ((_, string token) in TokenVariants)
            {
                decrypt.Add(new JsonObject { ["key"] = SharedKey.Export(), ["token"] = token });
            }

            var request = new JsonObject
            {
                ["encrypt"] = new JsonArray([.. Plaintexts.Select(p => (JsonNode)new JsonObject
                {
                    ["key"] = SharedKey.Export(),
                    ["plaintext"] = Convert.ToBase64String(p.Bytes),
                })]),
                ["decrypt"] = decrypt,
                ["rotate"] = new JsonArray(new JsonObject
                {
                    ["keys"] = new JsonArray(NewKey.Export(), OldKey.Export()),
                    ["token"] = oldToken,
                }),
                ["encrypt_at_time"] = new JsonArray(new JsonObject
                {
                    ["key"] = OldKey.Export(),
                    ["plaintext"] = Convert.ToBase64String(RotatePlaintext),
                    ["time"] = PastTime.ToUnixTimeSeconds(),
                }),
                ["generate"] = new JsonObject { ["plaintext"] = Convert.ToBase64String(VariantPlaintext) },
                ["parse_keys"] = new JsonArray([.. KeyVariants.Select(v => (JsonNode)JsonValue.Create(v.Text))]),
                ["b64decode"] = new JsonArray([.. Base64Inputs.Select(s => (JsonNode)JsonValue.Create(s))]),
            };

            return PythonFernet.Run(request);
        }

        private JsonObject RunSecond()
        {
            string pythonOldToken = (string)First.Value["encrypt_at_time"]![0]!;
            var ring = new FernetKeyRing([NewKey, OldKey]);
            Assert.Equal(1, ring.IndexOfKey(pythonOldToken));
            string rotated = ring.Rotate(pythonOldToken);

            return PythonFernet.Run(new JsonObject
            {
                ["decrypt"] = new JsonArray(
                    new JsonObject { ["key"] = NewKey.Export(), ["token"] = rotated },
                    new JsonObject { ["key"] = OldKey.Export(), ["token"] = rotated }),
            });
        }

        private static List<Plaintext> BuildPlaintexts()
        {
            var random = new Random(1985);
            var list = new List<Plaintext>();
            foreach (int length in new[] { 0, 1, 2, 7, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 100, 127, 128, 255, 256, 257, 511, 512, 777, 1000, 1023, 1024 })
            {
                var text = new StringBuilder(length);
                for (int i = 0; i < length; i++)
                {
                    text.Append((char)random.Next(0x20, 0x7F));
                }

                list.Add(new Plaintext($"ascii-{length}", Encoding.UTF8.GetBytes(text.ToString()), text.ToString()));
            }

            const string unicode = "pässwörd ✓ 密码 🦫";
            foreach (string text in new[] { unicode, "ü", "🦫", string.Concat(Enumerable.Repeat(unicode, 40)), "\0tab\tnewline\n\"quote\"\\" })
            {
                list.Add(new Plaintext($"unicode-{Encoding.UTF8.GetByteCount(text)}", Encoding.UTF8.GetBytes(text), text));
            }

            foreach (int length in new[] { 1, 16, 100, 1024 })
            {
                byte[] bytes = new byte[length];
                random.NextBytes(bytes);
                bytes[0] = 0xFF; // never valid UTF-8
                list.Add(new Plaintext($"binary-{length}", bytes, null));
            }

            return list;
        }

        private List<(string, string)> BuildTokenVariants(Fernet fernet)
        {
            string token;
            do
            {
                token = fernet.Encrypt(VariantPlaintext);
            }
            while (!(token.Contains('-', StringComparison.Ordinal) && token.Contains('_', StringComparison.Ordinal)));

            Assert.EndsWith("==", token, StringComparison.Ordinal);
            string foreign = new Fernet(FernetKey.Generate()).Encrypt(VariantPlaintext);
            return
            [
                ("canonical", token),
                ("standard alphabet", FernetTestEncoding.ToStandardAlphabet(token)),
                ("trailing newline", token + "\n"),
                ("surrounding whitespace", " \t" + token + "\r\n "),
                ("newlines inside", token[..30] + "\n" + token[30..60] + "\r\n" + token[60..]),
                ("trailing data after padding", token + "trailingdata"),
                ("punctuation inside", "*" + token[..20] + "!" + token[20..40] + "?@" + token[40..]),
                ("padding stripped", token.TrimEnd('=')),
                ("one pad stripped", token[..^1]),
                ("extra character", token[..^2] + "A=="),
                ("character removed", token[..50] + token[51..]),
                ("alphabet characters inserted", token[..20] + "+/" + token[20..]),
                ("non-ascii", token + "é"),
                ("foreign key", foreign),
                ("truncated", token[..60] + "=="),
                ("empty", string.Empty),
            ];
        }

        private static List<(string, string, bool)> BuildKeyVariants()
        {
            string key = FernetKeyTests.KeyWithBothUrlSafeCharacters().Export();
            return
            [
                ("canonical", key, true),
                ("standard alphabet", FernetTestEncoding.ToStandardAlphabet(key), true),
                ("embedded newline", key[..22] + "\n" + key[22..], true),
                ("trailing newline", key + "\n", true),
                ("surrounding spaces", "  " + key + "  ", true),
                ("punctuation inside", key[..10] + "." + key[10..] + "!", true),
                ("unpadded", key.TrimEnd('='), false),
                ("too short", key[..40] + "====", false),
                ("too long", key[..^1] + "AAAA", false),
                ("two keys", key + key, true), // Python stops at the first complete padding
                ("garbage", "this is not a fernet key!", false),
                ("empty", string.Empty, false),
                ("non-ascii", key + "ä", false),
            ];
        }

        private static List<string> BuildBase64Inputs()
        {
            var list = new List<string>
            {
                "", "AAAA", "AAA=", "AA==", "AA=", "A===", "AAAAA", "AAAAAA", "AA==AAAA", "A=A=AA", "AB=C=", "=AAAA",
                "AA=\n=", "AA!==", "AAA=garbage", "Zg==Zg==", "AA=A=", "AAA", "Zm9v", "Zm9", "Zm8=", "Zg", "-_-_", "+/+/",
                "_w==", "_x==", "//8=", "\u0000AAAA", " A A A A ", "AAAA====", "A", "==", "====", "=A=A=A=A", "AB==CD==",
                "ABC=D", "ABC==", "ABCD=", "ä", "AAAä",
            };

            var random = new Random(2718);
            const string alphabet = "AQgw9+/-_= \n!=.";
            for (int i = 0; i < 400; i++)
            {
                var text = new StringBuilder();
                int length = random.Next(0, 15);
                for (int j = 0; j < length; j++)
                {
                    text.Append(alphabet[random.Next(alphabet.Length)]);
                }

                list.Add(text.ToString());
            }

            return list;
        }
    }
}
