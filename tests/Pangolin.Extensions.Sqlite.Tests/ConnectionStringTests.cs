using Microsoft.Data.Sqlite;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Sqlite.Tests;

/// <summary>Path forms and keywords, checked with Microsoft.Data.Sqlite's own <see cref="SqliteConnectionStringBuilder"/>.</summary>
public sealed class ConnectionStringTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "pangolin-base");

    [Theory]
    [InlineData("sqlite:///srv/data/app.db", "/srv/data/app.db")]
    [InlineData("sqlite:/srv/data/app.db", "/srv/data/app.db")]
    [InlineData("sqlite:////srv/data/app.db", "/srv/data/app.db")]
    [InlineData("SQLITE:///srv/data/my%20app.db", "/srv/data/my app.db")]
    [InlineData("/srv/data/app.db", "/srv/data/app.db")]
    [InlineData("Data Source=/srv/data/app.db", "/srv/data/app.db")]
    public void Absolute_paths_are_kept(string connectionString, string expected)
    {
        Assert.Equal(expected, Build(TestAssets.Resolve(connectionString)).DataSource);
    }

    [Theory]
    [InlineData("sqlite://app.db", "app.db")]
    [InlineData("sqlite:app.db", "app.db")]
    [InlineData("sqlite:data/app.db", "data/app.db")]
    [InlineData("sqlite://./data/../app.db", "app.db")]
    [InlineData("data/app.db", "data/app.db")]
    [InlineData("Data Source=app.db;Mode=ReadWrite", "app.db")]
    public void Relative_paths_resolve_against_the_base_directory(string connectionString, string relative)
    {
        var parts = Build(TestAssets.Resolve(connectionString));

        Assert.Equal(Path.GetFullPath(Path.Combine(Base, relative)), parts.DataSource);
        Assert.False(parts.IsSharedMemory);
    }

    [Fact]
    public void DataDirectory_strings_are_left_to_MicrosoftDataSqlite()
    {
        Assert.Equal("|DataDirectory|app.db", Build(TestAssets.Resolve("Data Source=|DataDirectory|app.db")).DataSource);
    }

    [Theory]
    [InlineData("sqlite::memory:")]
    [InlineData("sqlite://:memory:")]
    [InlineData("sqlite:///:memory:")]
    [InlineData("sqlite://")]
    [InlineData(":memory:")]
    [InlineData("Data Source=:memory:")]
    public void Unnamed_in_memory_databases_become_one_shared_database_of_the_data_source(string connectionString)
    {
        var parts = Build(TestAssets.Resolve(connectionString));

        var cs = new SqliteConnectionStringBuilder(parts.ConnectionString);
        Assert.True(parts.IsSharedMemory);
        Assert.Equal("memory-name", cs.DataSource);
        Assert.Equal(SqliteOpenMode.Memory, cs.Mode);
        Assert.Equal(SqliteCacheMode.Shared, cs.Cache);
    }

    [Fact]
    public void A_named_in_memory_database_keeps_its_name_and_gets_a_shared_cache()
    {
        var parts = Build(TestAssets.Resolve("Data Source=orders;Mode=Memory"));

        var cs = new SqliteConnectionStringBuilder(parts.ConnectionString);
        Assert.True(parts.IsSharedMemory);
        Assert.Equal("orders", cs.DataSource);
        Assert.Equal(SqliteCacheMode.Shared, cs.Cache);
    }

    [Theory]
    [InlineData("ro", SqliteOpenMode.ReadOnly)]
    [InlineData("rw", SqliteOpenMode.ReadWrite)]
    [InlineData("rwc", SqliteOpenMode.ReadWriteCreate)]
    [InlineData("ReadOnly", SqliteOpenMode.ReadOnly)]
    public void The_mode_parameter_takes_SQLite_URI_and_MicrosoftDataSqlite_spellings(string mode, SqliteOpenMode expected)
    {
        var cs = new SqliteConnectionStringBuilder(Build(TestAssets.Resolve($"sqlite:///srv/app.db?mode={mode}")).ConnectionString);

        Assert.Equal(expected, cs.Mode);
    }

    [Fact]
    public void Query_parameters_are_MicrosoftDataSqlite_keywords()
    {
        var cs = new SqliteConnectionStringBuilder(Build(TestAssets.Resolve("sqlite:///srv/app.db?cache=shared&Foreign%20Keys=true&Default%20Timeout=5&pooling=false")).ConnectionString);

        Assert.Equal(SqliteCacheMode.Shared, cs.Cache);
        Assert.True(cs.ForeignKeys);
        Assert.Equal(5, cs.DefaultTimeout);
        Assert.False(cs.Pooling);
    }

    [Fact]
    public void An_unknown_query_parameter_is_a_clear_error_naming_it()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Build(TestAssets.Resolve("sqlite:///srv/app.db?journal=wal")));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'journal'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_are_ignored_by_default_and_never_reach_the_string()
    {
        var parts = Build(TestAssets.Resolve("sqlite:///srv/app.db", ("password", "s3cr3t"), ("username", "nobody")));

        Assert.Equal(["password", "username"], parts.IgnoredCredentials.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("s3cr3t", parts.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(parts.ConnectionString, parts.PublicConnectionString);
    }

    [Fact]
    public void A_clear_text_password_in_the_asset_is_dropped()
    {
        var parts = Build(TestAssets.Resolve("Data Source=/srv/app.db;Password=plain"));

        Assert.True(parts.PasswordDroppedFromConnectionString);
        Assert.DoesNotContain("plain", parts.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Encryption_with_the_default_bundle_is_refused_with_a_clear_message()
    {
        var settings = new PangolinSqliteSettings { UsePasswordAsEncryptionKey = true };

        var ex = Assert.Throws<InvalidOperationException>(() => Build(TestAssets.Resolve("sqlite:///srv/app.db", ("password", "s3cr3t")), settings));

        Assert.Contains("'e_sqlite3' cannot encrypt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'app'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encryption_without_a_password_credential_is_an_invalid_asset()
    {
        var settings = new PangolinSqliteSettings { UsePasswordAsEncryptionKey = true };

        var ex = Assert.Throws<PangolinConnectionException>(() => Build(TestAssets.Resolve("sqlite:///srv/app.db"), settings));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'password'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_apply_last_and_are_checked()
    {
        var settings = new PangolinSqliteSettings();
        settings.ConnectionStringSettings["mode"] = "ReadOnly";
        settings.ConnectionStringSettings["Foreign Keys"] = "true";
        var cs = new SqliteConnectionStringBuilder(Build(TestAssets.Resolve("sqlite:///srv/app.db?mode=rwc"), settings).ConnectionString);
        Assert.Equal(SqliteOpenMode.ReadOnly, cs.Mode);
        Assert.True(cs.ForeignKeys);

        var unknown = new PangolinSqliteSettings();
        unknown.ConnectionStringSettings["journal"] = "wal";
        Assert.Contains("Pangolin:Connections:app:Settings:journal",
            Assert.Throws<InvalidOperationException>(() => Build(TestAssets.Resolve("sqlite:///srv/app.db"), unknown)).Message, StringComparison.Ordinal);

        var password = new PangolinSqliteSettings();
        password.ConnectionStringSettings["Password"] = "from-config";
        var ex = Assert.Throws<InvalidOperationException>(() => Build(TestAssets.Resolve("sqlite:///srv/app.db"), password));
        Assert.Contains("Settings:Password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("from-config", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_credentials_become_keywords()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("Foreign Keys");

        var cs = new SqliteConnectionStringBuilder(Build(TestAssets.Resolve("sqlite:///srv/app.db", ("Foreign Keys", "true")), options: options).ConnectionString);

        Assert.True(cs.ForeignKeys);
    }

    [Fact]
    public void Other_connection_types_are_a_type_mismatch()
    {
        var resolved = TestAssets.Resolve(new ConnectionAssetDefinition(ConnectionType.PostgreSql, "postgresql://db/app", TestAssets.Credentials()));

        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, Assert.Throws<PangolinConnectionException>(() => Build(resolved)).Reason);
    }

    [Fact]
    public void An_asset_without_connection_type_is_recognised_by_the_sqlite_scheme()
    {
        var raw = new Client.PangolinAsset("id", "app", Client.PangolinAsset.ConnectionKind, "sqlite:legacy.db", new Dictionary<string, string> { ["connection_string"] = "sqlite:legacy.db" });
        var asset = ConnectionAssetCodec.Decode(raw, new Client.AssetReference("tests", "local", "app"), "app");
        var resolved = new ResolvedConnection("app", asset, ConnectionCredentials.Empty, DateTimeOffset.UtcNow);

        Assert.Equal(Path.Combine(Base, "legacy.db"), Build(resolved).DataSource);
    }

    private static SqliteConnectionParts Build(ResolvedConnection resolved, PangolinSqliteSettings? settings = null, PangolinConnectionOptions? options = null) =>
        SqliteConnectionStrings.Build(resolved, options, settings ?? new PangolinSqliteSettings(), Base, "memory-name", "Pangolin:Connections:app:Settings");
}
