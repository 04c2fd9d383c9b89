namespace Pangolin.Extensions.Testing;

/// <summary>The <c>kind</c> values the server accepts (serde SCREAMING_SNAKE_CASE of <c>AssetType</c>).</summary>
public static class PangolinAssetKinds
{
    /// <summary>A database connection string asset.</summary>
    public const string DbConnString = "DB_CONN_STRING";

    /// <summary>An Iceberg table.</summary>
    public const string IcebergTable = "ICEBERG_TABLE";

    /// <summary>A generic asset of another type.</summary>
    public const string Other = "OTHER";

    /// <summary>Every accepted value, in the order of the Rust enum (which is the order the 422 message lists).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        IcebergTable,
        "DELTA_TABLE",
        "HUDI_TABLE",
        "PARQUET_TABLE",
        "CSV_TABLE",
        "JSON_TABLE",
        "VIEW",
        "ML_MODEL",
        "APACHE_PAIMON",
        "VORTEX",
        "LANCE",
        "NIMBLE",
        "DIRECTORY",
        "VIDEO_FILE",
        "IMAGE_FILE",
        DbConnString,
        Other,
    ];

    /// <summary>Whether <paramref name="kind"/> is an accepted wire spelling (case-sensitive).</summary>
    /// <param name="kind">The value to test.</param>
    /// <returns><see langword="true"/> when the server would accept it.</returns>
    public static bool IsValid(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
