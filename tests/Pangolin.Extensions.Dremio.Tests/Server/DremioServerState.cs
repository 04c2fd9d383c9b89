using System.Collections.Concurrent;

namespace Pangolin.Extensions.Dremio.Tests.Server;

/// <summary>What the Dremio-like Flight server accepts, and what it saw.</summary>
public sealed class DremioServerState
{
    public string Username { get; set; } = "dremio";

    public string Password { get; set; } = "p@ss:w0rd/Ω%;x";

    /// <summary>Personal access tokens accepted as bearer tokens.</summary>
    public ConcurrentDictionary<string, bool> PersonalAccessTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Bearer tokens issued by the handshake.</summary>
    public ConcurrentDictionary<string, bool> IssuedTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Session ids issued through Set-Cookie.</summary>
    public ConcurrentDictionary<string, bool> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every call must carry a <c>project_id</c> cookie with this value (Dremio Cloud project routing).</summary>
    public string? RequiredProjectId { get; set; }

    /// <summary>Whether the <c>project_id</c> cookie selects the project (otherwise only the session option does).</summary>
    public bool AcceptProjectCookie { get; set; } = true;

    /// <summary>Whether DoAction <c>SetSessionOptions</c> is implemented (otherwise it answers Unimplemented).</summary>
    public bool SupportsSessionOptions { get; set; } = true;

    /// <summary>Answer <c>SetSessionOptions</c> with an INVALID_NAME error for every option.</summary>
    public bool RefuseSessionOptions { get; set; }

    /// <summary>The project set with SetSessionOptions, by session id.</summary>
    public ConcurrentDictionary<string, string> SessionProjects { get; } = new(StringComparer.Ordinal);

    /// <summary>Repeat the presented credential in error details, to prove the client scrubs it.</summary>
    public bool EchoCredentialsInErrors { get; set; }

    public int Endpoints { get; set; } = 2;

    public int BatchesPerEndpoint { get; set; } = 3;

    public int RowsPerBatch { get; set; } = 4;

    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    public int Count(string method) => Calls.Count(c => c.Method == method);

    /// <summary>Forgets every issued bearer token, as when Dremio's tokens expire.</summary>
    public void ExpireIssuedTokens() => IssuedTokens.Clear();
}

/// <summary>One call as the server received it.</summary>
/// <param name="Method">Handshake, GetFlightInfo or DoGet.</param>
/// <param name="Authorization">The authorization header.</param>
/// <param name="Cookie">The cookie header.</param>
/// <param name="Headers">Every other header.</param>
public sealed record RecordedCall(string Method, string? Authorization, string? Cookie, IReadOnlyDictionary<string, string> Headers);
