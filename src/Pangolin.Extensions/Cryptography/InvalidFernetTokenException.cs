namespace Pangolin.Extensions.Cryptography;

/// <summary>
/// Thrown for every kind of invalid Fernet token, like Python's <c>cryptography.fernet.InvalidToken</c>: bad
/// base64 or padding, wrong version byte, too short, wrong length, a MAC that does not match the key, bad
/// PKCS7 padding, an expired token or one too far in the future, and (for text) plaintext that is not UTF-8.
/// </summary>
/// <remarks>
/// The message is the same for all causes on purpose, so that it reveals neither which check failed nor any
/// part of the token or key.
/// </remarks>
public sealed class InvalidFernetTokenException : FernetException
{
    /// <summary>The fixed message used for every invalid token.</summary>
    public const string DefaultMessage =
        "The Fernet token is invalid: it is malformed, was not produced with this key, or has expired.";

    /// <summary>Initializes a new instance with <see cref="DefaultMessage"/>.</summary>
    public InvalidFernetTokenException()
        : base(DefaultMessage)
    {
    }

    /// <summary>Initializes a new instance with the given message.</summary>
    /// <param name="message">The message. It must not contain key material or token text.</param>
    public InvalidFernetTokenException(string? message)
        : base(message ?? DefaultMessage)
    {
    }

    /// <summary>Initializes a new instance with the given message and inner exception.</summary>
    /// <param name="message">The message. It must not contain key material or token text.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public InvalidFernetTokenException(string? message, Exception? innerException)
        : base(message ?? DefaultMessage, innerException)
    {
    }
}
