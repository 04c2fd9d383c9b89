using System.Data.Common;

namespace Pangolin.Extensions.Snowflake.ConnectionStrings;

/// <summary>
/// Writes Snowflake.Data connection strings. Values are quoted by <see cref="DbConnectionStringBuilder"/>, which is
/// what the driver parses with since 2.0.18 (so <c>;</c>, <c>=</c>, quotes and spaces need no escaping of our own).
/// </summary>
/// <remarks>
/// After that parse, the driver splits the raw string on <c>;</c> and <c>=</c> once more and, for DB, SCHEMA,
/// WAREHOUSE and ROLE, takes the raw text (keeping surrounding double quotes, so <c>db="MyDb"</c> is a
/// case-sensitive quoted identifier). So these four values are written either plain (letters, digits, <c>_</c>,
/// <c>$</c>, <c>.</c>, <c>-</c> and the like) or as a quoted identifier in that raw form; anything else is refused
/// rather than handed to the driver in a form it would read differently. The result is checked with
/// <see cref="SnowflakeConnectionStringReader"/>, which also catches another value (such as a password) that
/// contains text like <c>;role=</c> and would be read as that keyword by the driver's second pass.
/// </remarks>
internal static class SnowflakeConnectionStringWriter
{
    /// <summary>Writes the parameters in order.</summary>
    /// <param name="parameters">The parameters; keywords are unique.</param>
    /// <returns>The connection string.</returns>
    /// <exception cref="SnowflakeConnectionStringException">A value cannot be written so that the driver reads it unchanged. The message names the keyword and its source, never the value.</exception>
    public static string Write(IReadOnlyList<SnowflakeParameter> parameters)
    {
        var builder = new DbConnectionStringBuilder();
        var raw = new List<string>();
        foreach (var parameter in parameters)
        {
            if (!SnowflakeKeywords.IsPlainKeyword(parameter.Keyword))
            {
                throw new SnowflakeConnectionStringException($"'{parameter.Keyword}' (from {parameter.Source}) is not a connection-string keyword: use letters, digits and underscores.");
            }

            if (!SnowflakeKeywords.Objects.Contains(parameter.Keyword) || IsPlainObjectValue(parameter.Value))
            {
                builder[parameter.Keyword] = parameter.Value;
            }
            else if (TryQuoteIdentifier(parameter.Value, out var quoted))
            {
                raw.Add($"{parameter.Keyword}={quoted}");
            }
            else
            {
                throw new SnowflakeConnectionStringException(
                    $"the value of '{parameter.Keyword}' (from {parameter.Source}) cannot be passed to Snowflake.Data unchanged: "
                    + "write it as a plain identifier (letters, digits, _ and $) or as a double-quoted identifier without ';', '=' or line breaks.");
            }
        }

        var text = builder.ConnectionString;
        foreach (var segment in raw)
        {
            text = text.Length == 0 ? segment : text + ";" + segment;
        }

        Verify(text, parameters);
        return text;
    }

    private static void Verify(string text, IReadOnlyList<SnowflakeParameter> parameters)
    {
        var read = SnowflakeConnectionStringReader.Read(text);
        foreach (var parameter in parameters)
        {
            if (!read.TryGetValue(parameter.Keyword, out var value) || !string.Equals(value, parameter.Value, StringComparison.Ordinal))
            {
                throw Injected(parameter.Keyword, parameters)
                    ?? new SnowflakeConnectionStringException($"the value of '{parameter.Keyword}' (from {parameter.Source}) would not reach Snowflake.Data unchanged.");
            }
        }

        foreach (var keyword in SnowflakeKeywords.Objects)
        {
            if (read.ContainsKey(keyword) && !parameters.Any(p => string.Equals(p.Keyword, keyword, StringComparison.OrdinalIgnoreCase)))
            {
                throw Injected(keyword, parameters)
                    ?? new SnowflakeConnectionStringException($"Snowflake.Data would read a '{keyword}' setting that was never written.");
            }
        }
    }

    private static SnowflakeConnectionStringException? Injected(string keyword, IReadOnlyList<SnowflakeParameter> parameters)
    {
        var culprit = parameters.FirstOrDefault(p => p.Value.Contains(";" + keyword + "=", StringComparison.OrdinalIgnoreCase));
        return culprit is null ? null : new SnowflakeConnectionStringException(
            $"the value of '{culprit.Keyword}' (from {culprit.Source}) contains ';{keyword}=', which Snowflake.Data's connection-string parser "
            + $"would take as the '{keyword}' setting (it splits the raw string on ';' a second time). Change that value.");
    }

    /// <summary>A value that the builder writes unquoted and the driver's second pass reads back unchanged.</summary>
    private static bool IsPlainObjectValue(string value)
    {
        foreach (var c in value)
        {
            if (c is ';' or '=' or '\'' or '"' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>"X"</c> is written as <c>"</c> + X with each <c>"</c> doubled + <c>"</c>: the driver's second pass strips the
    /// doubling again and keeps the outer quotes, giving back <c>"X"</c>.
    /// </summary>
    private static bool TryQuoteIdentifier(string value, out string quoted)
    {
        quoted = string.Empty;
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return false;
        }

        var inner = value[1..^1];
        foreach (var c in inner)
        {
            if (c is ';' or '=' || char.IsControl(c))
            {
                return false;
            }
        }

        quoted = "\"" + inner.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return true;
    }
}
