using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Pangolin.Extensions.Cryptography;

/// <summary>
/// The Fernet token format and the decryption steps shared by <see cref="Fernet"/> and
/// <see cref="FernetKeyRing"/>. Layout: <c>0x80 | timestamp:uint64 BE | IV:16 | AES-128-CBC ciphertext |
/// HMAC-SHA256:32</c>, encoded as URL-safe base64 with padding.
/// </summary>
internal static class FernetToken
{
    public const byte Version = 0x80;
    public const int TimestampOffset = 1;
    public const int IvOffset = 9;
    public const int IvSize = 16;
    public const int HeaderSize = 25;
    public const int MacSize = 32;
    public const int BlockSize = 16;

    /// <summary>Header and MAC: every byte that is not ciphertext.</summary>
    public const int Overhead = HeaderSize + MacSize;

    /// <summary>The shortest token: one block of ciphertext (an empty plaintext is one block of padding).</summary>
    public const int MinimumSize = Overhead + BlockSize;

    /// <summary>Python's <c>_MAX_CLOCK_SKEW</c>: with a TTL, tokens up to this many seconds in the future pass.</summary>
    public const int MaxClockSkewSeconds = 60;

    private static readonly long MaxDateTimeOffsetSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Checks the structure that no valid key can change: version byte, minimum length, whole blocks.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> data) =>
        data.Length >= MinimumSize && data[0] == Version && (data.Length - Overhead) % BlockSize == 0;

    public static ulong ReadTimestamp(ReadOnlySpan<byte> data) =>
        BinaryPrimitives.ReadUInt64BigEndian(data.Slice(TimestampOffset, sizeof(ulong)));

    public static void ValidateTimeToLive(TimeSpan? timeToLive)
    {
        if (timeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero, nameof(timeToLive));
        }
    }

    /// <summary>
    /// Python's <c>_decrypt_data</c> time checks. Without a TTL there are none. With one, the token is rejected if
    /// <c>timestamp + ttl &lt; now</c> or <c>now + 60 &lt; timestamp</c>, where <c>now</c> is whole Unix seconds
    /// (Python's <c>int(time.time())</c>).
    /// </summary>
    public static bool IsFresh(ulong timestamp, TimeSpan? timeToLive, TimeProvider timeProvider)
    {
        if (timeToLive is not { } ttl)
        {
            return true;
        }

        long now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        Int128 expiresTicks = ((Int128)timestamp * TimeSpan.TicksPerSecond) + ttl.Ticks;
        if (expiresTicks < (Int128)now * TimeSpan.TicksPerSecond)
        {
            return false;
        }

        return (Int128)now + MaxClockSkewSeconds >= timestamp;
    }

    /// <summary>Encodes raw token bytes as URL-safe base64 with padding, as Python's <c>urlsafe_b64encode</c>.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        long length = ((long)data.Length + 2) / 3 * 4;
        if (length > Array.MaxLength)
        {
            throw new ArgumentException("The plaintext is too large for a Fernet token.", nameof(data));
        }

        return string.Create((int)length, data, static (chars, bytes) =>
        {
            int written = Base64Url.EncodeToChars(bytes, chars);
            chars[written..].Fill('=');
        });
    }

    /// <summary>Converts a token timestamp to a <see cref="DateTimeOffset"/>, if it is in range.</summary>
    public static bool TryGetDateTimeOffset(ulong timestamp, out DateTimeOffset value)
    {
        if (timestamp > (ulong)MaxDateTimeOffsetSeconds)
        {
            value = default;
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds((long)timestamp);
        return true;
    }

    /// <summary>Returns the index of the first key whose MAC matches and whose decryption succeeds, or -1.</summary>
    public static int TryDecryptWithAny(ReadOnlySpan<Fernet> fernets, in DecodedToken token, out int written)
    {
        for (int i = 0; i < fernets.Length; i++)
        {
            if (fernets[i].TryDecryptData(token.Data, token.PlaintextBuffer, out written))
            {
                return i;
            }
        }

        written = 0;
        return -1;
    }

    public static bool TryDecrypt(
        ReadOnlySpan<Fernet> fernets,
        TimeProvider timeProvider,
        string token,
        TimeSpan? timeToLive,
        [NotNullWhen(true)] out byte[]? plaintext)
    {
        Span<byte> stackBuffer = stackalloc byte[DecodedToken.StackBufferSize];
        using DecodedToken decoded = new(token, stackBuffer);
        if (decoded.IsWellFormed
            && IsFresh(decoded.Timestamp, timeToLive, timeProvider)
            && TryDecryptWithAny(fernets, decoded, out int written) >= 0)
        {
            plaintext = decoded.PlaintextBuffer[..written].ToArray();
            return true;
        }

        plaintext = null;
        return false;
    }

    public static bool TryDecryptString(
        ReadOnlySpan<Fernet> fernets,
        TimeProvider timeProvider,
        string token,
        TimeSpan? timeToLive,
        [NotNullWhen(true)] out string? plaintext)
    {
        Span<byte> stackBuffer = stackalloc byte[DecodedToken.StackBufferSize];
        using DecodedToken decoded = new(token, stackBuffer);
        if (decoded.IsWellFormed
            && IsFresh(decoded.Timestamp, timeToLive, timeProvider)
            && TryDecryptWithAny(fernets, decoded, out int written) >= 0)
        {
            ReadOnlySpan<byte> utf8 = decoded.PlaintextBuffer[..written];
            if (Utf8.IsValid(utf8))
            {
                plaintext = Encoding.UTF8.GetString(utf8);
                return true;
            }
        }

        plaintext = null;
        return false;
    }

    /// <summary>Returns the index of the first key that decrypts the token (no time checks), or -1.</summary>
    public static int IndexOfKey(ReadOnlySpan<Fernet> fernets, string token)
    {
        Span<byte> stackBuffer = stackalloc byte[DecodedToken.StackBufferSize];
        using DecodedToken decoded = new(token, stackBuffer);
        return decoded.IsWellFormed ? TryDecryptWithAny(fernets, decoded, out _) : -1;
    }

    /// <summary>
    /// Python's <c>MultiFernet.rotate</c>: decrypts with any key (no time checks) and encrypts again under
    /// <paramref name="primary"/> with a fresh IV and the original timestamp.
    /// </summary>
    public static bool TryRotate(ReadOnlySpan<Fernet> fernets, Fernet primary, string token, [NotNullWhen(true)] out string? rotated)
    {
        Span<byte> stackBuffer = stackalloc byte[DecodedToken.StackBufferSize];
        using DecodedToken decoded = new(token, stackBuffer);
        if (decoded.IsWellFormed && TryDecryptWithAny(fernets, decoded, out int written) >= 0)
        {
            Span<byte> iv = stackalloc byte[IvSize];
            RandomNumberGenerator.Fill(iv);
            rotated = primary.EncryptCore(decoded.PlaintextBuffer[..written], iv, decoded.Timestamp);
            return true;
        }

        rotated = null;
        return false;
    }

    /// <summary>
    /// A token decoded into a stack or pooled buffer, followed by room for its plaintext. Disposing zeroes the
    /// whole buffer (it may hold plaintext) and returns any pooled array.
    /// </summary>
    internal readonly ref struct DecodedToken
    {
        /// <summary>Enough for tokens of about 680 characters (plaintexts up to ~440 bytes) without renting.</summary>
        public const int StackBufferSize = 1024;

        private readonly byte[]? _rented;
        private readonly Span<byte> _buffer;

        public DecodedToken(string token, Span<byte> stackBuffer)
        {
            int maxDecoded = PythonBase64.GetMaxDecodedLength(token.Length);
            long needed = 2L * maxDecoded;
            if (needed > Array.MaxLength)
            {
                return;
            }

            if (needed <= stackBuffer.Length)
            {
                _buffer = stackBuffer[..(int)needed];
            }
            else
            {
                _rented = ArrayPool<byte>.Shared.Rent((int)needed);
                _buffer = _rented.AsSpan(0, (int)needed);
            }

            if (PythonBase64.TryDecode(token, _buffer[..maxDecoded], out int length)
                && FernetToken.IsWellFormed(_buffer[..length]))
            {
                Data = _buffer[..length];
                PlaintextBuffer = _buffer.Slice(maxDecoded, length - Overhead);
                IsWellFormed = true;
            }
        }

        /// <summary>Whether the token decoded and has a valid structure (not yet authenticated).</summary>
        public bool IsWellFormed { get; }

        /// <summary>The raw token bytes.</summary>
        public ReadOnlySpan<byte> Data { get; }

        /// <summary>Scratch space as long as the ciphertext, for the plaintext.</summary>
        public Span<byte> PlaintextBuffer { get; }

        public ulong Timestamp => ReadTimestamp(Data);

        public void Dispose()
        {
            CryptographicOperations.ZeroMemory(_buffer);
            if (_rented is not null)
            {
                ArrayPool<byte>.Shared.Return(_rented);
            }
        }
    }
}
