using System.Data.Common;
using Microsoft.Data.SqlClient;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.SqlClient.Tests;

/// <summary>
/// What assets turn into, checked against SqlClient's own <see cref="SqlConnectionStringBuilder"/> and ADO.NET's generic
/// <see cref="DbConnectionStringBuilder"/> parser (no SQL Server runs here).
/// </summary>
public sealed class ConnectionStringTests
{
    private const string Nasty = "P@ss;w0rd='\"{x}=y;Encrypt=False;Trust Server Certificate=True;Server=evil";

    [Fact]
    public void Pypangolin_synapse_credentials_give_server_database_and_a_credential_login()
    {
        var parts = Build(TestAssets.Resolve(TestAssets.SynapseDefinition("sales", Nasty)));

        var cs = new SqlConnectionStringBuilder(parts.ConnectionString);
        Assert.Equal("tcp:" + TestAssets.Workspace + ",1433", cs.DataSource);
        Assert.Equal("sales", cs.InitialCatalog);
        Assert.Equal(SqlConnectionEncryptOption.Mandatory, cs.Encrypt);
        Assert.False(cs.TrustServerCertificate);
        Assert.Equal(string.Empty, cs.Password);
        Assert.Equal(string.Empty, cs.UserID);
        Assert.Equal("svc_reader", parts.UserId);
        Assert.Equal(Nasty, parts.Password);
        Assert.True(parts.OdbcDriverIgnored);
        Assert.Empty(parts.IgnoredCredentials);
    }

    [Fact]
    public void A_password_full_of_delimiters_adds_no_attribute()
    {
        var parts = Build(TestAssets.Resolve(TestAssets.SynapseDefinition("sales", Nasty)));

        // ADO.NET's generic parser sees exactly the attributes we set, whatever the password holds.
        var generic = new DbConnectionStringBuilder { ConnectionString = parts.ConnectionString };
        Assert.Equal(["data source", "encrypt", "initial catalog"], generic.Keys.Cast<string>().Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("evil", parts.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("P@ss", parts.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_name_that_stays_in_the_string_is_quoted_into_exactly_one_attribute()
    {
        // No password (managed identity): the user name is kept in the string and must not inject anything.
        const string user = "id;Server=evil;Password='x\"{y}";
        var parts = Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app?Authentication=ActiveDirectoryManagedIdentity", ("username", user)));

        var generic = new DbConnectionStringBuilder { ConnectionString = parts.ConnectionString };
        Assert.Equal(user, generic["User ID"]);
        Assert.False(generic.ContainsKey("Password"));
        Assert.Equal("tcp:db.internal,1433", new SqlConnectionStringBuilder(parts.ConnectionString).DataSource);
        Assert.Null(parts.Password);
    }

    [Theory]
    [InlineData("tcp:contoso-ws.sql.azuresynapse.net,1433", "tcp:contoso-ws.sql.azuresynapse.net,1433")]
    [InlineData("contoso-ws.sql.azuresynapse.net", "contoso-ws.sql.azuresynapse.net")]
    [InlineData("contoso-ws-ondemand.sql.azuresynapse.net,1433", "contoso-ws-ondemand.sql.azuresynapse.net,1433")]
    [InlineData("contoso-ws.sql.azuresynapse.net:1433", "contoso-ws.sql.azuresynapse.net,1433")]
    [InlineData("sqlhost\\INST1", "sqlhost\\INST1")]
    [InlineData(" tcp:10.0.0.5,14330 ", "tcp:10.0.0.5,14330")]
    public void The_synapse_server_credential_is_used_as_SqlClient_writes_servers(string server, string expected)
    {
        var parts = Build(TestAssets.Resolve(TestAssets.SynapseDefinition("sales", "pw", server)));

        Assert.Equal(expected, new SqlConnectionStringBuilder(parts.ConnectionString).DataSource);
    }

    [Fact]
    public void The_synapse_url_supplies_the_server_when_no_server_credential_exists()
    {
        var parts = Build(TestAssets.Resolve(ConnectionType.Synapse, "synapse://contoso-ws.sql.azuresynapse.net/dw", ("username", "u"), ("password", "p")));

        var cs = new SqlConnectionStringBuilder(parts.ConnectionString);
        Assert.Equal("tcp:contoso-ws.sql.azuresynapse.net,1433", cs.DataSource);
        Assert.Equal("dw", cs.InitialCatalog);
    }

    [Fact]
    public void The_server_and_database_credentials_win_over_the_synapse_url()
    {
        var parts = Build(TestAssets.Resolve(ConnectionType.Synapse, "synapse://other.sql.azuresynapse.net/otherdb",
            ("server", "tcp:contoso-ws.sql.azuresynapse.net,1433"), ("database", "sales"), ("username", "u"), ("password", "p")));

        var cs = new SqlConnectionStringBuilder(parts.ConnectionString);
        Assert.Equal("tcp:contoso-ws.sql.azuresynapse.net,1433", cs.DataSource);
        Assert.Equal("sales", cs.InitialCatalog);
    }

    [Fact]
    public void A_synapse_asset_with_free_text_and_a_server_credential_ignores_the_text_like_pypangolin()
    {
        var parts = Build(TestAssets.Resolve(ConnectionType.Synapse, "our warehouse", ("server", "ws.sql.azuresynapse.net"), ("username", "u"), ("password", "p")));

        Assert.True(parts.ConnectionStringIgnored);
        Assert.Equal("ws.sql.azuresynapse.net", parts.DataSource);
    }

    [Fact]
    public void A_synapse_asset_without_any_server_is_a_clear_error()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Build(TestAssets.Resolve(ConnectionType.Synapse, "synapse://", ("username", "u"), ("password", "p"))));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'server' credential", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlserver://db.internal", "tcp:db.internal,1433", "")]
    [InlineData("sqlserver://db.internal/app", "tcp:db.internal,1433", "app")]
    [InlineData("mssql://db.internal:14330/app", "tcp:db.internal,14330", "app")]
    [InlineData("SQLSERVER://10.1.2.3:1444/my%20db", "tcp:10.1.2.3,1444", "my db")]
    [InlineData("sqlserver://[::1]:1433/app", "tcp:::1,1433", "app")]
    public void Url_forms_give_a_tcp_data_source_with_port_1433_by_default(string url, string dataSource, string database)
    {
        var parts = Build(TestAssets.Resolve(ConnectionType.SqlServer, url, ("username", "u"), ("password", "p")));

        var cs = new SqlConnectionStringBuilder(parts.ConnectionString);
        Assert.Equal(dataSource, cs.DataSource);
        Assert.Equal(database, cs.InitialCatalog);
        Assert.Equal(SqlConnectionEncryptOption.Mandatory, cs.Encrypt);
    }

    [Fact]
    public void Url_query_parameters_are_SqlClient_keywords()
    {
        var parts = Build(TestAssets.Resolve(ConnectionType.SqlServer,
            "sqlserver://db.internal/app?Application%20Name=orders&MultiSubnetFailover=true&Encrypt=Strict&Connect%20Timeout=5", ("username", "u"), ("password", "p")));

        var cs = new SqlConnectionStringBuilder(parts.ConnectionString);
        Assert.Equal("orders", cs.ApplicationName);
        Assert.True(cs.MultiSubnetFailover);
        Assert.Equal(SqlConnectionEncryptOption.Strict, cs.Encrypt);
        Assert.Equal(5, cs.ConnectTimeout);
    }

    [Fact]
    public void An_unknown_url_parameter_is_a_clear_error_naming_it()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() =>
            Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app?sslmode=require", ("username", "u"), ("password", "p"))));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'sslmode'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_value_strings_are_read_with_SqlClients_parser()
    {
        var parts = Build(TestAssets.Resolve(ConnectionType.SqlServer, "Server=tcp:db.internal,1433;Database=app;Max Pool Size=20", ("username", "u"), ("password", Nasty)));

        var cs = new SqlConnectionStringBuilder(parts.ConnectionString);
        Assert.Equal("tcp:db.internal,1433", cs.DataSource);
        Assert.Equal("app", cs.InitialCatalog);
        Assert.Equal(20, cs.MaxPoolSize);
        Assert.Equal(Nasty, parts.Password);
    }

    [Fact]
    public void A_clear_text_password_in_the_asset_string_is_a_fallback_taken_out_of_the_string()
    {
        var quoted = new SqlConnectionStringBuilder { DataSource = "db.internal", UserID = "legacy", Password = Nasty }.ConnectionString;

        var parts = Build(TestAssets.Resolve(ConnectionType.SqlServer, quoted));

        Assert.Equal("legacy", parts.UserId);
        Assert.Equal(Nasty, parts.Password);
        Assert.True(parts.PasswordFromConnectionString);
        Assert.Equal(string.Empty, new SqlConnectionStringBuilder(parts.ConnectionString).Password);
    }

    [Fact]
    public void Url_user_info_is_percent_decoded_and_the_encrypted_credentials_win()
    {
        var fromUrl = Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://svc:p%40ss%3Bw%3D0rd@db.internal/app"));
        Assert.Equal(("svc", "p@ss;w=0rd"), (fromUrl.UserId, fromUrl.Password));

        var fromCredentials = Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://svc:old@db.internal/app", ("username", "svc2"), ("password", "new")));
        Assert.Equal(("svc2", "new"), (fromCredentials.UserId, fromCredentials.Password));
        Assert.False(fromCredentials.PasswordFromConnectionString);
    }

    [Fact]
    public void Encrypt_is_mandatory_by_default_and_the_asset_cannot_weaken_TLS()
    {
        var parts = Build(TestAssets.Resolve(ConnectionType.SqlServer, "Server=db.internal;Encrypt=False;TrustServerCertificate=True", ("username", "u"), ("password", "p")));

        var cs = new SqlConnectionStringBuilder(parts.ConnectionString);
        Assert.Equal(SqlConnectionEncryptOption.Mandatory, cs.Encrypt);
        Assert.False(cs.TrustServerCertificate);
        Assert.Equal(["TrustServerCertificate", "Encrypt"], parts.DroppedKeywords);
    }

    [Fact]
    public void Settings_may_trust_the_server_certificate_and_relax_encryption()
    {
        var settings = new PangolinSqlClientSettings();
        settings.ConnectionStringSettings["TrustServerCertificate"] = "true";
        settings.ConnectionStringSettings["Encrypt"] = "Optional";

        var parts = Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://localhost/app", ("username", "u"), ("password", "p")), settings: settings);

        var cs = new SqlConnectionStringBuilder(parts.ConnectionString);
        Assert.True(cs.TrustServerCertificate);
        Assert.Equal(SqlConnectionEncryptOption.Optional, cs.Encrypt);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("server")]
    [InlineData("database")]
    [InlineData("port")]
    public void Sql_server_credentials_that_move_the_connection_are_refused_by_default(string name)
    {
        var ex = Assert.Throws<PangolinConnectionException>(() =>
            Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app", ("username", "u"), ("password", "p"), (name, "1444"))));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_credential_on_a_synapse_asset_is_an_override_too()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() =>
            Build(TestAssets.Resolve(ConnectionType.Synapse, "synapse://ws.sql.azuresynapse.net", ("username", "u"), ("password", "p"), ("host", "evil.example.com"))));

        Assert.Contains("'host'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_overrides_move_host_port_and_database()
    {
        var options = new PangolinConnectionOptions { AllowCredentialOverrides = true };
        var resolved = TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal:1500/app",
            ("username", "u"), ("password", "p"), ("host", "replica.internal"), ("database", "reporting"));

        var cs = new SqlConnectionStringBuilder(Build(resolved, options).ConnectionString);

        Assert.Equal("tcp:replica.internal,1500", cs.DataSource);
        Assert.Equal("reporting", cs.InitialCatalog);

        var server = new SqlConnectionStringBuilder(Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app",
            ("username", "u"), ("password", "p"), ("server", "other.internal:1444")), options).ConnectionString);
        Assert.Equal("other.internal,1444", server.DataSource);

        var port = new SqlConnectionStringBuilder(Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app",
            ("username", "u"), ("password", "p"), ("port", "1444")), options).ConnectionString);
        Assert.Equal("tcp:db.internal,1444", port.DataSource);
    }

    [Fact]
    public void Unknown_credentials_are_ignored_and_allowed_ones_become_keywords()
    {
        var resolved = TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app",
            ("username", "u"), ("password", "p"), ("Application Name", "billing"), ("sslmode", "require"));

        var ignored = Build(resolved);
        Assert.Equal(["Application Name", "sslmode"], ignored.IgnoredCredentials.Order(StringComparer.Ordinal));
        Assert.False(new SqlConnectionStringBuilder(ignored.ConnectionString).ShouldSerialize("Application Name"));

        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("Application Name");
        var allowed = Build(resolved, options);
        Assert.Equal("billing", new SqlConnectionStringBuilder(allowed.ConnectionString).ApplicationName);
        Assert.Equal(["sslmode"], allowed.IgnoredCredentials);
    }

    [Fact]
    public void An_allowed_credential_that_is_not_a_keyword_names_the_credential_not_the_value()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("Connect Timeout");
        var resolved = TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app", ("username", "u"), ("password", "p"), ("Connect Timeout", "s3cr3t-value"));

        var ex = Assert.Throws<PangolinConnectionException>(() => Build(resolved, options));

        Assert.Contains("'Connect Timeout'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_apply_last_and_are_checked_against_SqlClient_keywords()
    {
        var settings = new PangolinSqlClientSettings();
        settings.ConnectionStringSettings["connection timeout"] = "3";
        settings.ConnectionStringSettings["Max Pool Size"] = "7";
        var parts = Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app?Connect%20Timeout=30", ("username", "u"), ("password", "p")), settings: settings);
        var cs = new SqlConnectionStringBuilder(parts.ConnectionString);
        Assert.Equal(3, cs.ConnectTimeout);
        Assert.Equal(7, cs.MaxPoolSize);

        var bad = new PangolinSqlClientSettings();
        bad.ConnectionStringSettings["sslmode"] = "require";
        var ex = Assert.Throws<InvalidOperationException>(() => Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app"), settings: bad));
        Assert.Contains("Pangolin:Connections:warehouse:Settings:sslmode", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Password")]
    [InlineData("pwd")]
    public void Settings_may_not_set_the_password(string keyword)
    {
        var settings = new PangolinSqlClientSettings();
        settings.ConnectionStringSettings[keyword] = "from-config";

        var ex = Assert.Throws<InvalidOperationException>(() => Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app"), settings: settings));

        Assert.Contains($"Settings:{keyword}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("from-config", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_without_a_user_name_is_a_clear_error()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Build(TestAssets.Resolve(ConnectionType.SqlServer, "sqlserver://db.internal/app", ("password", "p"))));

        Assert.Contains("'username'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://db.internal:5432/app")]
    [InlineData("sqlserver-ish text without structure")]
    public void Strings_that_are_not_SQL_Server_connection_strings_are_refused(string text)
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Build(TestAssets.Resolve(ConnectionType.SqlServer, text, ("username", "u"), ("password", "p"))));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
    }

    [Fact]
    public void Other_connection_types_are_a_type_mismatch()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Build(TestAssets.Resolve(ConnectionType.PostgreSql, "postgresql://db/app", ("username", "u"), ("password", "p"))));

        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
    }

    [Fact]
    public void ToString_of_parts_and_settings_shows_no_secret()
    {
        var parts = Build(TestAssets.Resolve(TestAssets.SynapseDefinition("sales", "s3cr3t")));
        var settings = new PangolinSqlClientSettings();
        settings.ConnectionStringSettings["Application Name"] = "visible-name-only";

        Assert.DoesNotContain("s3cr3t", parts.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("visible-name-only", settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("Application Name", settings.ToString(), StringComparison.Ordinal);
    }

    private static SqlClientConnectionParts Build(ResolvedConnection resolved, PangolinConnectionOptions? options = null, PangolinSqlClientSettings? settings = null) =>
        SqlClientConnectionStrings.Build(resolved, options, settings ?? new PangolinSqlClientSettings(), "Pangolin:Connections:warehouse:Settings");
}
