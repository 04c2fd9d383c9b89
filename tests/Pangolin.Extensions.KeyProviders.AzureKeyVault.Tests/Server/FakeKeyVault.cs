using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests.Server;

/// <summary>
/// A local HTTPS endpoint (Kestrel on 127.0.0.1, port 0, a certificate made by the test) that answers
/// <c>GET /secrets/{name}[/{version}]?api-version=…</c> as Azure Key Vault documents it: the challenge flow (a request
/// without a bearer token gets <c>401</c> with <c>WWW-Authenticate: Bearer authorization="…", resource="…"</c>),
/// the secret bundle <c>{"value","id","attributes":{…},"tags":{…}}</c>, and error bodies
/// <c>{"error":{"code","message"}}</c> for 401, 403 and 404 <c>SecretNotFound</c>.
/// </summary>
public sealed class FakeKeyVault : IAsyncDisposable
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, List<(string Version, string Value, DateTimeOffset Created)>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeKeyVault(WebApplication app) => _app = app;

    public Uri VaultUri { get; private set; } = null!;

    /// <summary>Bearer tokens the vault accepts.</summary>
    public ConcurrentDictionary<string, bool> AcceptedTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Accepted tokens whose identity has no data-plane role: they get 403.</summary>
    public ConcurrentDictionary<string, bool> ForbiddenTokens { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeKeyVault> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var vault = new FakeKeyVault(app);
        app.Run(vault.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        vault.VaultUri = new Uri(address + "/");
        return vault;
    }

    /// <summary>Sets a new version of a secret.</summary>
    /// <returns>The version id.</returns>
    public string SetSecret(string name, string value)
    {
        var version = Guid.NewGuid().ToString("N");
        var versions = _secrets.GetOrAdd(name, _ => []);
        lock (versions)
        {
            versions.Add((version, value, DateTimeOffset.UtcNow));
        }

        return version;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? string.Empty, request.Query["api-version"].ToString(), authorization));

        if (string.IsNullOrEmpty(request.Query["api-version"]))
        {
            await ErrorAsync(context, 400, "BadParameter", "The api-version query parameter is missing.");
            return;
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            Challenge(context);
            await ErrorAsync(context, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }

        var token = authorization["Bearer ".Length..];
        if (!AcceptedTokens.ContainsKey(token))
        {
            Challenge(context);
            await ErrorAsync(context, 401, "Unauthorized", "AKV10032: Invalid issuer. Expected one of https://sts.windows.net/" + TenantId + "/.");
            return;
        }

        if (ForbiddenTokens.ContainsKey(token))
        {
            await ErrorAsync(context, 403, "Forbidden",
                "Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'",
                new JsonObject { ["code"] = "ForbiddenByRbac" });
            return;
        }

        var segments = (request.Path.Value ?? string.Empty).Trim('/').Split('/');
        if (request.Method != "GET" || segments.Length is < 2 or > 3 || segments[0] != "secrets")
        {
            await ErrorAsync(context, 400, "BadParameter", "Unsupported request.");
            return;
        }

        var name = segments[1];
        var wanted = segments.Length == 3 && segments[2].Length > 0 ? segments[2] : null;
        (string Version, string Value, DateTimeOffset Created)? found = null;
        if (_secrets.TryGetValue(name, out var versions))
        {
            lock (versions)
            {
                found = wanted is null ? versions[^1] : versions.FirstOrDefault(v => v.Version == wanted) is { Version: not null } match ? match : null;
            }
        }

        if (found is not { } secret)
        {
            await ErrorAsync(context, 404, "SecretNotFound",
                $"A secret with (name/id) {name}{(wanted is null ? string.Empty : "/" + wanted)} was not found in this key vault. "
                + "If you recently deleted this secret you may be able to recover it using the correct recovery command.");
            return;
        }

        var created = secret.Created.ToUnixTimeSeconds();
        await WriteAsync(context, 200, new JsonObject
        {
            ["value"] = secret.Value,
            ["id"] = $"{VaultUri}secrets/{name}/{secret.Version}",
            ["attributes"] = new JsonObject
            {
                ["enabled"] = true,
                ["created"] = created,
                ["updated"] = created,
                ["recoveryLevel"] = "Recoverable+Purgeable",
                ["recoverableDays"] = 90,
            },
            ["tags"] = new JsonObject { ["file-encoding"] = "utf-8" },
        });
    }

    private static void Challenge(HttpContext context) =>
        context.Response.Headers.WWWAuthenticate =
            $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"https://vault.azure.net\"";

    private static Task ErrorAsync(HttpContext context, int status, string code, string message, JsonObject? inner = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (inner is not null)
        {
            error["innererror"] = inner;
        }

        return WriteAsync(context, status, new JsonObject { ["error"] = error });
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}

/// <summary>One request as the server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, string ApiVersion, string Authorization);
