using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;

namespace Pangolin.Extensions.MongoDB.Tests;

/// <summary>The client settings built from assets, checked at the driver-settings level (no server involved).</summary>
public sealed class MongoClientPlanTests
{
    private const string HardPassword = "p@ss:w/rd%20?#&=;'\"{}ü";

    private static MongoClientSettings Settings(string url, Dictionary<string, string>? credentials = null, PangolinConnectionOptions? options = null, PangolinMongoDBSettings? settings = null) =>
        Plan(url, credentials, options, settings).CreateSettings();

    private static MongoClientPlan Plan(string url, Dictionary<string, string>? credentials = null, PangolinConnectionOptions? options = null, PangolinMongoDBSettings? settings = null) =>
        MongoClientPlan.Create(ResolvedConnections.Create(url, credentials), options, settings ?? new PangolinMongoDBSettings());

    [Fact]
    public void Username_and_password_become_a_scram_credential_on_the_url_database()
    {
        var settings = Settings("mongodb://db.example.com:27017/events", new() { ["username"] = "app", ["password"] = "secret" });

        Assert.Equal("app", settings.Credential.Username);
        Assert.Equal("events", settings.Credential.Source);
        Assert.Null(settings.Credential.Mechanism);
        Assert.Equal([new MongoServerAddress("db.example.com", 27017)], settings.Servers);
    }

    [Fact]
    public void Credential_source_defaults_to_admin_without_a_database()
    {
        var plan = Plan("mongodb://db.example.com", new() { ["username"] = "app", ["password"] = "secret" });

        Assert.Equal("admin", plan.CreateSettings().Credential.Source);
        Assert.Null(plan.DatabaseName);
    }

    [Theory]
    [InlineData(HardPassword)]
    [InlineData("@")]
    [InlineData("a:b@c/d%e")]
    [InlineData("%41%")]
    [InlineData("  spaces  ")]
    public void Passwords_with_url_characters_round_trip_without_breaking_the_url(string password)
    {
        var plan = Plan("mongodb://h1:27017,h2:27018/events?replicaSet=rs0", new() { ["username"] = "us@r:name/%", ["password"] = password });
        var settings = plan.CreateSettings();

        Assert.Equal("us@r:name/%", settings.Credential.Username);
        Assert.Equal(password, plan.Url.Password);
        Assert.Equal([new MongoServerAddress("h1", 27017), new MongoServerAddress("h2", 27018)], settings.Servers);
        Assert.Equal("events", plan.DatabaseName);
        Assert.Equal("rs0", settings.ReplicaSetName);
        Assert.Equal(settings.Credential, MongoClientSettings.FromUrl(new MongoUrl(plan.Url.ToString())).Credential);
    }

    [Fact]
    public void The_stored_password_is_not_pasted_into_the_connection_string_of_the_asset()
    {
        // pypangolin would produce mongodb://app:p@ss:w/rd...@host, which no driver can parse.
        var plan = Plan("mongodb://db:27017/events", new() { ["username"] = "app", ["password"] = "p@ss:w/rd" });

        Assert.Equal("p@ss:w/rd", plan.Url.Password);
        Assert.Equal("db", plan.Url.Server.Host);
    }

    [Fact]
    public void Auth_source_and_mechanism_come_from_the_url()
    {
        var settings = Settings("mongodb://db/events?authSource=users&authMechanism=SCRAM-SHA-256", new() { ["username"] = "app", ["password"] = "pw" });

        Assert.Equal("users", settings.Credential.Source);
        Assert.Equal("SCRAM-SHA-256", settings.Credential.Mechanism);
    }

    [Fact]
    public void Auth_options_from_credentials_are_used_only_when_allowed()
    {
        var credentials = new Dictionary<string, string> { ["username"] = "app", ["password"] = "pw", ["authSource"] = "users", ["authMechanism"] = "SCRAM-SHA-1" };

        var ignored = Plan("mongodb://db/events", credentials);
        Assert.Equal("events", ignored.CreateSettings().Credential.Source);
        Assert.Equal(["authMechanism", "authSource"], ignored.IgnoredCredentials.Order(StringComparer.Ordinal));

        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.AddRange(["authSource", "authMechanism"]);
        var allowed = Plan("mongodb://db/events?authSource=other", credentials, options);
        var settings = allowed.CreateSettings();
        Assert.Equal("users", settings.Credential.Source);
        Assert.Equal("SCRAM-SHA-1", settings.Credential.Mechanism);
        Assert.Empty(allowed.IgnoredCredentials);
        Assert.Equal(["authMechanism", "authSource"], allowed.CredentialOptions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tls_comes_from_the_url()
    {
        Assert.True(Settings("mongodb://db/?tls=true").UseTls);
        Assert.True(Settings("mongodb://db/?ssl=true").UseTls);
        Assert.False(Settings("mongodb://db/").UseTls);
    }

    [Fact]
    public void Srv_urls_keep_their_scheme_and_turn_tls_on_without_a_dns_lookup()
    {
        var settings = Settings("mongodb+srv://cluster0.example.net/events?appName=svc", new() { ["username"] = "app", ["password"] = "p@ss" });

        Assert.Equal(ConnectionStringScheme.MongoDBPlusSrv, settings.Scheme);
        Assert.True(settings.UseTls);
        Assert.Equal("cluster0.example.net", Assert.Single(settings.Servers).Host);
        Assert.Equal("app", settings.Credential.Username);
        Assert.Equal("svc", settings.ApplicationName);
    }

    [Fact]
    public void Replica_sets_and_ipv6_hosts_are_kept()
    {
        var settings = Settings("mongodb://[::1]:27017,[fe80::2]:27018/?replicaSet=rs1&readPreference=secondary");

        Assert.Equal("rs1", settings.ReplicaSetName);
        Assert.Equal(ReadPreferenceMode.Secondary, settings.ReadPreference.ReadPreferenceMode);
        Assert.Equal(["[::1]", "[fe80::2]"], settings.Servers.Select(s => s.Host));
    }

    [Fact]
    public void Credentials_in_the_url_are_used_as_they_are_and_the_stored_ones_reported_by_name()
    {
        var plan = Plan("mongodb://urluser:url%40pw@db/events", new() { ["username"] = "stored", ["password"] = "storedpw" });
        var settings = plan.CreateSettings();

        Assert.True(plan.CredentialsFromUrl);
        Assert.Equal("urluser", settings.Credential.Username);
        Assert.Equal("url@pw", plan.Url.Password);
        Assert.Equal(["password", "username"], plan.StoredCredentialsIgnored);
    }

    [Fact]
    public void Unescaped_credentials_in_a_legacy_url_still_parse()
    {
        // pypangolin's DbConnectionString docs put credentials straight into the URL, unescaped.
        var plan = MongoClientPlan.Create(ResolvedConnections.Legacy("mongodb://admin:p@ss/w:rd@db.example.com:27017/events"), null, new PangolinMongoDBSettings());

        Assert.Equal("admin", plan.CreateSettings().Credential.Username);
        Assert.Equal("p@ss/w:rd", plan.Url.Password);
        Assert.Equal("db.example.com", plan.Url.Server.Host);
        Assert.Equal("events", plan.DatabaseName);
    }

    [Fact]
    public void No_credentials_means_no_credential()
    {
        var plan = Plan("mongodb://127.0.0.1:27017");

        Assert.Null(plan.CreateSettings().Credential);
        Assert.Null(plan.DatabaseName);
    }

    [Fact]
    public void A_username_without_a_password_is_an_error_not_a_silent_anonymous_login()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Plan("mongodb://db/events", new() { ["username"] = "app" }));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("user name but no password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_username_without_a_password_is_fine_for_x509()
    {
        var settings = Settings("mongodb://db/?authMechanism=MONGODB-X509&tls=true", new() { ["username"] = "CN=client" });

        Assert.Equal("MONGODB-X509", settings.Credential.Mechanism);
        Assert.Equal("CN=client", settings.Credential.Username);
    }

    [Fact]
    public void A_password_without_a_username_is_an_error()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Plan("mongodb://db/events", new() { ["password"] = "pw-only" }));
        Assert.DoesNotContain("pw-only", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_that_move_the_connection_are_refused_unless_allowed()
    {
        var credentials = new Dictionary<string, string> { ["username"] = "app", ["password"] = "pw", ["host"] = "evil.example.com", ["database"] = "other" };

        var ex = Assert.Throws<PangolinConnectionException>(() => Plan("mongodb://db/events", credentials));
        Assert.Contains("'host'", ex.Message, StringComparison.Ordinal);

        var options = new PangolinConnectionOptions { AllowCredentialOverrides = true };
        var plan = Plan("mongodb://db/events", credentials, options);
        Assert.Equal("evil.example.com", plan.Url.Server.Host);
        Assert.Equal("other", plan.DatabaseName);
    }

    [Fact]
    public void Settings_options_are_applied_and_replace_the_assets_own()
    {
        var settings = new PangolinMongoDBSettings();
        settings.UrlOptions["maxPoolSize"] = "7";
        settings.UrlOptions["appName"] = "from-settings";

        var client = Settings("mongodb://db/events?maxPoolSize=100&appName=from-asset&retryWrites=false", settings: settings);

        Assert.Equal(7, client.MaxConnectionPoolSize);
        Assert.Equal("from-settings", client.ApplicationName);
        Assert.False(client.RetryWrites);
    }

    [Fact]
    public void Settings_may_not_carry_secrets_or_unknown_options()
    {
        var secret = new PangolinMongoDBSettings();
        secret.UrlOptions["proxyPassword"] = "x";
        Assert.Contains("proxyPassword", MongoClientPlan.Validate(secret), StringComparison.Ordinal);

        var unknown = new PangolinMongoDBSettings();
        unknown.UrlOptions["maxPoolSizee"] = "3";
        Assert.Contains("maxpoolsizee", MongoClientPlan.Validate(unknown), StringComparison.OrdinalIgnoreCase);

        var invalid = new PangolinMongoDBSettings();
        invalid.UrlOptions["maxPoolSize"] = "many";
        Assert.NotNull(MongoClientPlan.Validate(invalid));

        var fine = new PangolinMongoDBSettings();
        fine.UrlOptions["maxPoolSize"] = "3";
        Assert.Null(MongoClientPlan.Validate(fine));
    }

    [Fact]
    public void The_settings_database_is_a_fallback_for_urls_without_one()
    {
        var settings = new PangolinMongoDBSettings { DatabaseName = "fallback" };

        Assert.Equal("fallback", Plan("mongodb://db", settings: settings).DatabaseName);
        Assert.Equal("events", Plan("mongodb://db/events", settings: settings).DatabaseName);
    }

    [Theory]
    [InlineData("postgresql://db/events")]
    [InlineData("db.example.com:27017")]
    public void Other_urls_are_refused(string url)
    {
        var ex = Assert.ThrowsAny<PangolinConnectionException>(() => MongoClientPlan.Create(ResolvedConnections.Create(url, type: ConnectionType.MongoDb), null, new PangolinMongoDBSettings()));
        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
    }

    [Fact]
    public void Assets_of_another_type_are_refused()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() =>
            MongoClientPlan.Create(ResolvedConnections.Create("postgresql://db/x", type: ConnectionType.PostgreSql), null, new PangolinMongoDBSettings()));
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
    }

    [Fact]
    public void Errors_never_repeat_secret_option_values()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("maxPoolSize");
        var ex = Assert.Throws<PangolinConnectionException>(() =>
            Plan("mongodb://db/events", new() { ["username"] = "app", ["password"] = "pw", ["maxPoolSize"] = "s3cret-value" }, options));

        Assert.DoesNotContain("s3cret-value", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_describe_themselves_without_values()
    {
        var settings = new PangolinMongoDBSettings { DatabaseName = "events" };
        settings.UrlOptions["appName"] = "svc-visible-only-by-name";

        Assert.DoesNotContain("svc-visible-only-by-name", settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("appName", settings.ToString(), StringComparison.Ordinal);
    }
}
