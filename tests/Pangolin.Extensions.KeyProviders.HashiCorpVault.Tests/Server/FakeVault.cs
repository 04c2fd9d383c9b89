using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests.Server;

/// <summary>
/// A local HTTP endpoint (Kestrel on 127.0.0.1, port 0) that reproduces Vault's documented request and response
/// envelopes for exactly what the provider uses: KV v1/v2 reads (with versions and soft-deleted versions), AppRole
/// and Kubernetes login, token lookup-self and renew-self, the <c>X-Vault-Token</c> and <c>X-Vault-Namespace</c>
/// headers, <c>{"errors":[...]}</c> bodies, 403 permission denied, 404 <c>{"errors":[]}</c> and 503 when sealed.
/// Token lifetimes follow the given clock, so a test can let a lease run out.
/// </summary>
public sealed class FakeVault : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, VaultToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, KvMount> _kv = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthMount> _auth = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _tokenCounter;

    private FakeVault(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary>The server's address.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>When set, every request must carry this <c>X-Vault-Namespace</c> (tokens and mounts live in it).</summary>
    public string? Namespace { get; set; }

    /// <summary>Answer every request with 503 as a sealed Vault does.</summary>
    public bool Sealed { get; set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int Count(string method, string pathPrefix) =>
        _requests.Count(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public static async Task<FakeVault> StartAsync(TimeProvider? time = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var vault = new FakeVault(app, time ?? TimeProvider.System);
        app.Run(vault.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        vault.Address = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return vault;
    }

    /// <summary>Mounts a KV engine (version 1 or 2) at <paramref name="mount"/>.</summary>
    public FakeVault MountKv(string mount, int version)
    {
        _kv[mount] = new KvMount(version);
        return this;
    }

    /// <summary>Writes a secret: for KV v2 a new version, for KV v1 the value.</summary>
    /// <returns>The version written (1 for KV v1).</returns>
    public int Write(string mount, string path, IDictionary<string, object?> data)
    {
        var kv = _kv[mount];
        lock (kv)
        {
            if (!kv.Secrets.TryGetValue(path, out var versions))
            {
                kv.Secrets[path] = versions = [];
            }

            if (kv.Version == 1)
            {
                versions.Clear();
            }

            versions.Add(new SecretVersion(new Dictionary<string, object?>(data), _time.GetUtcNow()));
            return versions.Count;
        }
    }

    /// <summary>Soft-deletes a KV v2 version.</summary>
    public void DeleteVersion(string mount, string path, int version)
    {
        var kv = _kv[mount];
        lock (kv)
        {
            kv.Secrets[path][version - 1].DeletedAt = _time.GetUtcNow();
        }
    }

    /// <summary>Enables AppRole at <paramref name="mount"/> with one role.</summary>
    public FakeVault EnableAppRole(string roleId, string? secretId, TokenPolicy policy, string mount = "approle")
    {
        _auth[mount] = new AuthMount("approle", roleId, secretId, policy);
        return this;
    }

    /// <summary>Enables Kubernetes auth at <paramref name="mount"/> with one role accepting any of the JWTs in <see cref="AcceptedJwts"/>.</summary>
    public FakeVault EnableKubernetes(string role, TokenPolicy policy, string mount = "kubernetes")
    {
        _auth[mount] = new AuthMount("kubernetes", role, null, policy);
        return this;
    }

    /// <summary>The service account JWTs the Kubernetes role accepts (a real Vault asks the TokenReview API).</summary>
    public ConcurrentDictionary<string, bool> AcceptedJwts { get; } = new(StringComparer.Ordinal);

    /// <summary>The JWTs presented at Kubernetes login, in order.</summary>
    public ConcurrentQueue<string> PresentedJwts { get; } = new();

    /// <summary>Creates a token directly (as <c>vault token create</c> would).</summary>
    public string CreateToken(TokenPolicy policy) => Issue(policy).Id;

    /// <summary>Revokes a token: it then gets 403 permission denied.</summary>
    public void Revoke(string token) => _tokens.TryRemove(token, out _);

    /// <summary>Revokes every token.</summary>
    public void RevokeAll() => _tokens.Clear();

    /// <summary>The tokens issued so far (live ones).</summary>
    public IReadOnlyCollection<string> LiveTokens => [.. _tokens.Keys];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private VaultToken Issue(TokenPolicy policy)
    {
        var id = $"hvs.FAKE{Interlocked.Increment(ref _tokenCounter):D4}{Guid.NewGuid():N}";
        var token = new VaultToken(id, policy, _time.GetUtcNow());
        token.ExpiresAt = policy.Ttl is { } ttl ? token.IssuedAt + ttl : null;
        _tokens[id] = token;
        return token;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        string? body = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body);
            body = await reader.ReadToEndAsync();
        }

        _requests.Enqueue(new RecordedRequest(
            request.Method, path, request.QueryString.Value ?? string.Empty,
            request.Headers["X-Vault-Token"].ToString(), request.Headers["X-Vault-Namespace"].ToString(), body));

        if (Sealed)
        {
            await WriteAsync(context, 503, new JsonObject { ["errors"] = new JsonArray("Vault is sealed") });
            return;
        }

        if (!path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            await WriteAsync(context, 404, Errors());
            return;
        }

        var route = path["/v1/".Length..];
        var namespaceOk = Namespace is null || string.Equals(request.Headers["X-Vault-Namespace"].ToString().Trim('/'), Namespace, StringComparison.Ordinal);
        if (route.StartsWith("auth/", StringComparison.Ordinal) && route.EndsWith("/login", StringComparison.Ordinal) && request.Method == "POST")
        {
            var mount = route["auth/".Length..^"/login".Length];
            if (!namespaceOk || !_auth.TryGetValue(mount, out var auth))
            {
                await WriteAsync(context, 404, Errors($"no handler for route \"{route}\". route entry not found."));
                return;
            }

            await LoginAsync(context, auth, body);
            return;
        }

        var token = Authenticate(request, namespaceOk);
        if (token is null)
        {
            await WriteAsync(context, 403, Errors("permission denied"));
            return;
        }

        switch (route)
        {
            case "auth/token/lookup-self" when request.Method == "GET":
                await WriteAsync(context, 200, Envelope(data: LookupData(token)));
                return;
            case "auth/token/renew-self" when request.Method is "POST" or "PUT":
                await RenewAsync(context, token);
                return;
            default:
                break;
        }

        if (request.Method != "GET")
        {
            await WriteAsync(context, 405, Errors("unsupported operation"));
            return;
        }

        await ReadAsync(context, token, route);
    }

    private VaultToken? Authenticate(HttpRequest request, bool namespaceOk)
    {
        var id = request.Headers["X-Vault-Token"].ToString();
        if (!namespaceOk || string.IsNullOrEmpty(id) || !_tokens.TryGetValue(id, out var token))
        {
            return null;
        }

        if (token.ExpiresAt is { } expires && _time.GetUtcNow() >= expires)
        {
            _tokens.TryRemove(id, out _);
            return null;
        }

        return token;
    }

    private async Task LoginAsync(HttpContext context, AuthMount auth, string? body)
    {
        JsonObject? payload;
        try
        {
            payload = body is null ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null)
        {
            await WriteAsync(context, 400, Errors("failed to parse JSON input"));
            return;
        }

        if (auth.Kind == "approle")
        {
            var roleId = payload["role_id"]?.GetValue<string>();
            var secretId = payload["secret_id"]?.GetValue<string>();
            if (string.IsNullOrEmpty(roleId))
            {
                await WriteAsync(context, 400, Errors("missing role_id"));
                return;
            }

            if (roleId != auth.Role || (auth.SecretId is not null && secretId != auth.SecretId))
            {
                await WriteAsync(context, 400, Errors("invalid role or secret ID"));
                return;
            }

            await WriteAsync(context, 200, LoginResponse(Issue(auth.Policy), new JsonObject { ["role_name"] = "pangolin" }));
            return;
        }

        var role = payload["role"]?.GetValue<string>();
        var jwt = payload["jwt"]?.GetValue<string>();
        if (string.IsNullOrEmpty(role) || string.IsNullOrEmpty(jwt))
        {
            await WriteAsync(context, 400, Errors("missing role or jwt"));
            return;
        }

        PresentedJwts.Enqueue(jwt);
        if (role != auth.Role)
        {
            await WriteAsync(context, 400, Errors($"invalid role name \"{role}\""));
            return;
        }

        if (!AcceptedJwts.ContainsKey(jwt))
        {
            await WriteAsync(context, 403, Errors("permission denied"));
            return;
        }

        await WriteAsync(context, 200, LoginResponse(Issue(auth.Policy), new JsonObject
        {
            ["role"] = role,
            ["service_account_name"] = "pangolin",
            ["service_account_namespace"] = "default",
        }));
    }

    private async Task RenewAsync(HttpContext context, VaultToken token)
    {
        if (!token.Policy.Renewable || token.Policy.Ttl is not { } ttl)
        {
            await WriteAsync(context, 400, Errors("lease is not renewable"));
            return;
        }

        var now = _time.GetUtcNow();
        var expires = now + ttl;
        if (token.Policy.MaxTtl is { } max && expires > token.IssuedAt + max)
        {
            expires = token.IssuedAt + max;
        }

        token.ExpiresAt = expires;
        token.Renewals++;
        var auth = AuthObject(token);
        await WriteAsync(context, 200, Envelope(auth: auth, warnings: expires < now + ttl
            ? new JsonArray("TTL of \"1h\" exceeded the effective max_ttl; TTL value is capped accordingly")
            : null));
    }

    private async Task ReadAsync(HttpContext context, VaultToken token, string route)
    {
        var mount = _kv.Keys.Where(m => route.StartsWith(m + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length).FirstOrDefault();
        if (mount is null)
        {
            await WriteAsync(context, 403, Errors("permission denied"));
            return;
        }

        if (!token.Policy.CanRead(route))
        {
            await WriteAsync(context, 403, Errors("1 error occurred:\n\t* permission denied\n\n"));
            return;
        }

        var kv = _kv[mount];
        var rest = route[(mount.Length + 1)..];
        if (kv.Version == 2)
        {
            if (!rest.StartsWith("data/", StringComparison.Ordinal))
            {
                await WriteAsync(context, 404, Envelope(warnings: new JsonArray(
                    $"Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.")));
                return;
            }

            rest = rest["data/".Length..];
        }

        SecretVersion? found;
        int number;
        lock (kv)
        {
            if (!kv.Secrets.TryGetValue(rest, out var versions) || versions.Count == 0)
            {
                found = null;
                number = 0;
            }
            else
            {
                var requested = context.Request.Query["version"].ToString();
                number = kv.Version == 2 && int.TryParse(requested, out var v) && v > 0 ? v : versions.Count;
                found = number <= versions.Count ? versions[number - 1] : null;
            }
        }

        if (found is null)
        {
            await WriteAsync(context, 404, Errors());
            return;
        }

        if (kv.Version == 1)
        {
            await WriteAsync(context, 200, Envelope(data: ToJson(found.Data), leaseDuration: 2764800));
            return;
        }

        var metadata = new JsonObject
        {
            ["created_time"] = found.CreatedAt.ToString("O"),
            ["custom_metadata"] = null,
            ["deletion_time"] = found.DeletedAt?.ToString("O") ?? string.Empty,
            ["destroyed"] = false,
            ["version"] = number,
        };
        if (found.DeletedAt is not null)
        {
            await WriteAsync(context, 404, Envelope(data: new JsonObject { ["data"] = null, ["metadata"] = metadata }));
            return;
        }

        await WriteAsync(context, 200, Envelope(data: new JsonObject { ["data"] = ToJson(found.Data), ["metadata"] = metadata }));
    }

    private JsonObject LookupData(VaultToken token)
    {
        var now = _time.GetUtcNow();
        var ttl = token.ExpiresAt is { } e ? (long)Math.Max(0, (e - now).TotalSeconds) : 0;
        return new JsonObject
        {
            ["accessor"] = "acc-" + token.Id[^8..],
            ["creation_time"] = token.IssuedAt.ToUnixTimeSeconds(),
            ["creation_ttl"] = (long)(token.Policy.Ttl?.TotalSeconds ?? 0),
            ["display_name"] = "token",
            ["entity_id"] = string.Empty,
            ["expire_time"] = token.ExpiresAt?.ToString("O"),
            ["explicit_max_ttl"] = 0,
            ["id"] = token.Id,
            ["issue_time"] = token.IssuedAt.ToString("O"),
            ["meta"] = null,
            ["num_uses"] = 0,
            ["orphan"] = false,
            ["path"] = "auth/token/create",
            ["policies"] = new JsonArray("default"),
            ["renewable"] = token.Policy.Renewable && token.Policy.Ttl is not null,
            ["ttl"] = ttl,
            ["type"] = "service",
        };
    }

    private JsonObject LoginResponse(VaultToken token, JsonObject metadata)
    {
        var auth = AuthObject(token);
        auth["metadata"] = metadata;
        return Envelope(auth: auth);
    }

    private JsonObject AuthObject(VaultToken token) => new()
    {
        ["client_token"] = token.Id,
        ["accessor"] = "acc-" + token.Id[^8..],
        ["policies"] = new JsonArray("default", "pangolin-keys"),
        ["token_policies"] = new JsonArray("default", "pangolin-keys"),
        ["metadata"] = null,
        ["lease_duration"] = token.ExpiresAt is { } e ? (long)Math.Max(0, (e - _time.GetUtcNow()).TotalSeconds) : 0,
        ["renewable"] = token.Policy.Renewable && token.Policy.Ttl is not null,
        ["entity_id"] = Guid.NewGuid().ToString(),
        ["token_type"] = "service",
        ["orphan"] = true,
        ["mfa_requirement"] = null,
        ["num_uses"] = 0,
    };

    private static JsonObject Envelope(JsonObject? data = null, JsonObject? auth = null, JsonArray? warnings = null, long leaseDuration = 0) => new()
    {
        ["request_id"] = Guid.NewGuid().ToString(),
        ["lease_id"] = string.Empty,
        ["renewable"] = false,
        ["lease_duration"] = leaseDuration,
        ["data"] = data,
        ["wrap_info"] = null,
        ["warnings"] = warnings,
        ["auth"] = auth,
        ["mount_type"] = auth is null ? "kv" : string.Empty,
    };

    private static JsonObject Errors(params string[] errors) => new() { ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)e)]) };

    private static JsonObject ToJson(Dictionary<string, object?> data) =>
        JsonSerializer.SerializeToNode(data, Json)!.AsObject();

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Json));
    }

    private sealed record KvMount(int Version)
    {
        public Dictionary<string, List<SecretVersion>> Secrets { get; } = new(StringComparer.Ordinal);
    }

    private sealed class SecretVersion(Dictionary<string, object?> data, DateTimeOffset createdAt)
    {
        public Dictionary<string, object?> Data { get; } = data;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset? DeletedAt { get; set; }
    }

    private sealed record AuthMount(string Kind, string Role, string? SecretId, TokenPolicy Policy);

    private sealed class VaultToken(string id, TokenPolicy policy, DateTimeOffset issuedAt)
    {
        public string Id { get; } = id;

        public TokenPolicy Policy { get; } = policy;

        public DateTimeOffset IssuedAt { get; } = issuedAt;

        public DateTimeOffset? ExpiresAt { get; set; }

        public int Renewals { get; set; }
    }
}

/// <summary>What a token may read and how long it lives.</summary>
/// <param name="ReadablePaths">API paths (such as <c>secret/data/db-keys</c>) the token may read; <c>*</c> for all.</param>
/// <param name="Ttl">The lease; <see langword="null"/> for a token that never expires.</param>
/// <param name="Renewable">Whether renew-self extends it.</param>
/// <param name="MaxTtl">The max TTL renewals cannot exceed.</param>
public sealed record TokenPolicy(IReadOnlyList<string> ReadablePaths, TimeSpan? Ttl = null, bool Renewable = true, TimeSpan? MaxTtl = null)
{
    public static TokenPolicy ReadAll(TimeSpan? ttl = null, bool renewable = true, TimeSpan? maxTtl = null) => new(["*"], ttl, renewable, maxTtl);

    public bool CanRead(string path) => ReadablePaths.Any(p => p == "*" || p == path);
}

/// <summary>One request as the server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Token, string Namespace, string? Body);
