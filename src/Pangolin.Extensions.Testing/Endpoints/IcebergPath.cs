namespace Pangolin.Extensions.Testing;

/// <summary>Iceberg REST path parameters: namespace levels separated by U+001F, optional <c>@branch</c> suffixes.</summary>
internal static class IcebergPath
{
    public static (string[] Levels, string? Branch) ParseNamespace(string raw)
    {
        var (value, branch) = SplitBranch(raw);
        return (value.Split('\u001F'), branch);
    }

    public static (string Name, string? Branch) ParseTable(string raw) => SplitBranch(raw);

    private static (string Value, string? Branch) SplitBranch(string raw)
    {
        var at = raw.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? (raw, null) : (raw[..at], raw[(at + 1)..]);
    }
}
