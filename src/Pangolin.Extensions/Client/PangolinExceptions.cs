using System.Net;

namespace Pangolin.Extensions.Client;

/// <summary>
/// A Pangolin request failed. <see cref="Exception.Message"/> names the operation and the resource and carries
/// the server's own message; it never contains a password, token, key or decrypted credential.
/// </summary>
public class PangolinException : Exception
{
    /// <summary>Creates an exception without a response.</summary>
    public PangolinException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PangolinException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an HTTP response.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status, or <see langword="null"/> when no response arrived.</param>
    /// <param name="serverMessage">The message the server sent, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PangolinException(string message, HttpStatusCode? statusCode, string? serverMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP status, or <see langword="null"/> when the server could not be reached.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The message parsed from the server's error body (text, <c>{"error":"…"}</c> or the Iceberg envelope).</summary>
    public string? ServerMessage { get; }

    /// <summary>The server's <c>x-request-id</c>, useful when reporting a problem.</summary>
    public string? RequestId { get; internal set; }
}

/// <summary>Pangolin refused the credentials (HTTP 401), or a login failed.</summary>
public sealed class PangolinAuthenticationException : PangolinException
{
    /// <summary>Creates the exception.</summary>
    public PangolinAuthenticationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public PangolinAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a response.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="serverMessage">The server's message.</param>
    public PangolinAuthenticationException(string message, HttpStatusCode? statusCode, string? serverMessage)
        : base(message, statusCode, serverMessage)
    {
    }
}

/// <summary>The caller is authenticated but lacks the permission (HTTP 403).</summary>
public sealed class PangolinAuthorizationException : PangolinException
{
    /// <summary>Creates the exception.</summary>
    public PangolinAuthorizationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public PangolinAuthorizationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinAuthorizationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a response.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="serverMessage">The server's message.</param>
    public PangolinAuthorizationException(string message, HttpStatusCode? statusCode, string? serverMessage)
        : base(message, statusCode, serverMessage)
    {
    }
}

/// <summary>The catalog, namespace or asset does not exist (HTTP 404).</summary>
public sealed class PangolinNotFoundException : PangolinException
{
    /// <summary>Creates the exception.</summary>
    public PangolinNotFoundException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public PangolinNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a response.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="serverMessage">The server's message.</param>
    public PangolinNotFoundException(string message, HttpStatusCode? statusCode, string? serverMessage)
        : base(message, statusCode, serverMessage)
    {
    }
}

/// <summary>Pangolin rejected the request body or parameters (HTTP 400, 413, 415 or 422).</summary>
public sealed class PangolinValidationException : PangolinException
{
    /// <summary>Creates the exception.</summary>
    public PangolinValidationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public PangolinValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a response.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="serverMessage">The server's message.</param>
    public PangolinValidationException(string message, HttpStatusCode? statusCode, string? serverMessage)
        : base(message, statusCode, serverMessage)
    {
    }
}

/// <summary>Pangolin throttled a login (HTTP 429). <see cref="RetryAfter"/> says how long to wait.</summary>
public sealed class PangolinRateLimitedException : PangolinException
{
    /// <summary>Creates the exception.</summary>
    public PangolinRateLimitedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public PangolinRateLimitedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinRateLimitedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a response.</summary>
    /// <param name="message">The message.</param>
    /// <param name="serverMessage">The server's message.</param>
    /// <param name="retryAfter">How long the server asked the client to wait.</param>
    public PangolinRateLimitedException(string message, string? serverMessage, TimeSpan? retryAfter)
        : base(message, HttpStatusCode.TooManyRequests, serverMessage)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked the client to wait, from the <c>retry-after</c> header.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>Pangolin failed (HTTP 5xx, or another unexpected status), or could not be reached at all.</summary>
public sealed class PangolinServerException : PangolinException
{
    /// <summary>Creates the exception.</summary>
    public PangolinServerException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public PangolinServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a response.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status, or <see langword="null"/> when no response arrived.</param>
    /// <param name="serverMessage">The server's message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinServerException(string message, HttpStatusCode? statusCode, string? serverMessage, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
    }
}

/// <summary>The asset already exists and the caller asked not to replace it.</summary>
public sealed class PangolinConflictException : PangolinException
{
    /// <summary>Creates the exception.</summary>
    public PangolinConflictException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public PangolinConflictException(string message)
        : base(message, HttpStatusCode.Conflict, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PangolinConflictException(string message, Exception? innerException)
        : base(message, HttpStatusCode.Conflict, null, innerException)
    {
    }
}
