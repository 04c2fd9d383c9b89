using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Pangolin.Extensions.Dremio;

/// <summary>
/// Adds the session's bearer token, cookies and client properties to every Flight call made through
/// <see cref="DremioFlightClient.FlightClient"/>, and keeps the cookies the server sets (before the response is handed
/// to the caller for unary and server-streaming calls, so the next call already carries them).
/// </summary>
internal sealed class DremioCallInterceptor(DremioSession session) : Interceptor
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, Decorate(context));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, Decorate(context));
        return new AsyncUnaryCall<TResponse>(
            CaptureThenAsync(call.ResponseHeadersAsync, call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, Decorate(context));
        return new AsyncServerStreamingCall<TResponse>(
            new CapturingReader<TResponse>(call.ResponseStream, call.ResponseHeadersAsync, session), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(Decorate(context));
        _ = CaptureAsync(call.ResponseHeadersAsync);
        return call;
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(Decorate(context));
        _ = CaptureAsync(call.ResponseHeadersAsync);
        return call;
    }

    private ClientInterceptorContext<TRequest, TResponse> Decorate<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class =>
        new(context.Method, context.Host, context.Options.WithHeaders(session.Decorate(context.Options.Headers)));

    private async Task<TResponse> CaptureThenAsync<TResponse>(Task<Metadata> headers, Task<TResponse> response)
    {
        await CaptureAsync(headers).ConfigureAwait(false);
        return await response.ConfigureAwait(false);
    }

    private async Task CaptureAsync(Task<Metadata> headers)
    {
        try
        {
            session.Capture(await headers.ConfigureAwait(false));
        }
        catch (RpcException)
        {
            // The call failed before headers; the caller sees the failure through the response.
        }
    }

    /// <summary>Captures the response headers' cookies before the first message is handed out.</summary>
    private sealed class CapturingReader<T>(IAsyncStreamReader<T> inner, Task<Metadata> headers, DremioSession session) : IAsyncStreamReader<T>
    {
        private bool _captured;

        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var moved = await inner.MoveNext(cancellationToken).ConfigureAwait(false);
            if (!_captured && headers.IsCompletedSuccessfully)
            {
                _captured = true;
                session.Capture(await headers.ConfigureAwait(false));
            }

            return moved;
        }
    }
}
