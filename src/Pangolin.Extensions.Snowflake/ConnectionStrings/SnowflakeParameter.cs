namespace Pangolin.Extensions.Snowflake.ConnectionStrings;

/// <summary>One keyword of a Snowflake.Data connection string, and where its value came from (for messages, never the value).</summary>
/// <param name="Keyword">The driver keyword, lowercase.</param>
/// <param name="Value">The value, possibly secret.</param>
/// <param name="Source">Where it came from, such as <c>the 'password' credential</c>.</param>
internal sealed record SnowflakeParameter(string Keyword, string Value, string Source)
{
    /// <summary>Names the keyword and the source, not the value.</summary>
    /// <returns>A description without the value.</returns>
    public override string ToString() => $"{Keyword} (from {Source})";
}
