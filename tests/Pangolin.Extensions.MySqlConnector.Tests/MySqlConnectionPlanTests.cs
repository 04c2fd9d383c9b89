using MySqlConnector;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;

namespace Pangolin.Extensions.MySqlConnector.Tests;

/// <summary>Connection-string building over pypangolin's MySQL weak spots (contract §5.5).</summary>
public sealed class MySqlConnectionPlanTests
{
    private const string Secret = "s3cr;t'\"@x";

    private static MySqlConnectionStringBuilder Build(string connectionString, Dictionary<string, string>? credentials = null, PangolinConnectionOptions? options = null, Dictionary<string, string>? settings = null) =>
        MySqlConnectionPlan.Create(ResolvedConnections.Create(ConnectionType.MySql, connectionString, credentials), options, settings).Builder;

    private static PangolinConnectionException Fails(string connectionString, Dictionary<string, string>? credentials = null, PangolinConnectionOptions? options = null) =>
        Assert.Throws<PangolinConnectionException>(() => Build(connectionString, credentials, options));

    [Fact]
    public void User_and_password_in_the_url_are_parsed_and_the_password_stays_out()
    {
        var resolved = ResolvedConnections.Create(ConnectionType.MySql, "mysql://legacy:pw%40rd@db.example.com:3307/shop", []);
        var plan = MySqlConnectionPlan.Create(resolved, null, null);

        Assert.Equal("db.example.com", plan.Builder.Server);
        Assert.Equal(3307u, plan.Builder.Port);
        Assert.Equal("shop", plan.Builder.Database);
        Assert.Equal("legacy", plan.Builder.UserID);
        Assert.True(string.IsNullOrEmpty(plan.Builder.Password));
        Assert.True(plan.HasPassword);
        Assert.Equal("pw@rd", MySqlConnectionPlan.GetPassword(resolved));
        Assert.DoesNotContain("pw@rd", plan.Builder.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("password", plan.Builder.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_username_credential_wins_and_the_password_credential_is_used()
    {
        var resolved = ResolvedConnections.Create(ConnectionType.MySql, "mysql://legacy:old@h/db");
        var plan = MySqlConnectionPlan.Create(resolved, null, null);

        Assert.Equal("app", plan.Builder.UserID);
        Assert.Equal(Secret, MySqlConnectionPlan.GetPassword(resolved));
        Assert.DoesNotContain(Secret, plan.Builder.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_literal_with_port()
    {
        var builder = Build("mysql://[::1]:3310/db");
        Assert.Equal("::1", builder.Server);
        Assert.Equal(3310u, builder.Port);
    }

    [Fact]
    public void No_database_keeps_host_and_port()
    {
        var builder = Build("mysql://h:3307");
        Assert.Equal("h", builder.Server);
        Assert.Equal(3307u, builder.Port);
        Assert.True(string.IsNullOrEmpty(builder.Database));
    }

    [Fact]
    public void The_default_port_is_3306()
    {
        Assert.Equal(3306u, Build("mysql://h/db").Port);
        Assert.Equal(3306u, Build("mariadb://h/db").Port);
        Assert.Equal(3306u, Build("Server=h;Database=db").Port);
    }

    [Fact]
    public void Query_parameters_map_to_mysqlconnector_keywords_and_stay_out_of_the_database()
    {
        var builder = Build("mysql://h/db?ssl-mode=VERIFY_IDENTITY&charset=utf8mb4&connect_timeout=7&application_name=my%20app");
        Assert.Equal("db", builder.Database);
        Assert.Equal(MySqlSslMode.VerifyFull, builder.SslMode);
        Assert.Equal("utf8mb4", builder.CharacterSet);
        Assert.Equal(7u, builder.ConnectionTimeout);
        Assert.Equal("my app", builder.ApplicationName);
    }

    [Theory]
    [InlineData("ssl-mode=REQUIRED", MySqlSslMode.Required)]
    [InlineData("sslmode=verify-ca", MySqlSslMode.VerifyCA)]
    [InlineData("ssl_mode=DISABLED", MySqlSslMode.Disabled)]
    [InlineData("useSSL=false", MySqlSslMode.Disabled)]
    [InlineData("SslMode=Preferred", MySqlSslMode.Preferred)]
    public void Ssl_mode_spellings_are_accepted(string query, MySqlSslMode expected) =>
        Assert.Equal(expected, Build($"mysql://h/db?{query}").SslMode);

    [Fact]
    public void Jdbc_connect_timeout_in_milliseconds_becomes_seconds() =>
        Assert.Equal(3u, Build("jdbc:mysql://h/db?connectTimeout=2500").ConnectionTimeout);

    [Fact]
    public void Unknown_query_parameters_are_refused_naming_them()
    {
        var ex = Fails("mysql://h/db?frobnicate=1");
        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Equal("orders", ex.ConnectionName);
        Assert.Contains("'frobnicate'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Percent_encoding_is_decoded() => Assert.Equal("my db", Build("mysql://h/my%20db").Database);

    [Fact]
    public void Multiple_hosts_share_one_port()
    {
        var builder = Build("mysql://h1:3307,h2:3307,h3/db");
        Assert.Equal("h1,h2,h3", builder.Server);
        Assert.Equal(3307u, builder.Port);

        var ex = Fails("mysql://h1:3307,h2:3308/db");
        Assert.Contains("different ports", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_value_strings_are_parsed_by_mysqlconnector_and_lose_their_password()
    {
        var resolved = ResolvedConnections.Create(ConnectionType.MySql, "Server=h;Port=3308;Database=kv;Password=inline;SSL Mode=Required", []);
        var plan = MySqlConnectionPlan.Create(resolved, null, null);

        Assert.Equal("h", plan.Builder.Server);
        Assert.Equal(3308u, plan.Builder.Port);
        Assert.Equal("kv", plan.Builder.Database);
        Assert.Equal(MySqlSslMode.Required, plan.Builder.SslMode);
        Assert.Equal("inline", MySqlConnectionPlan.GetPassword(resolved));
        Assert.DoesNotContain("inline", plan.Builder.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_assets_without_connection_type_are_inferred_from_the_scheme()
    {
        var plan = MySqlConnectionPlan.Create(ResolvedConnections.Legacy("mysql://u:p@h/db"), null, null);
        Assert.Equal("u", plan.Builder.UserID);
        Assert.True(plan.HasPassword);
    }

    [Fact]
    public void A_host_credential_is_refused_by_default()
    {
        var ex = Fails("mysql://h/db", new() { ["username"] = "app", ["password"] = Secret, ["host"] = "evil.example.com" });
        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'host'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Location_credentials_apply_when_overrides_are_allowed()
    {
        var options = new PangolinConnectionOptions { AllowCredentialOverrides = true };
        var builder = Build("mysql://h/db", new() { ["host"] = "other", ["port"] = "3399", ["database"] = "elsewhere" }, options);
        Assert.Equal("other", builder.Server);
        Assert.Equal(3399u, builder.Port);
        Assert.Equal("elsewhere", builder.Database);
    }

    [Fact]
    public void Extra_credentials_pass_only_when_allow_listed()
    {
        var credentials = new Dictionary<string, string> { ["username"] = "app", ["password"] = Secret, ["ssl_mode"] = "REQUIRED", ["AllowPublicKeyRetrieval"] = "true" };
        var ignoredPlan = MySqlConnectionPlan.Create(ResolvedConnections.Create(ConnectionType.MySql, "mysql://h/db", credentials), null, null);
        Assert.Equal(MySqlSslMode.Preferred, ignoredPlan.Builder.SslMode);
        Assert.Equal(["AllowPublicKeyRetrieval", "ssl_mode"], ignoredPlan.IgnoredCredentials.Order(StringComparer.Ordinal));

        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("ssl_mode");
        options.AllowedCredentialKeywords.Add("AllowPublicKeyRetrieval");
        var builder = Build("mysql://h/db", credentials, options);
        Assert.Equal(MySqlSslMode.Required, builder.SslMode);
        Assert.True(builder.AllowPublicKeyRetrieval);
    }

    [Fact]
    public void An_invalid_allow_listed_credential_names_the_credential_not_its_value()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("not_a_keyword");
        options.AllowedCredentialKeywords.Add("ssl_mode");
        var ex = Fails("mysql://h/db", new() { ["not_a_keyword"] = "hush-hush" }, options);
        Assert.Contains("'not_a_keyword'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hush-hush", ex.ToString(), StringComparison.Ordinal);

        var badValue = Fails("mysql://h/db", new() { ["ssl_mode"] = "hush-hush" }, options);
        Assert.Contains("'ssl_mode'", badValue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hush-hush", badValue.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_listed_synonyms_cannot_smuggle_a_password_or_a_new_host()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("pwd");
        options.AllowedCredentialKeywords.Add("Data Source");
        Assert.Contains("'pwd'", Fails("mysql://h/db", new() { ["pwd"] = "x" }, options).Message, StringComparison.Ordinal);
        Assert.Contains("'Data Source'", Fails("mysql://h/db", new() { ["Data Source"] = "evil" }, options).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_apply_last_but_cannot_set_the_password()
    {
        var builder = Build("mysql://h/db?application_name=asset", settings: new() { ["Application Name"] = "settings", ["Maximum Pool Size"] = "5" });
        Assert.Equal("settings", builder.ApplicationName);
        Assert.Equal(5u, builder.MaximumPoolSize);

        var ex = Assert.Throws<PangolinConnectionException>(() => Build("mysql://h/db", settings: new() { ["Password"] = "nope" }));
        Assert.Contains("'Password'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql://h:99999/db", "port")]
    [InlineData("mysql://[::1/db", "']'")]
    [InlineData("postgresql://h/db", "scheme 'postgresql'")]
    [InlineData("mysql:///db", "no host")]
    [InlineData("Database=db", "no host")]
    [InlineData("Server=h;Frobnicate=1", "key=value")]
    public void Bad_connection_strings_are_invalid_assets_naming_the_connection(string connectionString, string expected)
    {
        var ex = Fails(connectionString);
        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Equal("orders", ex.ConnectionName);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_connection_type_is_a_type_mismatch()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() =>
            MySqlConnectionPlan.Create(ResolvedConnections.Create(ConnectionType.PostgreSql, "postgresql://h/db"), null, null));
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
    }
}
