using Npgsql;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;

namespace Pangolin.Extensions.Npgsql.Tests;

/// <summary>Connection-string building over pypangolin's weak spots (contract §5.5).</summary>
public sealed class NpgsqlConnectionPlanTests
{
    private const string Secret = "s3cr;t'\"@x";

    private static NpgsqlConnectionStringBuilder Build(string connectionString, ConnectionType? type = null, Dictionary<string, string>? credentials = null, PangolinConnectionOptions? options = null, Dictionary<string, string>? settings = null) =>
        NpgsqlConnectionPlan.Create(ResolvedConnections.Create(type ?? ConnectionType.PostgreSql, connectionString, credentials), options, settings).Builder;

    private static PangolinConnectionException Fails(string connectionString, ConnectionType? type = null, Dictionary<string, string>? credentials = null, PangolinConnectionOptions? options = null) =>
        Assert.Throws<PangolinConnectionException>(() => Build(connectionString, type, credentials, options));

    [Fact]
    public void User_and_password_in_the_url_are_parsed_and_the_password_stays_out()
    {
        var resolved = ResolvedConnections.Create(ConnectionType.PostgreSql, "postgresql://legacy:pw%40rd@db.example.com:6543/orders", []);
        var plan = NpgsqlConnectionPlan.Create(resolved, null, null);

        Assert.Equal("db.example.com", plan.Builder.Host);
        Assert.Equal(6543, plan.Builder.Port);
        Assert.Equal("orders", plan.Builder.Database);
        Assert.Equal("legacy", plan.Builder.Username);
        Assert.Null(plan.Builder.Password);
        Assert.True(plan.HasPassword);
        Assert.Equal("pw@rd", NpgsqlConnectionPlan.GetPassword(resolved));
        Assert.DoesNotContain("pw@rd", plan.Builder.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void The_username_credential_wins_over_the_url_user_and_the_password_credential_is_used()
    {
        var resolved = ResolvedConnections.Create(ConnectionType.PostgreSql, "postgresql://legacy:old@h/db");
        var plan = NpgsqlConnectionPlan.Create(resolved, null, null);

        Assert.Equal("app", plan.Builder.Username);
        Assert.Equal(Secret, NpgsqlConnectionPlan.GetPassword(resolved));
        Assert.DoesNotContain(Secret, plan.Builder.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("old", plan.Builder.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_literal_with_port()
    {
        var builder = Build("postgresql://[::1]:5433/db");
        Assert.Equal("::1", builder.Host);
        Assert.Equal(5433, builder.Port);
    }

    [Fact]
    public void No_database_keeps_host_and_port()
    {
        var builder = Build("postgresql://h:5432");
        Assert.Equal("h", builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Null(builder.Database);
    }

    [Fact]
    public void Query_parameters_map_to_npgsql_keywords_and_stay_out_of_the_database()
    {
        var builder = Build("postgresql://h/db?sslmode=require&application_name=my%20app&connect_timeout=7&target_session_attrs=read-write");
        Assert.Equal("db", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("my app", builder.ApplicationName);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("read-write", builder.TargetSessionAttributes);
    }

    [Theory]
    [InlineData("verify-full", SslMode.VerifyFull)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("prefer", SslMode.Prefer)]
    public void Libpq_sslmode_spellings_are_accepted(string value, SslMode expected) =>
        Assert.Equal(expected, Build($"postgresql://h/db?sslmode={value}").SslMode);

    [Fact]
    public void Npgsql_keywords_in_the_query_pass_through()
    {
        var builder = Build("postgresql://h/db?Maximum%20Pool%20Size=9&keepalives=1");
        Assert.Equal(9, builder.MaxPoolSize);
        Assert.True(builder.TcpKeepAlive);
    }

    [Fact]
    public void Unknown_query_parameters_are_refused_naming_them()
    {
        var ex = Fails("postgresql://h/db?frobnicate=1");
        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Equal("orders", ex.ConnectionName);
        Assert.Contains("'frobnicate'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sslmode", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://h/db", 5432)]
    [InlineData("postgres://h/db", 5432)]
    [InlineData("redshift://h/db", 5439)]
    public void Default_ports(string connectionString, int port)
    {
        var type = connectionString.StartsWith("redshift", StringComparison.Ordinal) ? ConnectionType.Redshift : ConnectionType.PostgreSql;
        Assert.Equal(port, Build(connectionString, type).Port);
    }

    [Fact]
    public void Redshift_assets_with_a_postgresql_url_default_to_5439()
    {
        Assert.Equal(5439, Build("postgresql://cluster.example.com/dev", ConnectionType.Redshift).Port);
        Assert.Equal(5439, Build("Host=cluster.example.com;Database=dev", ConnectionType.Redshift).Port);
        Assert.Equal(5440, Build("Host=cluster.example.com;Port=5440;Database=dev", ConnectionType.Redshift).Port);
    }

    [Fact]
    public void Percent_encoding_is_decoded()
    {
        var builder = Build("postgresql://h/my%20db?application_name=a%26b");
        Assert.Equal("my db", builder.Database);
        Assert.Equal("a&b", builder.ApplicationName);
    }

    [Fact]
    public void Multiple_hosts_become_npgsql_multi_host_syntax()
    {
        var builder = Build("postgresql://h1:5432,h2:5433,h3/db?target_session_attrs=primary");
        Assert.Equal("h1:5432,h2:5433,h3", builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Equal("primary", builder.TargetSessionAttributes);
    }

    [Fact]
    public void Libpq_host_port_and_dbname_query_parameters_are_understood()
    {
        var builder = Build("postgresql:///ignored?host=h&port=6000&dbname=real");
        Assert.Equal("h", builder.Host);
        Assert.Equal(6000, builder.Port);
        Assert.Equal("real", builder.Database);
    }

    [Fact]
    public void Key_value_strings_are_parsed_by_npgsql_and_lose_their_password()
    {
        var resolved = ResolvedConnections.Create(ConnectionType.PostgreSql, "Host=h;Port=6001;Database=kv;Password=inline;SSL Mode=Require", []);
        var plan = NpgsqlConnectionPlan.Create(resolved, null, null);

        Assert.Equal("h", plan.Builder.Host);
        Assert.Equal(6001, plan.Builder.Port);
        Assert.Equal("kv", plan.Builder.Database);
        Assert.Equal(SslMode.Require, plan.Builder.SslMode);
        Assert.Null(plan.Builder.Password);
        Assert.Equal("inline", NpgsqlConnectionPlan.GetPassword(resolved));
        Assert.DoesNotContain("inline", plan.Builder.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_assets_without_connection_type_are_inferred_from_the_scheme()
    {
        var resolved = ResolvedConnections.Legacy("postgres://u:p@h/db");
        var plan = NpgsqlConnectionPlan.Create(resolved, null, null);
        Assert.Equal("u", plan.Builder.Username);
        Assert.True(plan.HasPassword);
    }

    [Fact]
    public void A_host_credential_is_refused_by_default()
    {
        var ex = Fails("postgresql://h/db", credentials: new() { ["username"] = "app", ["password"] = Secret, ["host"] = "evil.example.com" });
        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'host'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Location_credentials_apply_when_overrides_are_allowed()
    {
        var options = new PangolinConnectionOptions { AllowCredentialOverrides = true };
        var builder = Build("postgresql://h/db", credentials: new() { ["host"] = "other", ["port"] = "7000", ["dbname"] = "elsewhere" }, options: options);
        Assert.Equal("other", builder.Host);
        Assert.Equal(7000, builder.Port);
        Assert.Equal("elsewhere", builder.Database);
    }

    [Fact]
    public void Extra_credentials_pass_only_when_allow_listed()
    {
        var credentials = new Dictionary<string, string> { ["username"] = "app", ["password"] = Secret, ["sslmode"] = "require", ["Application Name"] = "from-cred" };
        var ignoredPlan = NpgsqlConnectionPlan.Create(ResolvedConnections.Create(ConnectionType.PostgreSql, "postgresql://h/db", credentials), null, null);
        Assert.Equal(SslMode.Prefer, ignoredPlan.Builder.SslMode);
        Assert.Equal(["Application Name", "sslmode"], ignoredPlan.IgnoredCredentials.Order(StringComparer.Ordinal));

        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("sslmode");
        options.AllowedCredentialKeywords.Add("Application Name");
        var builder = Build("postgresql://h/db", credentials: credentials, options: options);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("from-cred", builder.ApplicationName);
    }

    [Fact]
    public void An_invalid_allow_listed_credential_names_the_credential_not_its_value()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("not_a_keyword");
        options.AllowedCredentialKeywords.Add("sslmode");
        var ex = Fails("postgresql://h/db", credentials: new() { ["not_a_keyword"] = "hush-hush" }, options: options);
        Assert.Contains("'not_a_keyword'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hush-hush", ex.ToString(), StringComparison.Ordinal);

        var badValue = Fails("postgresql://h/db", credentials: new() { ["sslmode"] = "hush-hush" }, options: options);
        Assert.Contains("'sslmode'", badValue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hush-hush", badValue.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_listed_synonyms_cannot_smuggle_a_password_or_a_new_database()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("PWD");
        options.AllowedCredentialKeywords.Add("DB");
        var password = Fails("postgresql://h/db", credentials: new() { ["PWD"] = "x" }, options: options);
        Assert.Contains("'PWD'", password.Message, StringComparison.Ordinal);
        var database = Fails("postgresql://h/db", credentials: new() { ["DB"] = "other" }, options: options);
        Assert.Contains("'DB'", database.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_apply_last_but_cannot_set_the_password()
    {
        var builder = Build("postgresql://h/db?application_name=asset", settings: new() { ["Application Name"] = "settings", ["Maximum Pool Size"] = "5" });
        Assert.Equal("settings", builder.ApplicationName);
        Assert.Equal(5, builder.MaxPoolSize);

        var ex = Assert.Throws<PangolinConnectionException>(() => Build("postgresql://h/db", settings: new() { ["Password"] = "nope" }));
        Assert.Contains("'Password'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://h:99999/db", "port")]
    [InlineData("postgresql://[::1/db", "']'")]
    [InlineData("mysql://h/db", "scheme 'mysql'")]
    [InlineData("postgresql:///db", "no host")]
    [InlineData("Database=db", "no host")]
    [InlineData("Host=h;Frobnicate=1", "key=value")]
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
        var ex = Fails("mysql://h/db", ConnectionType.MySql);
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
    }
}
