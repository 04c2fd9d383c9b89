using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Pangolin.Extensions.Cryptography;

/// <summary>
/// An immutable 32-byte Fernet key: bytes 0–15 are the HMAC-SHA256 signing key and bytes 16–31 the
/// AES-128 encryption key. Its text form is the one Python's <c>Fernet.generate_key()</c> produces:
/// URL-safe base64 with padding, 44 characters ending in <c>=</c>.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> and the debugger display show only <see cref="Fingerprint"/>, never the key.
/// Equality compares the key bytes in constant time.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class FernetKey : IEquatable<FernetKey>
{
    /// <summary>The length of a Fernet key in bytes.</summary>
    public const int KeySizeInBytes = 32;

    /// <summary>The length of <see cref="Export"/>'s output in characters.</summary>
    public const int EncodedLength = 44;

    private const int HalfSize = 16;
    private const int FingerprintBytes = 8;

    private readonly byte[] _key;
    private readonly byte[] _fingerprintHash;
    private readonly string _fingerprint;

    /// <summary>Initializes a key from its 32 raw bytes. The bytes are copied.</summary>
    /// <param name="bytes">Exactly 32 bytes.</param>
    /// <exception cref="InvalidFernetKeyException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public FernetKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != KeySizeInBytes)
        {
            throw new InvalidFernetKeyException();
        }

        _key = bytes.ToArray();
        _fingerprintHash = SHA256.HashData(_key);
        _fingerprint = Convert.ToHexStringLower(_fingerprintHash.AsSpan(0, FingerprintBytes));
    }

    /// <summary>
    /// A short identifier that is safe to log: the first 8 bytes of SHA-256 over the 32 raw key bytes, as
    /// 16 lowercase hex characters. In Python:
    /// <c>hashlib.sha256(base64.urlsafe_b64decode(key)).hexdigest()[:16]</c>.
    /// </summary>
    public string Fingerprint => _fingerprint;

    /// <summary>Bytes 0–15: the HMAC-SHA256 signing key.</summary>
    internal ReadOnlySpan<byte> SigningKey => _key.AsSpan(0, HalfSize);

    /// <summary>Bytes 16–31: the AES-128-CBC encryption key.</summary>
    internal ReadOnlySpan<byte> EncryptionKey => _key.AsSpan(HalfSize, HalfSize);

    /// <summary>Creates a new key from a cryptographically secure random number generator.</summary>
    /// <returns>A new random key.</returns>
    public static FernetKey Generate()
    {
        Span<byte> bytes = stackalloc byte[KeySizeInBytes];
        RandomNumberGenerator.Fill(bytes);
        try
        {
            return new FernetKey(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// Parses a key as leniently as Python's <c>Fernet(key)</c>, which uses <c>base64.urlsafe_b64decode</c>:
    /// both the URL-safe and the standard base64 alphabet are accepted, and whitespace, newlines and other
    /// non-alphabet ASCII characters are ignored. Padding is required, so a 43-character key with its
    /// <c>=</c> removed is rejected, as in Python. The text must decode to exactly 32 bytes.
    /// </summary>
    /// <param name="text">The key text, for example the output of Python's <c>Fernet.generate_key()</c>.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidFernetKeyException">The text is not a valid Fernet key. The message does not
    /// contain the text.</exception>
    public static FernetKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out FernetKey? key) ? key : throw new InvalidFernetKeyException();
    }

    /// <summary>Tries to parse a key with the same rules as <see cref="Parse(string)"/>.</summary>
    /// <param name="text">The key text, or <see langword="null"/>.</param>
    /// <param name="key">The key, if parsing succeeded; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> if <paramref name="text"/> is a valid Fernet key.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out FernetKey? key)
    {
        key = null;
        if (text is null)
        {
            return false;
        }

        // One spare byte detects text that decodes to more than 32 bytes.
        Span<byte> buffer = stackalloc byte[KeySizeInBytes + 1];
        try
        {
            if (!PythonBase64.TryDecode(text, buffer, out int written) || written != KeySizeInBytes)
            {
                return false;
            }

            key = new FernetKey(buffer[..KeySizeInBytes]);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>
    /// Returns the key as URL-safe base64 with padding (44 characters ending in <c>=</c>), the format
    /// Python's <c>Fernet.generate_key()</c> produces and <c>Fernet(key)</c> accepts.
    /// </summary>
    /// <returns>The key text. It is secret: do not log it.</returns>
    public string Export() =>
        string.Create(EncodedLength, _key, static (chars, key) =>
        {
            int written = Base64Url.EncodeToChars(key, chars);
            chars[written..].Fill('=');
        });

    /// <summary>Compares the key bytes in constant time.</summary>
    /// <param name="other">The other key.</param>
    /// <returns><see langword="true"/> if both keys have the same bytes.</returns>
    public bool Equals(FernetKey? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_key, other._key);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FernetKey);

    /// <summary>Returns a hash code derived from the SHA-256 fingerprint, not from the key bytes.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_fingerprintHash);

    /// <summary>Returns a redacted description such as <c>FernetKey(fingerprint=1a2b3c4d5e6f7a8b)</c>.</summary>
    /// <returns>The description. It never contains the key.</returns>
    public override string ToString() => $"FernetKey(fingerprint={Fingerprint})";
}
