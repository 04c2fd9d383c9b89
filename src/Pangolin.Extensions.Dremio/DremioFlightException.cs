using Grpc.Core;

namespace Pangolin.Extensions.Dremio;

/// <summary>
/// A Dremio Flight call failed: authentication was refused, the query is invalid, Dremio is unreachable. The message
/// names the connection, the endpoint, the call and the gRPC status; it never contains the password or a token (the
/// server's detail is scrubbed of the connection's secrets, and the inner <see cref="RpcException"/> is a scrubbed copy).
/// </summary>
public sealed class DremioFlightException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DremioFlightException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public DremioFlightException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DremioFlightException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, without secrets.</param>
    /// <param name="statusCode">The gRPC status of the failed call.</param>
    /// <param name="innerException">The scrubbed cause.</param>
    public DremioFlightException(string message, StatusCode statusCode, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The gRPC status of the failed call (<see cref="StatusCode.Unauthenticated"/> for refused credentials).</summary>
    public StatusCode StatusCode { get; }
}
