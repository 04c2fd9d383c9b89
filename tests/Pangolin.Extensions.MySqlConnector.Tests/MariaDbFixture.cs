using MySqlConnector;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Testing;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.MySqlConnector.Tests;

/// <summary>
/// A user with a random password (for both '127.0.0.1' and 'localhost') and two databases it may use on the test
/// MariaDB server, plus a Pangolin emulator that the assets are registered in over HTTP. Dropped again at the end.
/// </summary>
public sealed class MariaDbFixture : IAsyncLifetime
{
    public const string Catalog = "it";
    public const string Namespace = "mariadb";

    private readonly List<string> _users = [];

    public string Prefix { get; } = "myl_" + Guid.NewGuid().ToString("N")[..10];

    public string User => Prefix;

    public string Password { get; } = NewPassword();

    public string DatabaseA => Prefix + "_a";

    public string DatabaseB => Prefix + "_b";

    public uint Port { get; private set; }

    public FernetKey Key { get; } = FernetKey.Generate();

    public PangolinEmulator Emulator { get; private set; } = null!;

    public PangolinClient Client { get; private set; } = null!;

    public PangolinConnectionAssets Assets { get; private set; } = null!;

    /// <summary>A password with characters that break naive connection strings and SQL.</summary>
    public static string NewPassword() => "Pw;@'\"\\{x}=" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        Port = new MySqlConnectionStringBuilder(TestServers.MariaDbAdminConnectionString).Port;
        await ExecuteAdminAsync($"CREATE DATABASE `{DatabaseA}`");
        await ExecuteAdminAsync($"CREATE DATABASE `{DatabaseB}`");
        await CreateUserAsync(User, Password);
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

        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS `{DatabaseA}`");
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS `{DatabaseB}`");
        foreach (var user in _users)
        {
            await ExecuteAdminAsync($"DROP USER IF EXISTS '{user}'@'127.0.0.1', '{user}'@'localhost'");
        }
    }

    /// <summary>Creates a user for both hosts with access to both databases; the password is sent as a parameter.</summary>
    public async Task CreateUserAsync(string user, string password)
    {
        _users.Add(user);
        foreach (var host in new[] { "127.0.0.1", "localhost" })
        {
            await ExecuteAdminAsync($"CREATE USER '{user}'@'{host}' IDENTIFIED BY @password", password);
            await ExecuteAdminAsync($"GRANT ALL PRIVILEGES ON `{DatabaseA}`.* TO '{user}'@'{host}'");
            await ExecuteAdminAsync($"GRANT ALL PRIVILEGES ON `{DatabaseB}`.* TO '{user}'@'{host}'");
        }
    }

    public async Task SetPasswordAsync(string user, string password)
    {
        foreach (var host in new[] { "127.0.0.1", "localhost" })
        {
            await ExecuteAdminAsync($"ALTER USER '{user}'@'{host}' IDENTIFIED BY @password", password);
        }
    }

    public async Task ExecuteAdminAsync(string sql, string? password = null)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(TestServers.MariaDbAdminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        if (password is not null)
        {
            command.Parameters.AddWithValue("@password", password);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Registers (or replaces) a MySQL asset over HTTP, encrypted with <see cref="Key"/> unless another key is given.</summary>
    public Task RegisterAsync(string name, string connectionString, Dictionary<string, string> credentials, ConnectionType? type = null, FernetKey? key = null) =>
        Assets.RegisterAsync(
            Asset(name),
            new ConnectionAssetDefinition(type ?? ConnectionType.MySql, connectionString, new ConnectionCredentials(credentials)),
            new FernetKeyRing([key ?? Key]),
            new RegisterConnectionOptions { IfExists = AssetExistsBehavior.Replace });

    /// <summary>Registers the fixture user's asset for a database.</summary>
    public Task RegisterDatabaseAsync(string name, string database) =>
        RegisterAsync(name, $"mysql://127.0.0.1:{Port}/{database}?ssl-mode=DISABLED", new() { ["username"] = User, ["password"] = Password });

    public static AssetReference Asset(string name) => new(Catalog, Namespace, name);
}
