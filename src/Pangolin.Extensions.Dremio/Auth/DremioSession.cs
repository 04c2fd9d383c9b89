using System.Net;
using Grpc.Core;

namespace Pangolin.Extensions.Dremio;

/// <summary>
/// The authentication state every call carries: the bearer token (from the handshake, or the personal access token),
/// Dremio's session cookies (echoed back, as <c>services.flight.use_session_service</c> expects), the Dremio Cloud
/// <c>project_id</c> cookie and the client-property headers. Thread-safe; each (re)authentication starts a new
/// generation with a fresh cookie jar.
/// </summary>
internal sealed class DremioSession
{
    private readonly Lock _gate = new();
    private readonly Uri _cookieUri;
    private State _state;

    public DremioSession(Uri address, IReadOnlyDictionary<string, string> settingsHeaders)
    {
        _cookieUri = address;
        _state = new State(0, null, null, new CookieContainer(), Merge(settingsHeaders, new Dictionary<string, string>()));
        SettingsHeaders = settingsHeaders;
    }

    public IReadOnlyDictionary<string, string> SettingsHeaders { get; }

    /// <summary>Increases with every (re)authentication; a call that failed in an older generation need not re-authenticate.</summary>
    public int Generation
    {
        get
        {
            lock (_gate)
            {
                return _state.Generation;
            }
        }
    }

    public bool IsAuthenticated
    {
        get
        {
            lock (_gate)
            {
                return _state.Bearer is not null;
            }
        }
    }

    /// <summary>Starts a new generation: no bearer yet, an empty cookie jar, the credentials' project and client properties.</summary>
    public int Begin(DremioCredentials credentials)
    {
        lock (_gate)
        {
            _state = new State(_state.Generation + 1, null, credentials.ProjectId, new CookieContainer(), Merge(SettingsHeaders, credentials.ClientProperties));
            return _state.Generation;
        }
    }

    /// <summary>Completes authentication with the bearer token to send from now on.</summary>
    public void Authenticated(int generation, string bearer)
    {
        lock (_gate)
        {
            if (_state.Generation == generation)
            {
                _state = _state with { Bearer = bearer };
            }
        }
    }

    /// <summary>Forgets the bearer so that the next call authenticates again.</summary>
    public void Expire(int generation)
    {
        lock (_gate)
        {
            if (_state.Generation == generation)
            {
                _state = _state with { Bearer = null };
            }
        }
    }

    /// <summary>Adds the session's headers to a call's headers (a copy; headers the caller set win).</summary>
    public Metadata Decorate(Metadata? headers)
    {
        State state;
        lock (_gate)
        {
            state = _state;
        }

        var result = new Metadata();
        if (headers is not null)
        {
            foreach (var entry in headers)
            {
                result.Add(entry);
            }
        }

        if (state.Bearer is not null && result.Get(DremioHeaders.Authorization) is null)
        {
            result.Add(DremioHeaders.Authorization, "Bearer " + state.Bearer);
        }

        var cookies = new List<string>();
        var jar = state.Cookies.GetCookieHeader(_cookieUri);
        if (state.ProjectId is not null && state.Cookies.GetCookies(_cookieUri)["project_id"] is null)
        {
            cookies.Add("project_id=" + state.ProjectId);
        }

        if (jar.Length > 0)
        {
            cookies.Add(jar);
        }

        if (cookies.Count > 0)
        {
            var existing = result.Get(DremioHeaders.Cookie);
            if (existing is not null)
            {
                result.Remove(existing);
                cookies.Insert(0, existing.Value);
            }

            result.Add(DremioHeaders.Cookie, string.Join("; ", cookies));
        }

        foreach (var (name, value) in state.Headers)
        {
            if (result.Get(name) is null)
            {
                result.Add(name, value);
            }
        }

        return result;
    }

    /// <summary>Stores the cookies a response sets.</summary>
    public void Capture(Metadata? responseHeaders)
    {
        if (responseHeaders is null)
        {
            return;
        }

        CookieContainer jar;
        lock (_gate)
        {
            jar = _state.Cookies;
        }

        foreach (var entry in responseHeaders)
        {
            if (!entry.IsBinary && string.Equals(entry.Key, DremioHeaders.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    jar.SetCookies(_cookieUri, entry.Value);
                }
                catch (CookieException)
                {
                    // A malformed cookie is dropped, as a browser would.
                }
            }
        }
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> credentials)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in settings)
        {
            merged[name.ToLowerInvariant()] = value;
        }

        foreach (var (name, value) in credentials)
        {
            merged[name.ToLowerInvariant()] = value;
        }

        return merged;
    }

    private sealed record State(int Generation, string? Bearer, string? ProjectId, CookieContainer Cookies, IReadOnlyDictionary<string, string> Headers);
}
