namespace Pangolin.Extensions.Cryptography;

/// <summary>
/// Thrown when text is not a valid Fernet key: it does not decode (leniently, like Python's
/// <c>base64.urlsafe_b64decode</c>) to exactly 32 bytes.
/// </summary>
/// <remarks>The message explains the expected format and never contains the offending text.</remarks>
public sealed class InvalidFernetKeyException : FernetException
{
    /// <summary>The fixed message that explains the expected key format.</summary>
    public const string DefaultMessage =
        "A Fernet key must be 32 bytes encoded as URL-safe base64 with padding (44 characters ending in '='), " +
        "such as the output of Python's Fernet.generate_key().";

    /// <summary>Initializes a new instance with <see cref="DefaultMessage"/>.</summary>
    public InvalidFernetKeyException()
        : base(DefaultMessage)
    {
    }

    /// <summary>Initializes a new instance with the given message.</summary>
    /// <param name="message">The message. It must not contain key material.</param>
    public InvalidFernetKeyException(string? message)
        : base(message ?? DefaultMessage)
    {
    }

    /// <summary>Initializes a new instance with the given message and inner exception.</summary>
    /// <param name="message">The message. It must not contain key material.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public InvalidFernetKeyException(string? message, Exception? innerException)
        : base(message ?? DefaultMessage, innerException)
    {
    }
}
