using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.Testing;

/// <summary>
/// An in-process Pangolin server (0.8.0 wire contract) on Kestrel, serving real HTTP on 127.0.0.1. It covers
/// login and tokens, tenants, catalogs, Iceberg namespaces, the generic asset endpoints and asset deletion, with
/// request recording and fault injection for tests.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await PangolinEmulator.StartAsync();
/// emulator.Store.PutAsset("conns", "databases", "pg", PangolinAssetKinds.DbConnString, "postgresql://h/db",
///     new Dictionary&lt;string, string&gt; { ["connection_type"] = "postgresql" });
/// using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
/// </code>
/// </example>
public sealed class PangolinEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorContext _context;
    private int _stopped;

    private PangolinEmulator(WebApplication app, EmulatorContext context, Uri baseAddress)
    {
        _app = app;
        _context = context;
        BaseAddress = baseAddress;
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The authentication mode the emulator runs in.</summary>
    public PangolinAuthMode AuthMode => _context.AuthMode;

    /// <summary>Direct, thread-safe access to the emulator's data (no HTTP, no permission checks).</summary>
    public EmulatorStore Store => _context.Store;

    /// <summary>A snapshot of the answered requests, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _context.Recorder.Snapshot();

    /// <summary>When <see langword="true"/>, every request is answered 503 with an empty body (an outage).</summary>
    public bool Offline
    {
        get => _context.Faults.Offline;
        set => _context.Faults.Offline = value;
    }

    /// <summary>When set and returning <see langword="true"/> for a request, that request is answered 503 with an empty body.</summary>
    public Func<HttpContext, bool>? FailWhen
    {
        get => _context.Faults.Predicate;
        set => _context.Faults.Predicate = value;
    }

    /// <summary>An artificial latency added before every request is handled (real time, not the emulator clock).</summary>
    public TimeSpan ResponseDelay
    {
        get => _context.Faults.Delay;
        set => _context.Faults.Delay = value < TimeSpan.Zero ? TimeSpan.Zero : value;
    }

    /// <summary>Starts an emulator and waits until it accepts connections.</summary>
    /// <param name="options">Settings; the defaults give a NO_AUTH server on a random port.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator. Dispose it to stop it.</returns>
    public static async Task<PangolinEmulator> StartAsync(
        PangolinEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PangolinEmulatorOptions();
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }

        var store = new EmulatorStore();
        Seed(store, options);
        var context = new EmulatorContext(options, store);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PangolinEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // Isolate from the host process: no appsettings.json, ASPNETCORE_* or DOTNET_* settings (Kestrel endpoints,
        // logging) may leak in. Only what the options say applies.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = JsonBodyReader.DrainLimitBytes;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var app = builder.Build();
        app.Use((http, next) => Middleware.RequestId(http, next));
        app.Use((http, next) => Middleware.Record(context, http, next));
        app.Use((http, next) => Middleware.Faults(context, http, next));
        app.Use((http, next) => Middleware.Throttle(context, http, next));
        app.Use((http, next) => Middleware.Authenticate(context, http, next));
        app.UseRouting();
        new HealthEndpoints(context).Map(app);
        new UserEndpoints(context).Map(app);
        new TokenEndpoints(context).Map(app);
        new TenantEndpoints(context).Map(app);
        new CatalogEndpoints(context).Map(app);
        new NamespaceEndpoints(context).Map(app);
        new AssetEndpoints(context).Map(app);
        new DeleteEndpoints(context).Map(app);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel did not report its address.");
        var address = addresses.Addresses.First();
        var port = new Uri(address).Port;
        return new PangolinEmulator(app, context, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
    }

    /// <summary>
    /// Counts answered requests. <paramref name="pathPrefixOrExact"/> matches the path exactly or as a whole-segment
    /// prefix (<c>/api/v1/catalogs</c> matches <c>/api/v1/catalogs/c</c>, not <c>/api/v1/catalogsX</c>). The query
    /// string is ignored.
    /// </summary>
    /// <param name="method">The HTTP method (case-insensitive), or <c>*</c> for any.</param>
    /// <param name="pathPrefixOrExact">The path or path prefix, e.g. <c>/api/v1/catalogs/c/namespaces/db/assets/pg</c>.</param>
    /// <returns>The number of matching requests.</returns>
    public int CountRequests(string method, string pathPrefixOrExact)
    {
        ArgumentNullException.ThrowIfNull(pathPrefixOrExact);
        return _context.Recorder.Count(method, pathPrefixOrExact);
    }

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests() => _context.Recorder.Clear();

    /// <summary>Answers the next <paramref name="count"/> requests (any path) with <paramref name="status"/> and an empty body.</summary>
    /// <param name="count">How many requests fail; 0 cancels a pending countdown.</param>
    /// <param name="status">The status to answer; 503 by default.</param>
    public void FailNextRequests(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _context.Faults.FailNext(count, (int)status);
    }

    /// <summary>Clears every fault: <see cref="Offline"/>, <see cref="FailWhen"/>, pending failures and <see cref="ResponseDelay"/>.</summary>
    public void ResetFaults() => _context.Faults.Reset();

    /// <summary>
    /// Mints a bearer token for a seeded user without calling login (no rate limit). The token is signed with the
    /// emulator's secret and carries the user's id, name, tenant and role.
    /// </summary>
    /// <param name="username">A user from <see cref="EmulatorStore.Users"/>, e.g. the seeded <c>tenant_admin</c>.</param>
    /// <param name="tenantId">The user's tenant, to disambiguate; any tenant when <see langword="null"/>.</param>
    /// <param name="lifetime">The token lifetime; <see cref="PangolinEmulatorOptions.TokenLifetime"/> by default.</param>
    /// <returns>The JWT (without the <c>Bearer </c> prefix).</returns>
    public string IssueToken(string username, Guid? tenantId = null, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(username);
        var user = _context.Store.FindUser(username, tenantId)
            ?? throw new InvalidOperationException($"No emulator user named '{username}'.");
        var tenant = user.Role == PangolinRole.Root ? (Guid?)null : user.TenantId;
        return _context.IssueToken(user.Id, user.Username, tenant, user.Role, lifetime).Token;
    }

    /// <summary>Mints a bearer token for the env root user (requires root credentials in the options).</summary>
    /// <param name="lifetime">The token lifetime; <see cref="PangolinEmulatorOptions.TokenLifetime"/> by default.</param>
    /// <returns>The JWT (without the <c>Bearer </c> prefix).</returns>
    public string IssueRootToken(TimeSpan? lifetime = null)
    {
        if (!_context.RootConfigured)
        {
            throw new InvalidOperationException("Root credentials are not configured.");
        }

        return _context.IssueToken(EmulatorContext.RootLoginUserId, _context.RootUser!, null, PangolinRole.Root, lifetime).Token;
    }

    /// <summary>Stops the server. Safe to call more than once.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private static void Seed(EmulatorStore store, PangolinEmulatorOptions options)
    {
        // The seeded admin: id nil, default tenant, role tenant-admin, email <user>@example.com (main.rs).
        store.AddUser(new EmulatorUser
        {
            Id = Guid.Empty,
            Username = options.AdminUser,
            Password = options.AdminPassword,
            Role = PangolinRole.TenantAdmin,
            TenantId = EmulatorStore.DefaultTenantId,
        });
        foreach (var user in options.Users)
        {
            store.AddUser(user);
        }

        foreach (var key in options.ApiKeys)
        {
            store.AddApiKey(key);
        }
    }

    /// <summary>Keeps the host from hooking Ctrl+C and process exit: the owner decides when to stop.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
