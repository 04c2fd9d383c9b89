using System.Data.Common;
using System.Text.RegularExpressions;

namespace Pangolin.Extensions.Snowflake.ConnectionStrings;

/// <summary>
/// Reads a connection string the way Snowflake.Data documents and implements it: a <see cref="DbConnectionStringBuilder"/>
/// parse, then a second pass over the raw text split on <c>;</c> where a <c>db</c>, <c>schema</c>, <c>warehouse</c> or
/// <c>role</c> segment with exactly one <c>=</c> replaces the parsed value by its raw text (a <c>"…"</c> value keeps
/// its quotes, with <c>""</c> turned into <c>"</c>). Used to check what this package writes, not to connect.
/// </summary>
internal static partial class SnowflakeConnectionStringReader
{
    /// <summary>Reads the effective keyword values (keywords lowercase).</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The values by keyword, compared case-insensitively.</returns>
    public static Dictionary<string, string> Read(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string key in builder.Keys)
        {
            values[key.ToLowerInvariant()] = Convert.ToString(builder[key], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        foreach (var segment in connectionString.Split(';'))
        {
            var tokens = segment.Split('=');
            if (tokens.Length == 2 && SnowflakeKeywords.Objects.Contains(tokens[0]))
            {
                values[tokens[0].ToLowerInvariant()] = UnescapeObject(tokens[1]);
            }
        }

        return values;
    }

    private static string UnescapeObject(string raw)
    {
        var match = QuotedIdentifier().Match(raw);
        return match.Success ? "\"" + match.Groups[1].Value.Replace("\"\"", "\"", StringComparison.Ordinal) + "\"" : raw;
    }

    [GeneratedRegex("^\"(.*)\"$")]
    private static partial Regex QuotedIdentifier();
}
