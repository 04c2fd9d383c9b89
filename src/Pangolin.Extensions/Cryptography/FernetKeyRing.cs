using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pangolin.Extensions.Cryptography;

/// <summary>
/// Several Fernet keys used together, like Python's <c>cryptography.fernet.MultiFernet</c>: the first key (the
/// primary) encrypts, and decryption tries every key in order. This is how keys are rotated: put the new key
/// first, keep the old ones until every token has been re-encrypted with <see cref="Rotate(string)"/>.
/// </summary>
/// <remarks>Instances are immutable and safe to use from several threads at once.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class FernetKeyRing
{
    private readonly Fernet[] _fernets;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a key ring. The first key is the primary key.</summary>
    /// <param name="keys">The keys, primary first. The sequence is copied.</param>
    /// <param name="timeProvider">The clock for token timestamps and TTL checks; <see cref="TimeProvider.System"/>
    /// if <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="keys"/> is empty or contains <see langword="null"/>.</exception>
    public FernetKeyRing(IEnumerable<FernetKey> keys, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        FernetKey[] copy = [.. keys];
        if (copy.Length == 0)
        {
            throw new ArgumentException("A Fernet key ring needs at least one key.", nameof(keys));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _fernets = new Fernet[copy.Length];
        for (int i = 0; i < copy.Length; i++)
        {
            FernetKey key = copy[i] ?? throw new ArgumentException("A Fernet key ring cannot contain null keys.", nameof(keys));
            _fernets[i] = new Fernet(key, _timeProvider);
        }

        Keys = new ReadOnlyCollection<FernetKey>(copy);
    }

    /// <summary>The key that encrypts: the first one.</summary>
    public FernetKey PrimaryKey => Keys[0];

    /// <summary>All keys, in the order they are tried; the first is <see cref="PrimaryKey"/>.</summary>
    public IReadOnlyList<FernetKey> Keys { get; }

    /// <summary>Encrypts bytes with the primary key, a random IV and the current time.</summary>
    /// <param name="plaintext">The bytes to encrypt.</param>
    /// <returns>The token.</returns>
    public string Encrypt(ReadOnlySpan<byte> plaintext) => _fernets[0].Encrypt(plaintext);

    /// <summary>Encrypts text as UTF-8 with the primary key.</summary>
    /// <param name="plaintext">The text to encrypt.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is <see langword="null"/>.</exception>
    public string Encrypt(string plaintext) => _fernets[0].Encrypt(plaintext);

    /// <summary>Decrypts a token with the first key that authenticates it.</summary>
    /// <param name="token">The token.</param>
    /// <param name="timeToLive">If set, reject tokens older than this or more than 60 seconds in the future.
    /// If <see langword="null"/> (the default), the timestamp is not checked.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToLive"/> is negative.</exception>
    /// <exception cref="InvalidFernetTokenException">The token is malformed, no key in the ring made it, or it is
    /// outside <paramref name="timeToLive"/>.</exception>
    public byte[] Decrypt(string token, TimeSpan? timeToLive = null) =>
        TryDecrypt(token, out byte[]? plaintext, timeToLive) ? plaintext : throw new InvalidFernetTokenException();

    /// <summary>Decrypts a token whose plaintext is UTF-8 text, with the first key that authenticates it.</summary>
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
        return FernetToken.TryDecryptString(_fernets, _timeProvider, token, timeToLive, out string? plaintext)
            ? plaintext
            : throw new InvalidFernetTokenException();
    }

    /// <summary>Tries to decrypt a token with any key, without throwing for an invalid one.</summary>
    /// <param name="token">The token.</param>
    /// <param name="plaintext">The plaintext, or <see langword="null"/> if no key decrypts the token.</param>
    /// <param name="timeToLive">As for <see cref="Decrypt(string, TimeSpan?)"/>.</param>
    /// <returns><see langword="true"/> if some key decrypts the token (within the TTL).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToLive"/> is negative.</exception>
    public bool TryDecrypt(string token, [NotNullWhen(true)] out byte[]? plaintext, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        FernetToken.ValidateTimeToLive(timeToLive);
        return FernetToken.TryDecrypt(_fernets, _timeProvider, token, timeToLive, out plaintext);
    }

    /// <summary>
    /// Re-encrypts a token under the primary key, like Python's <c>MultiFernet.rotate</c>: it is decrypted with
    /// any key (its age is not checked) and encrypted again with a fresh IV, keeping the original timestamp.
    /// </summary>
    /// <param name="token">A token made with any key in the ring.</param>
    /// <returns>An equivalent token made with <see cref="PrimaryKey"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidFernetTokenException">The token is malformed or no key in the ring made it.</exception>
    public string Rotate(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return FernetToken.TryRotate(_fernets, _fernets[0], token, out string? rotated)
            ? rotated
            : throw new InvalidFernetTokenException();
    }

    /// <summary>
    /// Finds which key decrypts a token, for rotation diagnostics (0 means it is already under the primary key).
    /// The token's age is not checked.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <returns>The index in <see cref="Keys"/> of the first key that decrypts the token, or -1 if none does or
    /// the token is malformed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public int IndexOfKey(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return FernetToken.IndexOfKey(_fernets, token);
    }

    /// <summary>Finds the key that decrypts a token; see <see cref="IndexOfKey(string)"/>.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The first key that decrypts the token, or <see langword="null"/> if none does.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public FernetKey? FindKey(string token)
    {
        int index = IndexOfKey(token);
        return index < 0 ? null : Keys[index];
    }

    /// <summary>
    /// Returns a redacted description that lists only fingerprints, such as
    /// <c>FernetKeyRing(keys=2, fingerprints=[1a2b3c4d5e6f7a8b, 0f1e2d3c4b5a6978])</c>.
    /// </summary>
    /// <returns>The description. It never contains a key.</returns>
    public override string ToString()
    {
        StringBuilder text = new StringBuilder("FernetKeyRing(keys=").Append(Keys.Count).Append(", fingerprints=[");
        for (int i = 0; i < Keys.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(Keys[i].Fingerprint);
        }

        return text.Append("])").ToString();
    }
}
