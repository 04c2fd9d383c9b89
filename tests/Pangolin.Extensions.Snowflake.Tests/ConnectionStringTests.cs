using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Snowflake.ConnectionStrings;
using Pangolin.Extensions.Snowflake.Tests.Support;

namespace Pangolin.Extensions.Snowflake.Tests;

/// <summary>
/// What reaches the driver: the documented Snowflake.Data keywords, quoting that survives both the driver's
/// DbConnectionStringBuilder parse and its second raw pass over db/schema/warehouse/role.
/// </summary>
public sealed class ConnectionStringTests : SnowflakeTestBase
{
    [Fact]
    public async Task Pypangolin_credentials_map_to_the_documented_keywords()
    {
        await using var services = Build("wh", TestAssets.Snowflake(password: "pw"));

        var opened = await OpenAsync(services, "wh");

        Assert.Equal("account=xy12345.us-east-1;user=SVC_APP;password=pw;db=ANALYTICS;schema=PUBLIC;warehouse=COMPUTE_WH;role=REPORTER", opened);
    }

    public static TheoryData<string> AwkwardPasswords() =>
    [
        "semi;colon",
        "equals=sign==",
        "single'quote",
        "double\"quote",
        "both'and\"quotes",
        "with spaces inside",
        " leading and trailing ",
        "P@ss;w0rd='\"{x}secret",
        "ends with backslash\\",
        "line\nbreak",
        "unicode-пароль-密码",
        "=starts-with-equals",
        "\"fully quoted\"",
        "';drop table x;--",
    ];

    [Theory]
    [MemberData(nameof(AwkwardPasswords))]
    public async Task Any_password_round_trips_through_DbConnectionStringBuilder_and_the_drivers_second_pass(string password)
    {
        await using var services = Build("wh", TestAssets.Snowflake(password: password));

        var opened = await OpenAsync(services, "wh");

        var parsed = new DbConnectionStringBuilder { ConnectionString = opened };
        Assert.Equal(password, parsed["password"]);
        Assert.Equal(["account", "db", "password", "role", "schema", "user", "warehouse"], parsed.Keys.Cast<string>().Order(StringComparer.Ordinal));
        var asDriver = SnowflakeConnectionStringReader.Read(opened);
        Assert.Equal(password, asDriver["password"]);
        Assert.Equal("ANALYTICS", asDriver["db"]);
        Assert.Equal("PUBLIC", asDriver["schema"]);
        Assert.Equal("COMPUTE_WH", asDriver["warehouse"]);
        Assert.Equal("REPORTER", asDriver["role"]);
    }

    [Fact]
    public void A_password_that_the_drivers_second_pass_would_read_as_a_role_is_refused_without_echoing_it()
    {
        using var services = Build("wh", TestAssets.WithCredentials(
            TestAssets.ConnectionString, ("account", "xy12345"), ("username", "SVC"), ("password", "abc;role=ACCOUNTADMIN-secret")));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh"));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'password'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(";role=", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ACCOUNTADMIN", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_text_is_harmless_when_the_role_itself_is_written_after_it()
    {
        var parameters = new List<SnowflakeParameter>
        {
            new("account", "xy12345", "test"),
            new("password", "abc;role=OTHER", "test"),
            new("role", "REPORTER", "test"),
        };

        // The driver's second pass reads role=OTHER" first and REPORTER last; the last one wins, so nothing changes.
        var text = SnowflakeConnectionStringWriter.Write(parameters);

        Assert.Equal("REPORTER", SnowflakeConnectionStringReader.Read(text)["role"]);
    }

    [Fact]
    public async Task A_quoted_identifier_reaches_the_driver_with_its_quotes()
    {
        await using var services = Build("wh", TestAssets.Snowflake(database: "\"MixedCase\"\"Db\""));

        var opened = await OpenAsync(services, "wh");

        Assert.EndsWith(";db=\"MixedCase\"\"\"\"Db\"", opened, StringComparison.Ordinal);
        Assert.Equal("\"MixedCase\"\"Db\"", SnowflakeConnectionStringReader.Read(opened)["db"]);
        Assert.Equal("\"MixedCase\"\"Db\"", services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh").Database);
    }

    [Theory]
    [InlineData("my database")]
    [InlineData("db;x")]
    [InlineData("it's")]
    [InlineData("\"quoted;semicolon\"")]
    public void An_object_name_the_driver_would_read_differently_is_refused_without_echoing_it(string database)
    {
        using var services = Build("wh", TestAssets.Snowflake(database: database));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh"));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'db' (from the 'database' credential)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(database, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_account_credential_the_url_gives_account_host_port_database_schema_warehouse_and_role()
    {
        await using var services = Build("wh", TestAssets.WithCredentials(
            "snowflake://xy12345.eu-west-1.snowflakecomputing.com:8443/SALES/RAW?warehouse=LOAD_WH&role=LOADER",
            ("username", "SVC"), ("password", "pw")));

        var opened = await OpenAsync(services, "wh");

        Assert.Equal(
            "account=xy12345.eu-west-1;host=xy12345.eu-west-1.snowflakecomputing.com;port=8443;user=SVC;password=pw;db=SALES;schema=RAW;warehouse=LOAD_WH;role=LOADER",
            opened);
    }

    [Fact]
    public async Task Credentials_win_over_the_url_and_a_different_account_is_logged()
    {
        await using var services = Build("wh", TestAssets.Snowflake(connectionString: "snowflake://other-account.snowflakecomputing.com/OTHER_DB?role=OTHER"));

        var opened = await OpenAsync(services, "wh");

        Assert.Equal("account=xy12345.us-east-1;user=SVC_APP;password=pw;db=ANALYTICS;schema=PUBLIC;warehouse=COMPUTE_WH;role=REPORTER", opened);
        Assert.Contains(LogRecords(services), r => r.Id.Id == 7002);
    }

    [Fact]
    public async Task The_same_account_in_the_url_with_a_region_is_not_a_conflict()
    {
        await using var services = Build("wh", TestAssets.Snowflake(connectionString: "snowflake://XY12345.us-east-1.snowflakecomputing.com"));

        await OpenAsync(services, "wh");

        Assert.DoesNotContain(LogRecords(services), r => r.Id.Id == 7002);
    }

    [Fact]
    public void No_account_anywhere_is_a_clear_error()
    {
        using var services = Build("wh", TestAssets.WithCredentials("snowflake-for-reference", ("username", "SVC"), ("password", "pw-secret")));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh"));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("no 'account' credential", ex.Message, StringComparison.Ordinal);
        Assert.Equal("wh", ex.ConnectionName);
    }

    [Fact]
    public async Task A_password_in_the_url_is_ignored_with_a_warning()
    {
        await using var services = Build("wh", TestAssets.Snowflake(connectionString: "snowflake://svc:url-secret@xy12345.us-east-1.snowflakecomputing.com"));

        var opened = await OpenAsync(services, "wh");

        Assert.DoesNotContain("url-secret", opened, StringComparison.Ordinal);
        Assert.Contains(LogRecords(services), r => r.Id.Id == 7003);
        Assert.DoesNotContain(LogTexts(services), t => t.Contains("url-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Allow_listed_key_pair_credentials_pass_through_and_stay_out_of_the_visible_string()
    {
        const string PrivateKey = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI+secret/key==\n-----END ENCRYPTED PRIVATE KEY-----\n";
        var asset = TestAssets.WithCredentials(
            TestAssets.ConnectionString,
            ("account", "xy12345"), ("username", "SVC"), ("authenticator", "snowflake_jwt"), ("private_key", PrivateKey), ("private_key_pwd", "pk;pw='\"secret"));
        await using var services = Build("wh", asset, extra: new()
        {
            ["Pangolin:Connections:wh:AllowedCredentialKeywords:0"] = "authenticator",
            ["Pangolin:Connections:wh:AllowedCredentialKeywords:1"] = "private_key",
            ["Pangolin:Connections:wh:AllowedCredentialKeywords:2"] = "private_key_pwd",
        });

        var opened = await OpenAsync(services, "wh");
        var dataSource = services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh");

        var parsed = new DbConnectionStringBuilder { ConnectionString = opened };
        Assert.Equal("snowflake_jwt", parsed["authenticator"]);
        Assert.Equal(PrivateKey, parsed["private_key"]);
        Assert.Equal("pk;pw='\"secret", parsed["private_key_pwd"]);
        Assert.Equal("account=xy12345;user=SVC;authenticator=snowflake_jwt", dataSource.ConnectionString);
        Assert.DoesNotContain(LogTexts(services), t => t.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extra_credentials_are_ignored_unless_allow_listed_and_the_log_names_them()
    {
        await using var services = Build("wh", TestAssets.Snowflake(extra: [("authenticator", "oauth"), ("token", "tok-secret")]));

        var opened = await OpenAsync(services, "wh");

        Assert.DoesNotContain("authenticator", opened, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-secret", opened, StringComparison.Ordinal);
        var ignored = Assert.Single(LogRecords(services), r => r.Id.Id == 7001);
        Assert.Contains("authenticator", ignored.Message, StringComparison.Ordinal);
        Assert.Contains("token", ignored.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-secret", ignored.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_credential_is_refused_unless_overrides_are_allowed()
    {
        var asset = TestAssets.Snowflake(extra: [("host", "evil.example.com")]);
        using (var refused = Build("wh", asset))
        {
            var ex = Assert.Throws<PangolinConnectionException>(() => refused.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh"));
            Assert.Contains("'host'", ex.Message, StringComparison.Ordinal);
        }

        using var allowed = Build("wh", asset, extra: new() { ["Pangolin:Connections:wh:AllowCredentialOverrides"] = "true" });
        Assert.Contains("host=evil.example.com", allowed.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh").ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_from_configuration_are_applied_after_the_asset()
    {
        await using var services = Build("wh", TestAssets.Snowflake(), extra: new()
        {
            ["Pangolin:Connections:wh:Settings:connection_timeout"] = "30",
            ["Pangolin:Connections:wh:Settings:warehouse"] = "SMALL_WH",
        });

        var parsed = new DbConnectionStringBuilder { ConnectionString = await OpenAsync(services, "wh") };

        Assert.Equal("30", parsed["connection_timeout"]);
        Assert.Equal("SMALL_WH", parsed["warehouse"]);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("private_key")]
    [InlineData("token")]
    [InlineData("account")]
    [InlineData("host")]
    [InlineData("user")]
    [InlineData("db")]
    [InlineData("bad;key")]
    public void Refused_settings_fail_at_registration_naming_the_config_path(string keyword)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build("wh", TestAssets.Snowflake(), extra: new()
        {
            [$"Pangolin:Connections:wh:Settings:{keyword}"] = "value-secret",
        }));

        Assert.Contains($"Pangolin:Connections:wh:Settings:{keyword}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("value-secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_settings_from_code_fail_when_the_data_source_is_built()
    {
        using var services = Build("wh", TestAssets.Snowflake(), b => b.AddSnowflakeDataSource("wh", s =>
        {
            s.ProviderFactory = Factory;
            s.ConnectionStringSettings["password"] = "code-secret";
        }));

        var ex = Assert.Throws<InvalidOperationException>(() => services.GetRequiredKeyedService<PangolinSnowflakeDataSource>("wh"));

        Assert.Contains("Pangolin:Connections:wh:Settings:password", ex.Message, StringComparison.Ordinal);
    }

    private async Task<string> OpenAsync(ServiceProvider services, string name)
    {
        var dataSource = services.GetRequiredKeyedService<PangolinSnowflakeDataSource>(name);
        await using var connection = await dataSource.OpenConnectionAsync();
        return ((RecordingDbConnection)connection.InnerConnection).OpenedWith.Single();
    }
}
