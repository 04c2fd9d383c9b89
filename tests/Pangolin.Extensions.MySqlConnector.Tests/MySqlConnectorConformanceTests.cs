using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Conformance;
using Pangolin.Extensions.DependencyInjection;

namespace Pangolin.Extensions.MySqlConnector.Tests;

public sealed class MySqlConnectorConformanceTests : RelationalConformanceTests<MySqlDataSource, MySqlConnection>
{
    protected override (string Key, string ConfigValue, string CodeValue) PrecedenceSetting => ("Maximum Pool Size", "17", "23");

    protected override ConnectionAssetDefinition CreateAsset(string database, string password) =>
        new(ConnectionType.MySql, $"mysql://db.example.com:3306/{database}?ssl-mode=PREFERRED",
            new ConnectionCredentials(new Dictionary<string, string> { ["username"] = "app", ["password"] = password }));

    protected override ConnectionAssetDefinition CreateAssetOfAnotherType() =>
        new(ConnectionType.PostgreSql, "postgresql://db.example.com:5432/orders",
            new ConnectionCredentials(new Dictionary<string, string> { ["username"] = "app", ["password"] = Password }));

    protected override void AddConnection(IPangolinConnectionsBuilder builder, string connectionName, object? serviceKey = null, bool registerAsDefault = false) =>
        builder.AddMySqlDataSource(connectionName, serviceKey: serviceKey, registerAsDefault: registerAsDefault);

    protected override void AddConnectionWithCodeSetting(IPangolinConnectionsBuilder builder, string connectionName, string value) =>
        builder.AddMySqlDataSource(connectionName, settings => settings.ConnectionStringSettings[PrecedenceSetting.Key] = value);

    protected override string? ReadSetting(MySqlDataSource dataSource, string key) =>
        Convert.ToString(new MySqlConnectionStringBuilder(dataSource.ConnectionString)[key], System.Globalization.CultureInfo.InvariantCulture);

    protected override string? ReadDatabase(MySqlDataSource dataSource) => new MySqlConnectionStringBuilder(dataSource.ConnectionString).Database;
}
