using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pangolin.Extensions.Dremio;

/// <summary>
/// A Dremio client over Arrow Flight for one Pangolin connection: a stable handle that authenticates the way Dremio
/// does and keeps doing so. User name and password go through the Flight handshake (basic credentials in the
/// <c>authorization</c> header; Dremio answers with a bearer token in the response's <c>authorization</c> header); a
/// personal access token (<c>token</c> credential) is sent as <c>authorization: Bearer</c>. Every call carries the
/// bearer token, Dremio's session cookies, the Dremio Cloud <c>project_id</c> cookie and the client properties.
/// Credentials are read from the Pangolin resolver at each (re)authentication: when Dremio answers
/// <see cref="StatusCode.Unauthenticated"/>, the asset is read again and the call retried once, so a rotated token or
/// password works without a restart.
/// </summary>
public sealed class DremioFlightClient : IDisposable
{
    private readonly IDremioConnectionSource _source;
    private readonly DremioSession _session;
    private readonly GrpcChannel _channel;
    private readonly PangolinDremioSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private string _mode;
    private string[] _secrets;

    internal DremioFlightClient(
        IDremioConnectionSource source,
        DremioConnectionPlan plan,
        PangolinDremioSettings settings,
        Action<GrpcChannelOptions>? configureChannel,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider)
    {
        _source = source;
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory?.CreateLogger(DremioFlightClientFactory.LoggerCategory) ?? NullLogger.Instance;
        Endpoint = plan.Endpoint;
        _mode = plan.Credentials.Mode;
        _secrets = Secrets(plan.Credentials);
        _session = new DremioSession(Endpoint.Address, settings.Headers);

        var options = new GrpcChannelOptions
        {
            HttpHandler = CreateHandler(Endpoint.Tls && plan.Credentials.DisableCertificateVerification),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = null, // Arrow record batches routinely exceed gRPC's 4 MB default.

            // No LoggerFactory by default: gRPC's own logs repeat the server's status details verbatim, which this
            // package cannot scrub of secrets. Opt in with configureChannel.
        };
        configureChannel?.Invoke(options);
        _channel = GrpcChannel.ForAddress(Endpoint.Address, options);
        FlightClient = new FlightClient(_channel.Intercept(new DremioCallInterceptor(_session)));
    }

    /// <summary>The Pangolin connection name.</summary>
    public string ConnectionName => _source.ConnectionName;

    /// <summary>The HTTP/2 address of the Flight endpoint (<c>https://</c> for <c>grpc+tls://</c>).</summary>
    public Uri Address => Endpoint.Address;

    /// <summary>
    /// The Arrow Flight client for anything else (ListFlights, DoAction, DoPut, …). Every call made through it carries
    /// the session's bearer token, cookies, project and client properties; call <see cref="AuthenticateAsync"/> first
    /// so that a token exists (<see cref="QueryAsync"/> and <see cref="GetFlightInfoAsync"/> do it themselves).
    /// </summary>
    public FlightClient FlightClient { get; }

    internal DremioEndpoint Endpoint { get; }

    /// <summary>Authenticates now unless already authenticated: reads the connection, then handshakes or takes the token.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task.</returns>
    /// <exception cref="DremioFlightException">Dremio refused the credentials or could not be reached.</exception>
    /// <exception cref="Assets.PangolinConnectionException">The connection could not be resolved.</exception>
    public async Task AuthenticateAsync(CancellationToken cancellationToken = default) =>
        await EnsureAuthenticatedAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Plans a query: <c>GetFlightInfo</c> with a command descriptor holding the SQL text.</summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The flight info with the endpoints holding the results.</returns>
    /// <exception cref="DremioFlightException">Dremio refused the call.</exception>
    public async Task<FlightInfo> GetFlightInfoAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var descriptor = FlightDescriptor.CreateCommandDescriptor(sql);
        for (var attempt = 0; ; attempt++)
        {
            var generation = await EnsureAuthenticatedAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var call = FlightClient.GetInfo(descriptor, null, Deadline(), cancellationToken);
                return await call.ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated && attempt == 0)
            {
                Expire(generation, "GetFlightInfo");
            }
            catch (RpcException ex)
            {
                throw Fail(ex, "GetFlightInfo", cancellationToken);
            }
        }
    }

    /// <summary>
    /// Runs a query and streams its results: <c>GetFlightInfo</c>, then <c>DoGet</c> on every endpoint in order (on this
    /// client's connection; Dremio redeems its tickets on the endpoint that issued them), yielding each record batch as
    /// it arrives. The caller owns (and should dispose) the batches.
    /// </summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The record batches.</returns>
    /// <exception cref="DremioFlightException">Dremio refused a call.</exception>
    public async IAsyncEnumerable<RecordBatch> QueryAsync(string sql, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var info = await GetFlightInfoAsync(sql, cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in info.Endpoints)
        {
            await foreach (var batch in ReadAsync(endpoint.Ticket, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }

    /// <summary>Runs a query and returns the first column of its first row, or <see langword="null"/> when it has none.</summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The value (<see cref="long"/>, <see cref="int"/>, <see cref="string"/>, <see cref="double"/>, …), or <see langword="null"/>.</returns>
    /// <exception cref="DremioFlightException">Dremio refused a call.</exception>
    public async Task<object?> ExecuteScalarAsync(string sql, CancellationToken cancellationToken = default)
    {
        await foreach (var batch in QueryAsync(sql, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                if (batch.Length > 0 && batch.ColumnCount > 0)
                {
                    return ArrowValues.Get(batch.Column(0), 0);
                }
            }
        }

        return null;
    }

    /// <summary>Closes the gRPC channel; calls in flight fail.</summary>
    public void Dispose()
    {
        _channel.Dispose();
        _authLock.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"DremioFlightClient {{ Connection = {ConnectionName}, Endpoint = {Endpoint}, Mode = {_mode} }}";

    private async IAsyncEnumerable<RecordBatch> ReadAsync(FlightTicket ticket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var generation = await EnsureAuthenticatedAsync(cancellationToken).ConfigureAwait(false);
            using var call = FlightClient.GetStream(ticket, null, Deadline(), cancellationToken);
            var yielded = false;
            var retry = false;
            while (true)
            {
                bool moved;
                try
                {
                    moved = await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated && !yielded && attempt == 0)
                {
                    Expire(generation, "DoGet");
                    retry = true;
                    break;
                }
                catch (RpcException ex)
                {
                    throw Fail(ex, "DoGet", cancellationToken);
                }

                if (!moved)
                {
                    break;
                }

                yielded = true;
                yield return call.ResponseStream.Current;
            }

            if (!retry)
            {
                yield break;
            }
        }
    }

    private async Task<int> EnsureAuthenticatedAsync(CancellationToken cancellationToken)
    {
        if (_session.IsAuthenticated)
        {
            return _session.Generation;
        }

        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_session.IsAuthenticated)
            {
                return _session.Generation;
            }

            var resolved = await _source.ResolveAsync(cancellationToken).ConfigureAwait(false);
            var plan = DremioConnectionPlan.Create(resolved, _source.Options);
            if (plan.Endpoint.Host != Endpoint.Host || plan.Endpoint.Port != Endpoint.Port || plan.Endpoint.Tls != Endpoint.Tls)
            {
                DremioLog.EndpointChanged(_logger, ConnectionName, Endpoint, plan.Endpoint);
            }

            var credentials = plan.Credentials;
            _secrets = Secrets(credentials);
            _mode = credentials.Mode;
            var generation = _session.Begin(credentials);
            string bearer;
            try
            {
                bearer = credentials.Token ?? await HandshakeAsync(credentials, cancellationToken).ConfigureAwait(false);
            }
            catch (DremioFlightException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
            {
                // The cached password may be stale: the next attempt reads the asset again.
                _source.Invalidate();
                throw;
            }

            _session.Authenticated(generation, bearer);
            if (credentials.ProjectId is not null && _settings.SetProjectWithSessionOptions)
            {
                try
                {
                    await SetProjectAsync(credentials.ProjectId, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is DremioFlightException or OperationCanceledException)
                {
                    _session.Expire(generation);
                    if (ex is DremioFlightException { StatusCode: StatusCode.Unauthenticated })
                    {
                        _source.Invalidate();
                    }

                    throw;
                }
            }

            DremioLog.Authenticated(_logger, ConnectionName, Endpoint, _mode, generation);
            return generation;
        }
        finally
        {
            _authLock.Release();
        }
    }

    private async Task<string> HandshakeAsync(DremioCredentials credentials, CancellationToken cancellationToken)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Username + ":" + credentials.Password));
        var headers = new Metadata { { DremioHeaders.Authorization, "Basic " + basic } };
        try
        {
            using var call = FlightClient.Handshake(headers, Deadline(), cancellationToken);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            var responseHeaders = await call.ResponseHeadersAsync.ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                // Dremio sends no payload; the token is in the headers.
            }

            _session.Capture(responseHeaders);
            var authorization = responseHeaders.GetValue(DremioHeaders.Authorization);
            const string Bearer = "Bearer ";
            return authorization is not null && authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > Bearer.Length
                ? authorization[Bearer.Length..].Trim()
                : throw new DremioFlightException(
                    $"Dremio connection '{ConnectionName}' ({Endpoint}): the handshake succeeded but the response carries no 'authorization: Bearer' header. "
                    + "Is services.flight.auth.mode set to arrow.flight.auth2?",
                    StatusCode.Unauthenticated,
                    null);
        }
        catch (RpcException ex)
        {
            throw Fail(ex, "Handshake", cancellationToken);
        }
    }

    private async Task SetProjectAsync(string projectId, CancellationToken cancellationToken)
    {
        var action = new FlightAction(SessionOptions.SetSessionOptionsAction, SessionOptions.EncodeSetString("project_id", projectId));
        var errors = new List<KeyValuePair<string, string>>();
        try
        {
            using var call = FlightClient.DoAction(action, null, Deadline(), cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                errors.AddRange(SessionOptions.DecodeErrors(call.ResponseStream.Current.Body));
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            DremioLog.ProjectSessionOptionNotSet(_logger, ConnectionName, Endpoint, "the server does not implement SetSessionOptions");
            return;
        }
        catch (RpcException ex)
        {
            throw Fail(ex, SessionOptions.SetSessionOptionsAction, cancellationToken);
        }

        if (errors.Count > 0)
        {
            DremioLog.ProjectSessionOptionNotSet(_logger, ConnectionName, Endpoint, string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}")));
        }
        else
        {
            DremioLog.ProjectSessionOptionSet(_logger, ConnectionName, Endpoint);
        }
    }

    private void Expire(int generation, string operation)
    {
        DremioLog.Reauthenticating(_logger, ConnectionName, Endpoint, operation);
        if (_session.Generation == generation)
        {
            _source.Invalidate();
        }

        _session.Expire(generation);
    }

    private Exception Fail(RpcException ex, string operation, CancellationToken cancellationToken)
    {
        if (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException(cancellationToken);
        }

        var detail = Scrub(ex.Status.Detail);
        var what = ex.StatusCode == StatusCode.Unauthenticated
            ? $"{operation} was refused (Unauthenticated; credentials: {_mode})"
            : $"{operation} failed ({ex.StatusCode})";
        return new DremioFlightException(
            $"Dremio connection '{ConnectionName}' ({Endpoint}): {what}: {detail}", ex.StatusCode, new RpcException(new Status(ex.StatusCode, detail)));
    }

    private string Scrub(string? text)
    {
        var result = text ?? string.Empty;
        foreach (var secret in _secrets)
        {
            result = result.Replace(secret, "***", StringComparison.Ordinal);
        }

        return result;
    }

    private DateTime? Deadline() => _settings.CallTimeout is { } timeout ? _time.GetUtcNow().UtcDateTime + timeout : null;

    private static string[] Secrets(DremioCredentials credentials)
    {
        var secrets = credentials.Secrets.ToList();
        if (credentials.Username is not null && credentials.Password is not null)
        {
            secrets.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Username + ":" + credentials.Password)));
        }

        // Longest first, so that a secret containing another is replaced whole.
        return [.. secrets.Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    [SuppressMessage("Security", "CA5359:Do not disable certificate validation",
        Justification = "Only when the asset's disable_certificate_verification credential asks for it (pypangolin's option), with a warning log.")]
    private static SocketsHttpHandler CreateHandler(bool disableCertificateVerification)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (disableCertificateVerification)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }

        return handler;
    }
}
