using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Conformance;
using Pangolin.Extensions.DependencyInjection;

namespace Pangolin.Extensions.Npgsql.Tests;

public sealed class NpgsqlConformanceTests : RelationalConformanceTests<NpgsqlDataSource, NpgsqlConnection>
{
    protected override (string Key, string ConfigValue, string CodeValue) PrecedenceSetting => ("Maximum Pool Size", "17", "23");

    protected override ConnectionAssetDefinition CreateAsset(string database, string password) =>
        new(ConnectionType.PostgreSql, $"postgresql://db.example.com:5432/{database}?sslmode=prefer",
            new ConnectionCredentials(new Dictionary<string, string> { ["username"] = "app", ["password"] = password }));

    protected override ConnectionAssetDefinition CreateAssetOfAnotherType() =>
        new(ConnectionType.MySql, "mysql://db.example.com:3306/shop",
            new ConnectionCredentials(new Dictionary<string, string> { ["username"] = "app", ["password"] = Password }));

    protected override void AddConnection(IPangolinConnectionsBuilder builder, string connectionName, object? serviceKey = null, bool registerAsDefault = false) =>
        builder.AddNpgsqlDataSource(connectionName, serviceKey: serviceKey, registerAsDefault: registerAsDefault);

    protected override void AddConnectionWithCodeSetting(IPangolinConnectionsBuilder builder, string connectionName, string value) =>
        builder.AddNpgsqlDataSource(connectionName, settings => settings.ConnectionStringSettings[PrecedenceSetting.Key] = value);

    protected override string? ReadSetting(NpgsqlDataSource dataSource, string key) =>
        Convert.ToString(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString)[key], System.Globalization.CultureInfo.InvariantCulture);

    protected override string? ReadDatabase(NpgsqlDataSource dataSource) => new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database;
}
