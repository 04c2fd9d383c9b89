using System.Security.Cryptography;

namespace Pangolin.Extensions.Cryptography;

/// <summary>
/// The base class for Fernet failures: an invalid token (<see cref="InvalidFernetTokenException"/>) or an
/// invalid key (<see cref="InvalidFernetKeyException"/>).
/// </summary>
/// <remarks>Messages never contain key material or token text.</remarks>
public class FernetException : CryptographicException
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public FernetException()
        : base("A Fernet operation failed.")
    {
    }

    /// <summary>Initializes a new instance with the given message.</summary>
    /// <param name="message">The message. It must not contain key material or token text.</param>
    public FernetException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with the given message and inner exception.</summary>
    /// <param name="message">The message. It must not contain key material or token text.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public FernetException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
