using MySqlConnector;
using Npgsql;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Samples.Tests;

/// <summary>Creates a throwaway PostgreSQL database + role and MariaDB database + user on the provisioned servers.</summary>
internal static class ProvisionedDatabases
{
    public static async Task<(string Host, int Port, string Database, string User, string Password)> CreatePostgresAsync(string prefix)
    {
        var admin = new NpgsqlConnectionStringBuilder(TestServers.PostgresAdminConnectionString);
        var name = $"{prefix}_{Guid.NewGuid():N}"[..30];
        var password = Guid.NewGuid().ToString("N");
        await using var dataSource = NpgsqlDataSource.Create(admin.ConnectionString);
        await using (var role = dataSource.CreateCommand($"CREATE ROLE {name} LOGIN PASSWORD '{password}'"))
        {
            await role.ExecuteNonQueryAsync();
        }

        await using (var database = dataSource.CreateCommand($"CREATE DATABASE {name} OWNER {name}"))
        {
            await database.ExecuteNonQueryAsync();
        }

        return (admin.Host!, admin.Port, name, name, password);
    }

    public static async Task<(string Host, int Port, string Database, string User, string Password)> CreateMariaDbAsync(string prefix)
    {
        var admin = new MySqlConnectionStringBuilder(TestServers.MariaDbAdminConnectionString);
        var name = $"{prefix}_{Guid.NewGuid():N}"[..30];
        var password = Guid.NewGuid().ToString("N");
        await using var connection = new MySqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            $"CREATE DATABASE {name}",
            $"CREATE USER '{name}'@'127.0.0.1' IDENTIFIED BY '{password}'",
            $"CREATE USER '{name}'@'localhost' IDENTIFIED BY '{password}'",
            $"GRANT ALL ON {name}.* TO '{name}'@'127.0.0.1'",
            $"GRANT ALL ON {name}.* TO '{name}'@'localhost'",
        })
        {
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        return (admin.Server, (int)admin.Port, name, name, password);
    }
}
