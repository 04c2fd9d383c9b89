using Pangolin.Extensions.Drivers;

namespace Pangolin.Extensions.Tests.Drivers;

public class ConnectionUriTests
{
    [Fact]
    public void Parses_user_password_host_port_database_and_query()
    {
        var uri = ConnectionUri.Parse("postgresql://alice:s%3Bcr%40t@db.example.com:6543/orders?sslmode=require&application_name=my%20app");

        Assert.Equal("postgresql", uri.Scheme);
        Assert.Equal("alice", uri.UserName);
        Assert.Equal("s;cr@t", uri.Password);
        Assert.Equal([new ConnectionHost("db.example.com", 6543)], uri.Hosts);
        Assert.Equal("orders", uri.Database);
        Assert.Equal("require", uri.GetParameter("sslmode"));
        Assert.Equal("my app", uri.GetParameter("APPLICATION_NAME"));
    }

    [Theory]
    [InlineData("postgresql://[::1]:5432/db", "::1", 5432)]
    [InlineData("postgresql://[2001:db8::7]/db", "2001:db8::7", null)]
    [InlineData("mysql://h/db", "h", null)]
    [InlineData("postgresql://h:5432", "h", 5432)]
    public void Parses_hosts_including_ipv6(string text, string host, int? port)
    {
        var uri = ConnectionUri.Parse(text);
        Assert.Equal(host, uri.Hosts.Single().Host);
        Assert.Equal(port, uri.Hosts.Single().Port);
    }

    [Fact]
    public void Keeps_the_host_when_there_is_no_database_unlike_pypangolin()
    {
        var uri = ConnectionUri.Parse("postgresql://db.example.com:5432");
        Assert.Equal("db.example.com", uri.Hosts[0].Host);
        Assert.Null(uri.Database);
    }

    [Fact]
    public void Query_never_leaks_into_the_database()
    {
        var uri = ConnectionUri.Parse("postgresql://h/db?sslmode=require");
        Assert.Equal("db", uri.Database);
    }

    [Fact]
    public void Multiple_hosts_are_kept_in_order()
    {
        var uri = ConnectionUri.Parse("postgresql://h1:5432,h2:5433,[::1]/db");
        Assert.Equal(["h1:5432", "h2:5433", "[::1]"], uri.Hosts.Select(h => h.ToString()));
    }

    [Fact]
    public void An_unescaped_at_sign_in_the_password_is_tolerated()
    {
        var uri = ConnectionUri.Parse("mysql://bob:p@ss@h:3306/db");
        Assert.Equal("bob", uri.UserName);
        Assert.Equal("p@ss", uri.Password);
        Assert.Equal("h", uri.Hosts[0].Host);
    }

    [Fact]
    public void Unescaped_legacy_passwords_win_over_at_signs_in_database_names()
    {
        var legacy = ConnectionUri.Parse("mongodb://user:p@ss/w:rd@mongo:27017/events");
        Assert.Equal("user", legacy.UserName);
        Assert.Equal("p@ss/w:rd", legacy.Password);
        Assert.Equal("mongo", legacy.Hosts[0].Host);
        Assert.Equal("events", legacy.Database);

        var encoded = ConnectionUri.Parse("postgresql://u:p@h:5432/team%402024");
        Assert.Equal("h", encoded.Hosts[0].Host);
        Assert.Equal("team@2024", encoded.Database);
    }

    [Theory]
    [InlineData("host=h dbname=x", "no 'scheme://'")]
    [InlineData("postgresql://h:99999/db", "port '99999'")]
    [InlineData("postgresql://h:abc/db", "port 'abc'")]
    [InlineData("postgresql://::1/db", "brackets")]
    [InlineData("postgresql://[::1/db", "closing ']'")]
    public void Malformed_urls_explain_what_is_wrong(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ConnectionUri.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_and_ToString_never_show_the_password()
    {
        Assert.False(ConnectionUri.TryParse("postgresql://u:topsecret@h:bad/db", out _, out var error));
        Assert.DoesNotContain("topsecret", error, StringComparison.Ordinal);
        Assert.Equal("postgresql://u:***@h:5/db", ConnectionUri.Parse("postgresql://u:topsecret@h:5/db").ToString());
    }

    [Theory]
    [InlineData("postgresql://h/db", true)]
    [InlineData("Host=h;Database=x", false)]
    [InlineData("Data Source=a://b", false)]
    [InlineData("", false)]
    public void Recognises_url_forms(string text, bool expected) => Assert.Equal(expected, ConnectionUri.IsUrl(text));
}
