using System.Text.RegularExpressions;

namespace Pangolin.Extensions.Assets;

/// <summary>String conventions shared with pypangolin for asset property values.</summary>
public static partial class PropertyValues
{
    /// <summary>Writes a boolean the way pypangolin's readers expect: <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns><c>true</c> or <c>false</c>.</returns>
    public static string FormatBoolean(bool value) => value ? "true" : "false";

    /// <summary>
    /// Parses a boolean written by .NET (<c>true</c>), by Python's <c>str()</c> (<c>True</c>), or as <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> if the text is a boolean.</returns>
    public static bool TryParseBoolean(string? text, out bool value)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                value = true;
                return true;
            case "false" or "0" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>
    /// Hides passwords that a connection string itself may carry (<c>scheme://user:password@host</c> or
    /// <c>Password=…</c>), so that the string can be logged or shown.
    /// </summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The connection string with any embedded password replaced by <c>***</c>.</returns>
    public static string RedactConnectionString(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return string.Empty;
        }

        var redacted = UserInfoPassword().Replace(connectionString, "$1***@");
        return KeywordSecret().Replace(redacted, "$1***");
    }

    [GeneratedRegex(@"(://[^:/@\s]*:)[^@\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPassword();

    [GeneratedRegex(@"(?i)((?:^|[;?&])\s*(?:password|pwd|pass|secret|token|api[_-]?key|access[_-]?token)\s*=\s*)(""[^""]*""|'[^']*'|\{[^}]*\}|[^;&]*)", RegexOptions.CultureInvariant)]
    private static partial Regex KeywordSecret();
}
