using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.Client;

/// <summary>
/// Adds Pangolin credentials to requests and keeps a login session alive: logs in lazily and single-flight,
/// logs in again before the JWT expires and once after a 401, and waits out a short <c>retry-after</c> on 429.
/// One instance is shared by every request to the same server.
/// </summary>
internal sealed partial class PangolinAuthenticator : IDisposable
{
    private readonly PangolinAuthOptions _auth;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _loginLock = new(1, 1);
    private volatile Session? _session;
    private DateTimeOffset _throttledUntil;

    private readonly Uri _loginUri;

    public PangolinAuthenticator(Uri server, PangolinAuthOptions auth, TimeProvider time, ILogger logger)
    {
        _loginUri = new Uri(server, "api/v1/users/login");
        _auth = auth;
        _time = time;
        _logger = logger;
        Method = auth.EffectiveMethod();
        if (Method is PangolinAuthMethod.Login or PangolinAuthMethod.Basic
            && (string.IsNullOrEmpty(auth.Username) || auth.Password is null))
        {
            throw new ArgumentException($"Pangolin authentication '{Method}' needs both Auth:Username and Auth:Password.", nameof(auth));
        }

        if (Method is PangolinAuthMethod.Token && string.IsNullOrEmpty(auth.Token))
        {
            throw new ArgumentException("Pangolin authentication 'Token' needs Auth:Token.", nameof(auth));
        }

        if (Method is PangolinAuthMethod.ApiKey && string.IsNullOrEmpty(auth.ApiKey))
        {
            throw new ArgumentException("Pangolin authentication 'ApiKey' needs Auth:ApiKey.", nameof(auth));
        }
    }

    public PangolinAuthMethod Method { get; }

    /// <summary>The number of logins performed, for diagnostics and tests.</summary>
    public int LoginCount { get; private set; }

    public async ValueTask ApplyAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(_auth.TenantId))
        {
            request.Headers.TryAddWithoutValidation("X-Pangolin-Tenant", _auth.TenantId);
        }

        switch (Method)
        {
            case PangolinAuthMethod.Token:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _auth.Token);
                break;
            case PangolinAuthMethod.ApiKey:
                request.Headers.TryAddWithoutValidation("X-API-Key", _auth.ApiKey);
                break;
            case PangolinAuthMethod.Basic:
                var raw = Encoding.UTF8.GetBytes($"{_auth.Username}:{_auth.Password}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
                break;
            case PangolinAuthMethod.Login:
                var session = await GetSessionAsync(http, forceLogin: false, stale: null, cancellationToken).ConfigureAwait(false);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Called after a 401. Returns <see langword="true"/> when a fresh login happened and the request is worth
    /// sending once more.
    /// </summary>
    public async ValueTask<bool> RenewAfterUnauthorizedAsync(HttpClient http, HttpRequestMessage failed, CancellationToken cancellationToken)
    {
        if (Method != PangolinAuthMethod.Login)
        {
            return false;
        }

        var used = failed.Headers.Authorization?.Parameter;
        await GetSessionAsync(http, forceLogin: true, stale: used, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public void Dispose() => _loginLock.Dispose();

    private async ValueTask<Session> GetSessionAsync(HttpClient http, bool forceLogin, string? stale, CancellationToken cancellationToken)
    {
        var current = _session;
        if (!forceLogin && current is not null && !NeedsRefresh(current))
        {
            return current;
        }

        await _loginLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _session;
            var someoneElseRenewed = forceLogin && current is not null && !string.Equals(current.Token, stale, StringComparison.Ordinal);
            if (current is not null && !NeedsRefresh(current) && (!forceLogin || someoneElseRenewed))
            {
                return current;
            }

            var session = await LoginAsync(http, cancellationToken).ConfigureAwait(false);
            _session = session;
            return session;
        }
        finally
        {
            _loginLock.Release();
        }
    }

    private bool NeedsRefresh(Session session) => _time.GetUtcNow() >= session.ExpiresAt - _auth.RefreshBeforeExpiry;

    private async Task<Session> LoginAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now < _throttledUntil)
        {
            throw new PangolinRateLimitedException(
                $"Logging in to Pangolin as '{_auth.Username}' is throttled by the server until {_throttledUntil:O}.",
                null,
                _throttledUntil - now);
        }

        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _loginUri)
            {
                Content = JsonContent.Create(
                    new LoginBody(_auth.Username!, _auth.Password!, string.IsNullOrEmpty(_auth.TenantId) ? null : _auth.TenantId),
                    PangolinJsonContext.Default.LoginBody),
            };
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var error = (PangolinRateLimitedException)await PangolinErrors
                    .FromResponseAsync(response, $"Logging in to Pangolin as '{_auth.Username}'", cancellationToken)
                    .ConfigureAwait(false);
                var wait = error.RetryAfter ?? TimeSpan.FromSeconds(60);
                if (attempt == 0 && wait <= _auth.MaxLoginRetryWait)
                {
                    LogLoginThrottled(_logger, _auth.Username, wait.TotalSeconds);
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                _throttledUntil = _time.GetUtcNow() + wait;
                throw error;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await PangolinErrors
                    .FromResponseAsync(response, $"Logging in to Pangolin as '{_auth.Username}'", cancellationToken)
                    .ConfigureAwait(false);
            }

            var body = await response.Content
                .ReadFromJsonAsync(PangolinJsonContext.Default.LoginResponse, cancellationToken)
                .ConfigureAwait(false);
            if (string.IsNullOrEmpty(body?.Token))
            {
                throw new PangolinAuthenticationException(
                    $"Logging in to Pangolin as '{_auth.Username}' failed: the response carried no token.");
            }

            // Pangolin's JWTs live 24 h; without expires-at assume the shortest issuer lifetime (1 h).
            var expiresAt = body.ExpiresAt ?? _time.GetUtcNow().AddHours(1);
            LoginCount++;
            LogLoggedIn(_logger, _auth.Username, expiresAt);
            return new Session(body.Token, expiresAt);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Logged in to Pangolin as {Username}; the session expires at {ExpiresAt:O}.")]
    private static partial void LogLoggedIn(ILogger logger, string? username, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Pangolin throttled the login of {Username}; retrying once after {Seconds} s.")]
    private static partial void LogLoginThrottled(ILogger logger, string? username, double seconds);

    private sealed record Session(string Token, DateTimeOffset ExpiresAt)
    {
        public override string ToString() => $"Session {{ ExpiresAt = {ExpiresAt:O} }}";
    }
}
