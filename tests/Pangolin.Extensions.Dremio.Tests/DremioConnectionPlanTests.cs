using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;

namespace Pangolin.Extensions.Dremio.Tests;

/// <summary>Connection strings and credentials as pypangolin's DremioAsset writes them, and its weak spots (contract §5.5).</summary>
public sealed class DremioConnectionPlanTests
{
    private static readonly Dictionary<string, string> Pat = new() { ["token"] = "pat-secret" };

    private static DremioConnectionPlan Plan(string connectionString, Dictionary<string, string>? credentials = null, PangolinConnectionOptions? options = null) =>
        DremioConnectionPlan.Create(ResolvedConnections.Create(connectionString, credentials ?? Pat), options);

    [Theory]
    [InlineData("grpc://dremio.internal:32010", "dremio.internal", 32010, false, false)]
    [InlineData("grpc+tcp://dremio.internal:31010", "dremio.internal", 31010, false, false)]
    [InlineData("grpc+tls://data.dremio.cloud:443", "data.dremio.cloud", 443, true, false)]
    [InlineData("grpc://dremio.internal", "dremio.internal", 32010, false, true)]
    [InlineData("grpc+tls://data.eu.dremio.cloud", "data.eu.dremio.cloud", 443, true, true)]
    [InlineData("GRPC+TLS://Dremio.Example.com:32010/", "Dremio.Example.com", 32010, true, false)]
    [InlineData("grpc://[::1]:32010", "::1", 32010, false, false)]
    public void Endpoints_are_parsed_with_per_scheme_default_ports(string text, string host, int port, bool tls, bool defaulted)
    {
        var endpoint = Plan(text).Endpoint;

        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(tls, endpoint.Tls);
        Assert.Equal(defaulted, endpoint.PortDefaulted);
    }

    [Fact]
    public void Addresses_use_https_for_tls_and_brackets_for_ipv6()
    {
        Assert.Equal(new Uri("https://data.dremio.cloud:443/"), Plan("grpc+tls://data.dremio.cloud").Endpoint.Address);
        Assert.Equal(new Uri("http://[::1]:32010/"), Plan("grpc://[::1]:32010").Endpoint.Address);
    }

    [Theory]
    [InlineData("data.dremio.cloud:443", "no scheme")]
    [InlineData("dremio.internal", "no scheme")]
    [InlineData("http://dremio.internal:9047", "not an Arrow Flight scheme")]
    [InlineData("grpc://user:pw@dremio.internal:32010", "carries credentials")]
    [InlineData("grpc://dremio.internal:32010/space", "path")]
    [InlineData("grpc://dremio.internal:32010?schema=x", "query parameters")]
    [InlineData("grpc://a:32010,b:32010", "exactly one host")]
    [InlineData("grpc://dremio.internal:99999", "port")]
    public void Bad_connection_strings_are_errors_naming_the_problem(string text, string expected)
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Plan(text));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("False", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Disable_certificate_verification_accepts_python_booleans(string value, bool expected)
    {
        var plan = Plan("grpc+tls://h:443", new() { ["token"] = "t", ["disable_certificate_verification"] = value });
        Assert.Equal(expected, plan.Credentials.DisableCertificateVerification);
    }

    [Fact]
    public void A_non_boolean_disable_certificate_verification_names_the_credential_not_its_value()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Plan("grpc+tls://h:443", new() { ["token"] = "t", ["disable_certificate_verification"] = "maybe-xyz" }));

        Assert.Contains("disable_certificate_verification", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("maybe-xyz", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_is_preferred_over_a_user_name_and_password()
    {
        var credentials = Plan("grpc://h:32010", new() { ["token"] = "t", ["username"] = "u", ["password"] = "p" }).Credentials;

        Assert.Equal("t", credentials.Token);
        Assert.Null(credentials.Password);
        Assert.True(credentials.PasswordIgnoredForToken);
        Assert.Equal("personal access token", credentials.Mode);
    }

    [Theory]
    [InlineData("username")]
    [InlineData("password")]
    [InlineData("project_id")]
    public void Missing_credentials_are_errors(string only)
    {
        var ex = Assert.Throws<PangolinConnectionException>(() => Plan("grpc://h:32010", new() { [only] = "x-secret-value" }));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.DoesNotContain("x-secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tls_credential_is_reported_as_ignored_and_tls_comes_from_the_scheme()
    {
        var plan = Plan("grpc://h:32010", new() { ["token"] = "t", ["tls"] = "True" });

        Assert.False(plan.Endpoint.Tls);
        Assert.True(plan.Credentials.TlsCredentialIgnored);
    }

    [Fact]
    public void Project_and_allowed_client_properties_are_kept_and_others_ignored()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("Routing_Queue");
        var credentials = Plan("grpc+tls://h", new() { ["token"] = "t", ["project_id"] = "proj", ["Routing_Queue"] = "Low Cost", ["other"] = "x" }, options).Credentials;

        Assert.Equal("proj", credentials.ProjectId);
        Assert.Equal("Low Cost", credentials.ClientProperties["routing_queue"]);
        Assert.Equal(["other"], credentials.Ignored);
        Assert.DoesNotContain("Low Cost", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("proj", credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Client_properties_that_would_replace_the_credentials_are_refused()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("authorization");
        var ex = Assert.Throws<PangolinConnectionException>(() => Plan("grpc://h:32010", new() { ["token"] = "t", ["authorization"] = "Bearer other" }, options));

        Assert.Contains("'authorization'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer other", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_and_port_credentials_are_refused_unless_overrides_are_allowed()
    {
        var credentials = new Dictionary<string, string> { ["token"] = "t", ["host"] = "elsewhere", ["port"] = "32011" };

        Assert.Throws<PangolinConnectionException>(() => Plan("grpc://h:32010", credentials));
        var endpoint = Plan("grpc://h:32010", credentials, new PangolinConnectionOptions { AllowCredentialOverrides = true }).Endpoint;
        Assert.Equal("elsewhere", endpoint.Host);
        Assert.Equal(32011, endpoint.Port);
    }

    [Fact]
    public void Assets_of_another_type_are_refused()
    {
        var ex = Assert.Throws<PangolinConnectionException>(() =>
            DremioConnectionPlan.Create(ResolvedConnections.Create("postgresql://h/db", Pat, ConnectionType.PostgreSql), null));
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
    }

    [Fact]
    public void Settings_validate_headers_and_timeouts()
    {
        var settings = new PangolinDremioSettings();
        Assert.Null(settings.Validate());

        settings.Headers["Cookie"] = "x";
        Assert.Contains("managed by the client", settings.Validate(), StringComparison.Ordinal);
        settings.Headers.Clear();
        settings.Headers["bad header"] = "x";
        Assert.Contains("not a valid gRPC header name", settings.Validate(), StringComparison.Ordinal);
        settings.Headers.Clear();
        settings.CallTimeout = TimeSpan.Zero;
        Assert.Contains("CallTimeout", settings.Validate(), StringComparison.Ordinal);
        settings.CallTimeout = null;
        settings.HealthCheckQuery = " ";
        Assert.Contains("HealthCheckQuery", settings.Validate(), StringComparison.Ordinal);
    }
}
