using Npgsql;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Testing;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.Npgsql.Tests;

/// <summary>
/// A login role with a random password and two databases it owns on the test PostgreSQL server, plus a Pangolin
/// emulator that the assets are registered in over HTTP. Everything is dropped again at the end.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Catalog = "it";
    public const string Namespace = "postgres";

    private readonly List<string> _roles = [];

    public string Prefix { get; } = "pgl_" + Guid.NewGuid().ToString("N")[..10];

    public string Role => Prefix;

    public string Password { get; } = NewPassword();

    public string DatabaseA => Prefix + "_a";

    public string DatabaseB => Prefix + "_b";

    public int Port { get; private set; }

    public FernetKey Key { get; } = FernetKey.Generate();

    public PangolinEmulator Emulator { get; private set; } = null!;

    public PangolinClient Client { get; private set; } = null!;

    public PangolinConnectionAssets Assets { get; private set; } = null!;

    /// <summary>A password with characters that break naive connection strings and SQL.</summary>
    public static string NewPassword() => "Pw;@'\"{x}=" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        Port = new NpgsqlConnectionStringBuilder(TestServers.PostgresAdminConnectionString).Port;
        await CreateRoleAsync(Role, Password);
        await ExecuteAdminAsync($"CREATE DATABASE \"{DatabaseA}\" OWNER \"{Role}\"");
        await ExecuteAdminAsync($"CREATE DATABASE \"{DatabaseB}\" OWNER \"{Role}\"");
        Emulator = await PangolinEmulator.StartAsync();
        Client = PangolinClient.Create(new PangolinClientOptions { Uri = Emulator.BaseAddress });
        Assets = new PangolinConnectionAssets(Client);
        await Client.EnsureCatalogAsync(Catalog);
        await Client.CreateNamespaceAsync(Catalog, [Namespace]);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{DatabaseA}\" WITH (FORCE)");
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{DatabaseB}\" WITH (FORCE)");
        foreach (var role in _roles)
        {
            await ExecuteAdminAsync($"DROP ROLE IF EXISTS \"{role}\"");
        }
    }

    public async Task CreateRoleAsync(string role, string password)
    {
        _roles.Add(role);
        await ExecuteAdminAsync($"CREATE ROLE \"{role}\" LOGIN PASSWORD {Literal(password)}");
    }

    public Task SetPasswordAsync(string role, string password) => ExecuteAdminAsync($"ALTER ROLE \"{role}\" PASSWORD {Literal(password)}");

    public async Task ExecuteAdminAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(TestServers.PostgresAdminConnectionString) { Pooling = false });
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Registers (or replaces) a PostgreSQL asset over HTTP, encrypted with <see cref="Key"/> unless another key is given.</summary>
    public Task RegisterAsync(string name, string connectionString, Dictionary<string, string> credentials, ConnectionType? type = null, FernetKey? key = null) =>
        Assets.RegisterAsync(
            Asset(name),
            new ConnectionAssetDefinition(type ?? ConnectionType.PostgreSql, connectionString, new ConnectionCredentials(credentials)),
            new FernetKeyRing([key ?? Key]),
            new RegisterConnectionOptions { IfExists = AssetExistsBehavior.Replace });

    /// <summary>Registers the fixture role's asset for a database.</summary>
    public Task RegisterDatabaseAsync(string name, string database) =>
        RegisterAsync(name, $"postgresql://127.0.0.1:{Port}/{database}?application_name=pangolin-tests", new() { ["username"] = Role, ["password"] = Password });

    public static AssetReference Asset(string name) => new(Catalog, Namespace, name);

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
