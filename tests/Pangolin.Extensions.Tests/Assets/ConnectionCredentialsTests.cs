using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.Tests.Assets;

public class ConnectionCredentialsTests
{
    private static readonly ConnectionCredentials Sample = new([new("username", "alice"), new("password", "hunter2-very-secret")]);

    [Fact]
    public void ToString_names_credentials_without_values()
    {
        var text = Sample.ToString();
        Assert.Equal("ConnectionCredentials [password, username]", text);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Debugger_display_is_redacted()
    {
        var display = typeof(ConnectionCredentials).GetCustomAttribute<DebuggerDisplayAttribute>();
        Assert.NotNull(display);
        Assert.Contains("ToString()", display.Value, StringComparison.Ordinal);
        var proxyType = typeof(ConnectionCredentials).GetCustomAttribute<DebuggerTypeProxyAttribute>()!.ProxyTypeName;
        var proxy = Activator.CreateInstance(Type.GetType(proxyType)!, Sample)!;
        var names = (string[])proxy.GetType().GetProperty("Names")!.GetValue(proxy)!;
        Assert.Equal(["password = ***", "username = ***"], names);
    }

    [Fact]
    public void Serializing_does_not_leak_values()
    {
        var json = JsonSerializer.Serialize(Sample);
        Assert.Equal("{\"password\":\"***\",\"username\":\"***\"}", json);
        Assert.DoesNotContain("hunter2", JsonSerializer.Serialize(new { Credentials = Sample }), StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_read_one_at_a_time()
    {
        Assert.Equal("alice", Sample.Username);
        Assert.Equal("hunter2-very-secret", Sample.Password);
        Assert.True(Sample.TryGetValue("password", out var pw));
        Assert.Equal("hunter2-very-secret", pw);
        Assert.False(Sample.TryGetValue("token", out _));
    }

    [Fact]
    public void Boolean_credentials_accept_python_spelling_and_name_the_credential_on_error()
    {
        var credentials = new ConnectionCredentials([new("disable_certificate_verification", "True"), new("tls", "banana-secret")]);
        Assert.True(credentials.GetBoolean("disable_certificate_verification"));
        Assert.Null(credentials.GetBoolean("absent"));
        var ex = Assert.Throws<FormatException>(() => credentials.GetBoolean("tls"));
        Assert.Contains("'tls'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("banana", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_compares_names_and_values()
    {
        Assert.Equal(Sample, new ConnectionCredentials([new("password", "hunter2-very-secret"), new("username", "alice")]));
        Assert.NotEqual(Sample, new ConnectionCredentials([new("password", "other"), new("username", "alice")]));
        Assert.NotEqual(Sample, ConnectionCredentials.Empty);
    }
}
