using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Pangolin.Extensions.Cryptography;

/// <summary>
/// Fernet symmetric encryption, compatible with Python's <c>cryptography.fernet.Fernet</c> (and so with
/// pypangolin's encrypted connection credentials): AES-128-CBC with PKCS7 padding, authenticated with
/// HMAC-SHA256, in URL-safe base64 tokens with padding.
/// </summary>
/// <remarks>
/// <para>Instances are immutable and safe to use from several threads at once.</para>
/// <para>Token parsing follows Python: both base64 alphabets and surrounding whitespace are accepted, a token
/// whose padding was removed is rejected. Every kind of failure throws the same
/// <see cref="InvalidFernetTokenException"/>. The MAC is checked, in constant time, before anything is
/// decrypted.</para>
/// <para>Without a time-to-live (the default, and what pypangolin uses) the token's timestamp is not checked at
/// all. With one, a token is rejected when <c>timestamp + ttl &lt; now</c> or when its timestamp is more than 60
/// seconds in the future, exactly as in Python.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class Fernet
{
    // Plaintexts up to this size are encrypted from stack buffers; larger ones use ArrayPool.
    private const int StackThreshold = 512;

    private readonly Fernet[] _asKeyList;
    private readonly TimeProvider _timeProvider;

    // AES instance strategy. One-shot EncryptCbc/DecryptCbc on a reused Aes object are much cheaper than
    // Aes.Create() + SetKey per call (measured on .NET 10/Linux for a 32-byte plaintext: ~2.4 µs vs ~4.1 µs),
    // because the runtime's AesImplementation caches its native cipher context per instance and only resets it
    // per call. That same cache is why an Aes instance must never be used by two threads at once (instance
    // members are not documented as thread-safe, and in practice they share the native context). So each call
    // takes exclusive ownership of the cached instance with Interlocked.Exchange and puts it back afterwards; a
    // concurrent caller that finds the slot empty creates its own instance, and disposes it if the slot has been
    // refilled meanwhile. Fernet is deliberately not IDisposable (like Python's Fernet, and meant to live as long
    // as its key): the one cached instance's native context is released by its SafeHandle finalizer.
    private Aes? _cachedAes;

    /// <summary>Initializes a new instance for one key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="timeProvider">The clock for token timestamps and TTL checks; <see cref="TimeProvider.System"/>
    /// if <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public Fernet(FernetKey key, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _asKeyList = [this];
    }

    /// <summary>The key this instance encrypts and decrypts with.</summary>
    public FernetKey Key { get; }

    /// <summary>
    /// Reads a token's timestamp (when it was created) without authenticating it, like Python's
    /// <c>Fernet._get_unverified_token_data</c>. Only the format is validated: anyone can forge a timestamp
    /// without the key.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <returns>The timestamp, to the second, in UTC.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidFernetTokenException">The token is malformed, or its timestamp is beyond
    /// <see cref="DateTimeOffset.MaxValue"/>.</exception>
    public static DateTimeOffset GetTimestamp(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> stackBuffer = stackalloc byte[FernetToken.DecodedToken.StackBufferSize];
        using FernetToken.DecodedToken decoded = new(token, stackBuffer);
        return decoded.IsWellFormed && FernetToken.TryGetDateTimeOffset(decoded.Timestamp, out DateTimeOffset value)
            ? value
            : throw new InvalidFernetTokenException();
    }

    /// <summary>Encrypts bytes with a random IV and the current time, like Python's <c>Fernet.encrypt</c>.</summary>
    /// <param name="plaintext">The bytes to encrypt.</param>
    /// <returns>The token: URL-safe base64 with padding, starting with <c>gAAAAA</c>.</returns>
    public string Encrypt(ReadOnlySpan<byte> plaintext)
    {
        Span<byte> iv = stackalloc byte[FernetToken.IvSize];
        RandomNumberGenerator.Fill(iv);
        return Encrypt(plaintext, iv, _timeProvider.GetUtcNow());
    }

    /// <summary>Encrypts text as UTF-8 (what pypangolin does with credentials).</summary>
    /// <param name="plaintext">The text to encrypt.</param>
    /// <returns>The token: URL-safe base64 with padding, starting with <c>gAAAAA</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is <see langword="null"/>.</exception>
    public string Encrypt(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        int byteCount = Encoding.UTF8.GetByteCount(plaintext);
        byte[]? rented = null;
        Span<byte> utf8 = byteCount <= StackThreshold
            ? stackalloc byte[StackThreshold]
            : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        utf8 = utf8[..byteCount];
        try
        {
            Encoding.UTF8.GetBytes(plaintext, utf8);
            return Encrypt(utf8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decrypts a token, like Python's <c>Fernet.decrypt</c>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="timeToLive">If set, reject tokens older than this or more than 60 seconds in the future.
    /// If <see langword="null"/> (the default, as in pypangolin), the timestamp is not checked.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToLive"/> is negative.</exception>
    /// <exception cref="InvalidFernetTokenException">The token is malformed, was made with another key, or is
    /// outside <paramref name="timeToLive"/>.</exception>
    public byte[] Decrypt(string token, TimeSpan? timeToLive = null) =>
        TryDecrypt(token, out byte[]? plaintext, timeToLive) ? plaintext : throw new InvalidFernetTokenException();

    /// <summary>Decrypts a token whose plaintext is UTF-8 text.</summary>
    /// <param name="token">The token.</param>
    /// <param name="timeToLive">As for <see cref="Decrypt(string, TimeSpan?)"/>.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToLive"/> is negative.</exception>
    /// <exception cref="InvalidFernetTokenException">As for <see cref="Decrypt(string, TimeSpan?)"/>, or the
    /// plaintext is not valid UTF-8.</exception>
    public string DecryptString(string token, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        FernetToken.ValidateTimeToLive(timeToLive);
        return FernetToken.TryDecryptString(_asKeyList, _timeProvider, token, timeToLive, out string? plaintext)
            ? plaintext
            : throw new InvalidFernetTokenException();
    }

    /// <summary>Tries to decrypt a token without throwing for an invalid one.</summary>
    /// <param name="token">The token.</param>
    /// <param name="plaintext">The plaintext, or <see langword="null"/> if the token is invalid.</param>
    /// <param name="timeToLive">As for <see cref="Decrypt(string, TimeSpan?)"/>.</param>
    /// <returns><see langword="true"/> if the token is valid for this key (and TTL).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToLive"/> is negative.</exception>
    public bool TryDecrypt(string token, [NotNullWhen(true)] out byte[]? plaintext, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        FernetToken.ValidateTimeToLive(timeToLive);
        return FernetToken.TryDecrypt(_asKeyList, _timeProvider, token, timeToLive, out plaintext);
    }

    /// <summary>Returns a redacted description that names only the key's fingerprint.</summary>
    /// <returns>The description. It never contains the key.</returns>
    public override string ToString() => $"Fernet(key fingerprint={Key.Fingerprint})";

    /// <summary>Encrypts with a given IV and time (Python's <c>_encrypt_from_parts</c>); used by the spec vectors.</summary>
    internal string Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> iv, DateTimeOffset now)
    {
        long seconds = now.ToUnixTimeSeconds();
        if (seconds < 0)
        {
            throw new InvalidOperationException("The clock is before 1970; a Fernet timestamp cannot be negative.");
        }

        return EncryptCore(plaintext, iv, (ulong)seconds);
    }

    /// <summary>Builds a token from its parts.</summary>
    internal string EncryptCore(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> iv, ulong timestamp)
    {
        if (iv.Length != FernetToken.IvSize)
        {
            throw new ArgumentException("The IV must be 16 bytes.", nameof(iv));
        }

        long ciphertextLength = ((long)plaintext.Length / FernetToken.BlockSize + 1) * FernetToken.BlockSize;
        long tokenLength = FernetToken.Overhead + ciphertextLength;
        if (tokenLength > Array.MaxLength)
        {
            throw new ArgumentException("The plaintext is too large for a Fernet token.", nameof(plaintext));
        }

        byte[]? rented = null;
        Span<byte> token = tokenLength <= StackThreshold + FernetToken.Overhead + FernetToken.BlockSize
            ? stackalloc byte[StackThreshold + FernetToken.Overhead + FernetToken.BlockSize]
            : (rented = ArrayPool<byte>.Shared.Rent((int)tokenLength));
        token = token[..(int)tokenLength];
        try
        {
            int macOffset = (int)tokenLength - FernetToken.MacSize;
            token[0] = FernetToken.Version;
            BinaryPrimitives.WriteUInt64BigEndian(token.Slice(FernetToken.TimestampOffset, sizeof(ulong)), timestamp);
            iv.CopyTo(token.Slice(FernetToken.IvOffset, FernetToken.IvSize));

            Aes aes = RentAes();
            int written = aes.EncryptCbc(plaintext, iv, token[FernetToken.HeaderSize..macOffset], PaddingMode.PKCS7);
            ReturnAes(aes);
            Debug.Assert(written == ciphertextLength, "PKCS7 always adds 1 to 16 bytes.");

            HMACSHA256.HashData(Key.SigningKey, token[..macOffset], token[macOffset..]);
            return FernetToken.Encode(token);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(token);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Verifies the MAC (constant time) and only then decrypts. <paramref name="data"/> must be well formed.
    /// </summary>
    internal bool TryDecryptData(ReadOnlySpan<byte> data, Span<byte> plaintext, out int written)
    {
        int macOffset = data.Length - FernetToken.MacSize;
        Span<byte> mac = stackalloc byte[FernetToken.MacSize];
        HMACSHA256.HashData(Key.SigningKey, data[..macOffset], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, data[macOffset..]))
        {
            written = 0;
            return false;
        }

        Aes aes = RentAes();
        try
        {
            written = aes.DecryptCbc(
                data[FernetToken.HeaderSize..macOffset],
                data.Slice(FernetToken.IvOffset, FernetToken.IvSize),
                plaintext,
                PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            // Bad PKCS7 padding under a valid MAC (only possible for tokens crafted with the signing key).
            aes.Dispose();
            written = 0;
            return false;
        }

        ReturnAes(aes);
        return true;
    }

    private Aes RentAes() => Interlocked.Exchange(ref _cachedAes, null) ?? CreateAes();

    private void ReturnAes(Aes aes)
    {
        if (Interlocked.CompareExchange(ref _cachedAes, aes, null) is not null)
        {
            aes.Dispose();
        }
    }

    private Aes CreateAes()
    {
        Aes aes = Aes.Create();
        try
        {
            aes.SetKey(Key.EncryptionKey);
            return aes;
        }
        catch
        {
            aes.Dispose();
            throw;
        }
    }
}
