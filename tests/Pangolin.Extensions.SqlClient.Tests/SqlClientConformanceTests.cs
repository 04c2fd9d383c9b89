using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Conformance;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.SqlClient;

namespace Pangolin.Extensions.SqlClient.Tests;

/// <summary>The shared relational checklist, with Synapse assets in pypangolin's layout.</summary>
public sealed class SqlClientConformanceTests : RelationalConformanceTests<PangolinSqlClientDataSource, SqlConnection>
{
    protected override (string Key, string ConfigValue, string CodeValue) PrecedenceSetting => ("Application Name", "from-config", "from-code");

    protected override ConnectionAssetDefinition CreateAsset(string database, string password) =>
        TestAssets.SynapseDefinition(database, password);

    protected override ConnectionAssetDefinition CreateAssetOfAnotherType() =>
        new(ConnectionType.PostgreSql, "postgresql://db.example.com:5432/app", new ConnectionCredentials([new("username", "app"), new("password", Password)]));

    protected override void AddConnection(IPangolinConnectionsBuilder builder, string connectionName, object? serviceKey = null, bool registerAsDefault = false) =>
        builder.AddSqlServerDataSource(connectionName, serviceKey: serviceKey, registerAsDefault: registerAsDefault);

    protected override void AddConnectionWithCodeSetting(IPangolinConnectionsBuilder builder, string connectionName, string value) =>
        builder.AddSqlServerDataSource(connectionName, settings => settings.ConnectionStringSettings["Application Name"] = value);

    protected override string? ReadSetting(PangolinSqlClientDataSource dataSource, string key) =>
        new SqlConnectionStringBuilder(dataSource.ConnectionString)[key]?.ToString();

    protected override string? ReadDatabase(PangolinSqlClientDataSource dataSource) =>
        new SqlConnectionStringBuilder(dataSource.ConnectionString).InitialCatalog;
}
