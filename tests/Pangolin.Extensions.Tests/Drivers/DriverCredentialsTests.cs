using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Tests.Drivers;

public class DriverCredentialsTests
{
    private static readonly string[] Consumed = ["username", "password"];
    private static readonly string[] Location = ["host", "port", "database"];

    [Fact]
    public void Credentials_that_move_the_connection_are_refused_by_default()
    {
        var resolved = Resolved(("username", "u"), ("password", "p"), ("host", "evil.example.com"));
        var ex = Assert.Throws<PangolinConnectionException>(() => DriverCredentials.Sort(resolved, new PangolinConnectionOptions(), Consumed, Location));
        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'host'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Connection 'orders'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example.com", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_pass_when_allowed()
    {
        var options = new PangolinConnectionOptions { AllowCredentialOverrides = true };
        var sorted = DriverCredentials.Sort(Resolved(("host", "other"), ("port", "6000")), options, Consumed, Location);
        Assert.Equal("other", sorted.LocationOverrides["host"]);
        Assert.Equal("6000", sorted.LocationOverrides["PORT"]);
    }

    [Fact]
    public void Extra_credentials_pass_only_through_the_allow_list()
    {
        var options = new PangolinConnectionOptions();
        options.AllowedCredentialKeywords.Add("sslpassword");
        var sorted = DriverCredentials.Sort(
            Resolved(("username", "u"), ("password", "p"), ("sslpassword", "x"), ("options", "-c search_path=evil")), options, Consumed, Location);

        Assert.Equal(["password", "username"], sorted.Consumed.Keys.Order());
        Assert.Equal("x", sorted.PassThrough["sslpassword"]);
        Assert.Equal(["options"], sorted.Ignored);
        Assert.DoesNotContain("-c", sorted.ToString(), StringComparison.Ordinal);
    }

    private static ResolvedConnection Resolved(params (string Name, string Value)[] credentials)
    {
        var raw = new PangolinAsset("id", "a", "DB_CONN_STRING", "postgresql://h/db",
            new Dictionary<string, string> { ["connection_type"] = "postgresql", ["connection_string"] = "postgresql://h/db" });
        var asset = ConnectionAssetCodec.Decode(raw, AssetReference.Parse("c.n.a"));
        return new ResolvedConnection("orders", asset, new ConnectionCredentials(credentials.Select(c => new KeyValuePair<string, string>(c.Name, c.Value))), DateTimeOffset.UnixEpoch);
    }
}
