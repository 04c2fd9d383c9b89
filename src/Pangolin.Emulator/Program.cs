using System.Globalization;
using System.Runtime.InteropServices;
using Pangolin.Extensions.Testing;

// Standalone Pangolin emulator: dotnet run --project src/Pangolin.Emulator -- --port 8080
const string Usage = """
    Pangolin server emulator (Pangolin 0.8.0 wire contract, memory store).

    Usage: Pangolin.Emulator [options]

      --port N                 Loopback port to listen on (default 8080; 0 picks a free port).
      --auth none|required     none (default) = PANGOLIN_NO_AUTH=true; required = every request must authenticate.
      --root-user NAME         Env root user (PANGOLIN_ROOT_USER); needs --root-password.
      --root-password SECRET   Env root password (PANGOLIN_ROOT_PASSWORD).
      --admin-user NAME        Seeded tenant admin in the default tenant (default tenant_admin).
      --admin-password SECRET  Password of the seeded tenant admin (PANGOLIN_ADMIN_PASSWORD).
      --duplicates upsert|reject
                               Duplicate asset registration: upsert (default, memory/Mongo store: 201, new id)
                               or reject (SQL stores: 500 "Failed to persist asset").
      --login-rate-limit N     Requests per IP per 60 s on the login endpoint (default 10; 0 disables).
      --seed-catalog NAME[:NS] Create a catalog (and namespace NS, dotted; default "default"). Repeatable.
      --help                   Show this help.

    Prints "Pangolin emulator listening on http://127.0.0.1:PORT" once ready; stops on Ctrl+C or SIGTERM.
    """;

var options = new PangolinEmulatorOptions { Port = 8080 };
var seeds = new List<(string Catalog, string Namespace)>();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        var arg = args[i];
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
        switch (arg)
        {
            case "--help" or "-h":
                Console.Out.Write(Usage);
                return 0;
            case "--port":
                options.Port = ParseInt(arg, Value(), 0, 65535);
                break;
            case "--auth":
                options.AuthMode = Value() switch
                {
                    "none" => PangolinAuthMode.NoAuth,
                    "required" => PangolinAuthMode.Required,
                    var other => throw new ArgumentException($"--auth must be none or required, not '{other}'."),
                };
                break;
            case "--root-user":
                options.RootUser = Value();
                break;
            case "--root-password":
                options.RootPassword = Value();
                break;
            case "--admin-user":
                options.AdminUser = Value();
                break;
            case "--admin-password":
                options.AdminPassword = Value();
                break;
            case "--duplicates":
                options.DuplicatePolicy = Value() switch
                {
                    "upsert" => DuplicateAssetPolicy.Upsert,
                    "reject" => DuplicateAssetPolicy.Reject,
                    var other => throw new ArgumentException($"--duplicates must be upsert or reject, not '{other}'."),
                };
                break;
            case "--login-rate-limit":
                options.LoginRateLimit = ParseInt(arg, Value(), 0, int.MaxValue);
                break;
            case "--seed-catalog":
                var seed = Value();
                var colon = seed.IndexOf(':', StringComparison.Ordinal);
                seeds.Add(colon < 0 ? (seed, "default") : (seed[..colon], seed[(colon + 1)..]));
                break;
            default:
                throw new ArgumentException($"Unknown option '{arg}'. Use --help.");
        }
    }

    if (string.IsNullOrEmpty(options.RootUser) != string.IsNullOrEmpty(options.RootPassword))
    {
        throw new ArgumentException("--root-user and --root-password go together.");
    }
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
    return 2;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

await using var emulator = await PangolinEmulator.StartAsync(options).ConfigureAwait(false);
foreach (var (catalog, ns) in seeds)
{
    emulator.Store.CreateCatalog(catalog);
    emulator.Store.CreateNamespace(catalog, ns);
}

var root = emulator.BaseAddress.GetLeftPart(UriPartial.Authority);
await Console.Out.WriteLineAsync($"Pangolin emulator listening on {root}").ConfigureAwait(false);
await Console.Out.FlushAsync().ConfigureAwait(false);
await stop.Task.ConfigureAwait(false);
return 0;

static int ParseInt(string option, string text, int min, int max) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
        ? value
        : throw new ArgumentException($"{option} must be a whole number between {min} and {max}, not '{text}'.");
