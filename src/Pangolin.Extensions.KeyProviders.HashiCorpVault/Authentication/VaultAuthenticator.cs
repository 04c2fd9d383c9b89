using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>
/// Holds the provider's Vault token: logs in lazily and single-flight, renews the lease (renew-self) or logs in
/// again after <see cref="VaultSession.RefreshFraction"/> of it, and authenticates once more after a 403.
/// </summary>
/// <remarks>
/// Renewal is done on use, not by a background timer: the key cache of the resolver means Vault is asked rarely,
/// and a token that expired unused is simply replaced by the next login.
/// </remarks>
internal sealed class VaultAuthenticator : IDisposable
{
    private readonly VaultApi _api;
    private readonly HashiCorpVaultAuthOptions _auth;
    private readonly string _provider;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile VaultSession? _session;

    public VaultAuthenticator(VaultApi api, HashiCorpVaultAuthOptions auth, string provider, TimeProvider time, ILogger logger)
    {
        _api = api;
        _auth = auth;
        _provider = provider;
        _time = time;
        _logger = logger;
    }

    private bool CanLogIn => _auth.Method != HashiCorpVaultAuthMethod.Token;

    /// <summary>Secrets this authenticator knows of, to be masked in any text taken from Vault.</summary>
    public IEnumerable<string?> Secrets => [_session?.Token, _auth.Token, _auth.SecretId, _auth.RoleId];

    /// <summary>A token that is valid as far as is known; logs in, renews or replaces it when due.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var session = _session;
        if (session is not null && !session.NeedsRefresh(_time.GetUtcNow()))
        {
            return session.Token;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            session = _session;
            if (session is not null && !session.NeedsRefresh(_time.GetUtcNow()))
            {
                return session.Token;
            }

            session = await RefreshAsync(session, cancellationToken).ConfigureAwait(false);
            _session = session;
            return session.Token;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Called after a 403 with <paramref name="used"/>: authenticates again (once; concurrent callers share it).
    /// </summary>
    /// <returns>A different token worth one more try, or <see langword="null"/> when there is none.</returns>
    public async ValueTask<string?> ReauthenticateAsync(string used, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _session;
            if (current is not null && !string.Equals(current.Token, used, StringComparison.Ordinal) && !current.NeedsRefresh(_time.GetUtcNow()))
            {
                return current.Token;
            }

            var fresh = await LoginAsync(cancellationToken).ConfigureAwait(false);
            _session = fresh;
            return string.Equals(fresh.Token, used, StringComparison.Ordinal) ? null : fresh.Token;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private async Task<VaultSession> RefreshAsync(VaultSession? current, CancellationToken cancellationToken)
    {
        if (current is null || current.IsExpired(_time.GetUtcNow()))
        {
            return await LoginAsync(cancellationToken).ConfigureAwait(false);
        }

        if (current.Renewable)
        {
            var renewed = await TryRenewAsync(current, cancellationToken).ConfigureAwait(false);
            if (renewed is not null)
            {
                return renewed;
            }
        }

        if (CanLogIn)
        {
            return await LoginAsync(cancellationToken).ConfigureAwait(false);
        }

        // A configured token that cannot be renewed: use it until it expires, then read its source again.
        return current with { Renewable = false, RefreshAt = current.ExpiresAt };
    }

    private async Task<VaultSession?> TryRenewAsync(VaultSession current, CancellationToken cancellationToken)
    {
        var next = CanLogIn ? "logging in again" : "using it until it expires";
        try
        {
            using var response = await _api.SendAsync(
                HttpMethod.Post, "auth/token/renew-self", current.Token, new JsonObject(), "renewing the token", cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                VaultLog.RenewFailed(_logger, _provider, $"HTTP {response.Status}: {VaultErrors.Describe(response, Secrets)}", next);
                return null;
            }

            var (token, lease, renewable) = ReadAuth(response, "renewing the token");
            var now = _time.GetUtcNow();
            if (lease > 0 && current.ExpiresAt is { } before && now + TimeSpan.FromSeconds(lease) <= before + TimeSpan.FromSeconds(1))
            {
                // The lease did not grow: the token reached its max TTL.
                VaultLog.RenewFailed(_logger, _provider, "the token reached its maximum TTL", next);
                return null;
            }

            VaultLog.Renewed(_logger, _provider, lease);
            return VaultSession.Create(string.IsNullOrEmpty(token) ? current.Token : token, now, lease, renewable, CanLogIn);
        }
        catch (KeyProviderException ex)
        {
            VaultLog.RenewFailed(_logger, _provider, ex.Message, next);
            return null;
        }
    }

    private Task<VaultSession> LoginAsync(CancellationToken cancellationToken) => _auth.Method switch
    {
        HashiCorpVaultAuthMethod.AppRole => LoginWithAsync(AppRoleBody(), "AppRole", "check Auth:RoleId and Auth:SecretId (a secret id can expire or run out of uses)", cancellationToken),
        HashiCorpVaultAuthMethod.Kubernetes => LoginWithAsync(KubernetesBody(), "Kubernetes", $"check that the Vault role '{_auth.Role}' is bound to this service account and namespace", cancellationToken),
        _ => UseConfiguredTokenAsync(cancellationToken),
    };

    private JsonObject AppRoleBody()
    {
        var body = new JsonObject { ["role_id"] = _auth.RoleId };
        if (!string.IsNullOrEmpty(_auth.SecretId))
        {
            body["secret_id"] = _auth.SecretId;
        }

        return body;
    }

    private JsonObject KubernetesBody()
    {
        string jwt;
        try
        {
            // Read on every login: projected service account tokens are rotated by the kubelet.
            jwt = File.ReadAllText(_auth.JwtPath).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyProviderException(
                $"Vault key provider '{_provider}' could not read the Kubernetes service account token at Auth:JwtPath '{_auth.JwtPath}' ({ex.GetType().Name}).", ex);
        }

        if (jwt.Length == 0)
        {
            throw new KeyProviderException($"Vault key provider '{_provider}': the service account token file '{_auth.JwtPath}' is empty.");
        }

        return new JsonObject { ["role"] = _auth.Role, ["jwt"] = jwt };
    }

    private async Task<VaultSession> LoginWithAsync(JsonObject body, string method, string hint, CancellationToken cancellationToken)
    {
        var mount = _auth.GetEffectiveMountPath();
        var operation = $"logging in with {method} at auth/{mount}";
        var secrets = Secrets.Append(body["jwt"]?.GetValue<string>());
        using var response = await _api.SendAsync(
            HttpMethod.Post, $"auth/{EscapePath(mount)}/login", null, body, operation, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            var detail = VaultErrors.Describe(response, secrets);
            if (response.Status is 400 or 401 or 403)
            {
                throw new KeyProviderException($"Vault at {_api.Address} refused the {method} login at auth/{mount}/login ({response.Status}: {detail}): {hint}.");
            }

            throw VaultErrors.ForStatus(response, _api.Address, operation, detail);
        }

        var (token, lease, renewable) = ReadAuth(response, operation);
        if (string.IsNullOrEmpty(token))
        {
            throw new KeyProviderException($"Vault at {_api.Address} answered the {method} login at auth/{mount}/login without auth.client_token.");
        }

        VaultLog.LoggedIn(_logger, _provider, _api.Address, _auth.Method, mount, lease, renewable);
        return VaultSession.Create(token, _time.GetUtcNow(), lease, renewable, canReplace: true);
    }

    private async Task<VaultSession> UseConfiguredTokenAsync(CancellationToken cancellationToken)
    {
        var token = !string.IsNullOrWhiteSpace(_auth.Token)
            ? _auth.Token.Trim()
            : Environment.GetEnvironmentVariable(HashiCorpVaultAuthOptions.TokenEnvironmentVariable)?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            throw new KeyProviderException(
                $"Vault key provider '{_provider}' has no token: Auth:Token is not set and the {HashiCorpVaultAuthOptions.TokenEnvironmentVariable} environment variable is empty.");
        }

        using var response = await _api.SendAsync(
            HttpMethod.Get, "auth/token/lookup-self", token, null, "looking up the token", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess || response.Get("data") is not { ValueKind: JsonValueKind.Object } data)
        {
            VaultLog.TokenLookupFailed(_logger, _provider, response.Status);
            return new VaultSession(token, null, null, false);
        }

        var ttl = GetInt64(data, "ttl");
        var renewable = data.TryGetProperty("renewable", out var r) && r.ValueKind == JsonValueKind.True;
        VaultLog.TokenLookedUp(_logger, _provider, ttl, renewable);
        return VaultSession.Create(token, _time.GetUtcNow(), ttl, renewable, canReplace: false);
    }

    private (string? Token, long LeaseSeconds, bool Renewable) ReadAuth(VaultResponse response, string operation)
    {
        if (response.Get("auth") is not { ValueKind: JsonValueKind.Object } auth)
        {
            throw new KeyProviderException($"Vault at {_api.Address} answered without an 'auth' object while {operation}.");
        }

        var token = auth.TryGetProperty("client_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var renewable = auth.TryGetProperty("renewable", out var r) && r.ValueKind == JsonValueKind.True;
        return (token, GetInt64(auth, "lease_duration"), renewable);
    }

    private static long GetInt64(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
