using System.Diagnostics.CodeAnalysis;
using Pangolin.Extensions.Drivers;

namespace Pangolin.Extensions.Snowflake.ConnectionStrings;

/// <summary>
/// A <c>snowflake://account.region.snowflakecomputing.com[:port][/db[/schema]][?warehouse=…&amp;role=…]</c> connection
/// string, the form pypangolin documents "for reference" (and never reads).
/// </summary>
/// <param name="Host">The host as written.</param>
/// <param name="Port">The port, if written.</param>
/// <param name="Account">The account: the host without <c>.snowflakecomputing.com</c> (or <c>.cn</c>), else its first label.</param>
/// <param name="Database">The first path segment, if any.</param>
/// <param name="Schema">The second path segment, if any.</param>
/// <param name="Warehouse">The <c>warehouse</c> query parameter, if any.</param>
/// <param name="Role">The <c>role</c> query parameter, if any.</param>
/// <param name="HasUserInfo">Whether the URL carries a user name or password, which this package ignores.</param>
internal sealed record SnowflakeUrl(string Host, int? Port, string Account, string? Database, string? Schema, string? Warehouse, string? Role, bool HasUserInfo)
{
    private static readonly string[] Suffixes = [".snowflakecomputing.com", ".snowflakecomputing.cn"];

    /// <summary>Parses a connection string if it is a URL with a host.</summary>
    /// <param name="connectionString">The asset's connection string.</param>
    /// <param name="url">The parsed URL.</param>
    /// <param name="error">Why it could not be parsed, when it looks like a URL but is malformed (never the password).</param>
    /// <returns><see langword="true"/> when it is a URL with a host.</returns>
    public static bool TryParse(string connectionString, [NotNullWhen(true)] out SnowflakeUrl? url, out string? error)
    {
        url = null;
        error = null;
        if (!ConnectionUri.IsUrl(connectionString))
        {
            return false;
        }

        if (!ConnectionUri.TryParse(connectionString, out var uri, out error))
        {
            return false;
        }

        if (uri.Hosts.Count == 0)
        {
            error = "the connection string names no host.";
            return false;
        }

        var host = uri.Hosts[0].Host;
        var suffix = Suffixes.FirstOrDefault(s => host.EndsWith(s, StringComparison.OrdinalIgnoreCase) && host.Length > s.Length);
        var account = suffix is null ? host.Split('.')[0] : host[..^suffix.Length];
        var (database, schema) = PathSegments(connectionString);
        url = new SnowflakeUrl(
            host, uri.Hosts[0].Port, account, database, schema,
            Empty(uri.GetParameter("warehouse")), Empty(uri.GetParameter("role")), uri.UserName is not null || uri.Password is not null);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"snowflake://{Host}{(Port is null ? string.Empty : ":" + Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    private static (string? Database, string? Schema) PathSegments(string connectionString)
    {
        var rest = connectionString.Trim();
        rest = rest[(rest.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            rest = rest[..query];
        }

        var slash = rest.IndexOf('/', Math.Max(0, rest.LastIndexOf('@') + 1));
        if (slash < 0)
        {
            return (null, null);
        }

        var segments = rest[(slash + 1)..].Split('/');
        return (Empty(Decode(segments[0])), segments.Length > 1 ? Empty(Decode(segments[1])) : null);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
