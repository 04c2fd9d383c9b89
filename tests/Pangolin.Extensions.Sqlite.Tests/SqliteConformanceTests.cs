using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Conformance;
using Pangolin.Extensions.DependencyInjection;

namespace Pangolin.Extensions.Sqlite.Tests;

/// <summary>The shared relational checklist; the "database" of a SQLite asset is its file name.</summary>
public sealed class SqliteConformanceTests : RelationalConformanceTests<PangolinSqliteDataSource, SqliteConnection>
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "pangolin-sqlite-conformance");

    protected override (string Key, string ConfigValue, string CodeValue) PrecedenceSetting => ("Default Timeout", "7", "9");

    protected override ConnectionAssetDefinition CreateAsset(string database, string password) =>
        TestAssets.Definition($"sqlite://{Directory}/{database}.db", ("password", password));

    protected override ConnectionAssetDefinition CreateAssetOfAnotherType() =>
        new(ConnectionType.PostgreSql, "postgresql://db.example.com:5432/app", TestAssets.Credentials(("username", "app"), ("password", Password)));

    protected override void AddConnection(IPangolinConnectionsBuilder builder, string connectionName, object? serviceKey = null, bool registerAsDefault = false) =>
        builder.AddSqliteDataSource(connectionName, serviceKey: serviceKey, registerAsDefault: registerAsDefault);

    protected override void AddConnectionWithCodeSetting(IPangolinConnectionsBuilder builder, string connectionName, string value) =>
        builder.AddSqliteDataSource(connectionName, settings => settings.ConnectionStringSettings["Default Timeout"] = value);

    protected override string? ReadSetting(PangolinSqliteDataSource dataSource, string key) =>
        new SqliteConnectionStringBuilder(dataSource.ConnectionString)[key]?.ToString();

    protected override string? ReadDatabase(PangolinSqliteDataSource dataSource) =>
        Path.GetFileNameWithoutExtension(new SqliteConnectionStringBuilder(dataSource.ConnectionString).DataSource);
}
