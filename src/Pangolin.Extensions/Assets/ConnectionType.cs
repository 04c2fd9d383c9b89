using System.Diagnostics.CodeAnalysis;

namespace Pangolin.Extensions.Assets;

/// <summary>
/// The kind of database a connection asset points at, as written in the asset's <c>connection_type</c> property.
/// pypangolin writes the class name without <c>Asset</c>, lowercased (<c>postgresql</c>, <c>mysql</c>, …).
/// </summary>
/// <remarks>Compared case-insensitively; any other value is kept as written so that driver packages can add types.</remarks>
public readonly struct ConnectionType : IEquatable<ConnectionType>
{
    private static readonly Dictionary<string, string> SchemeToType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["postgresql"] = "postgresql",
        ["postgres"] = "postgresql",
        ["pgsql"] = "postgresql",
        ["redshift"] = "redshift",
        ["mysql"] = "mysql",
        ["mariadb"] = "mysql",
        ["mongodb"] = "mongodb",
        ["mongodb+srv"] = "mongodb",
        ["snowflake"] = "snowflake",
        ["synapse"] = "synapse",
        ["sqlserver"] = "sqlserver",
        ["mssql"] = "sqlserver",
        ["bigquery"] = "bigquery",
        ["grpc"] = "dremio",
        ["grpc+tls"] = "dremio",
        ["dremio"] = "dremio",
        ["sqlite"] = "sqlite",
    };

    private readonly string? _value;

    /// <summary>Creates a connection type from its text, trimmed and lowercased.</summary>
    /// <param name="value">The type text, such as <c>postgresql</c>.</param>
    public ConnectionType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim().ToLowerInvariant();
    }

    /// <summary>PostgreSQL (<c>postgresql</c>).</summary>
    public static ConnectionType PostgreSql { get; } = new("postgresql");

    /// <summary>Amazon Redshift (<c>redshift</c>), spoken to with the PostgreSQL protocol.</summary>
    public static ConnectionType Redshift { get; } = new("redshift");

    /// <summary>MySQL or MariaDB (<c>mysql</c>).</summary>
    public static ConnectionType MySql { get; } = new("mysql");

    /// <summary>MongoDB (<c>mongodb</c>).</summary>
    public static ConnectionType MongoDb { get; } = new("mongodb");

    /// <summary>Snowflake (<c>snowflake</c>).</summary>
    public static ConnectionType Snowflake { get; } = new("snowflake");

    /// <summary>Azure Synapse (<c>synapse</c>), spoken to with the SQL Server protocol.</summary>
    public static ConnectionType Synapse { get; } = new("synapse");

    /// <summary>SQL Server (<c>sqlserver</c>); not written by pypangolin, accepted for <c>sqlserver://</c> assets.</summary>
    public static ConnectionType SqlServer { get; } = new("sqlserver");

    /// <summary>Google BigQuery (<c>bigquery</c>).</summary>
    public static ConnectionType BigQuery { get; } = new("bigquery");

    /// <summary>Dremio over Arrow Flight (<c>dremio</c>).</summary>
    public static ConnectionType Dremio { get; } = new("dremio");

    /// <summary>SQLite (<c>sqlite</c>), the embedded default for samples and local work.</summary>
    public static ConnectionType Sqlite { get; } = new("sqlite");

    /// <summary>The lowercase type text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of the types pypangolin 0.8 writes, or <c>sqlite</c>/<c>sqlserver</c>.</summary>
    public bool IsKnown => SchemeToType.ContainsValue(Value);

    /// <summary>
    /// Infers the type from a connection string's URL scheme (<c>postgresql://</c>, <c>grpc+tls://</c>, …), also in its
    /// JDBC (<c>jdbc:mysql://</c>) and SQLAlchemy (<c>postgresql+psycopg2://</c>) spellings.
    /// </summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="type">The inferred type.</param>
    /// <returns><see langword="true"/> when the scheme is recognised.</returns>
    public static bool TryInferFromConnectionString([NotNullWhen(true)] string? connectionString, out ConnectionType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        var end = connectionString.IndexOf("://", StringComparison.Ordinal);
        if (end <= 0)
        {
            // "sqlite:path" is also a common spelling.
            end = connectionString.IndexOf(':', StringComparison.Ordinal);
            if (end <= 0 || !connectionString.AsSpan(0, end).Equals("sqlite", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        var scheme = connectionString[..end].Trim();
        if (scheme.StartsWith("jdbc:", StringComparison.OrdinalIgnoreCase))
        {
            scheme = scheme[5..];
        }

        if (SchemeToType.TryGetValue(scheme, out var value))
        {
            type = new ConnectionType(value);
            return true;
        }

        // SQLAlchemy spells a driver after the dialect: postgresql+psycopg2://, mysql+pymysql://.
        var plus = scheme.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0 && SchemeToType.TryGetValue(scheme[..plus], out value))
        {
            type = new ConnectionType(value);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(ConnectionType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ConnectionType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The type text.</summary>
    /// <returns>The type text.</returns>
    public override string ToString() => Value;

    /// <summary>Compares two types.</summary>
    /// <param name="left">The first type.</param>
    /// <param name="right">The second type.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(ConnectionType left, ConnectionType right) => left.Equals(right);

    /// <summary>Compares two types.</summary>
    /// <param name="left">The first type.</param>
    /// <param name="right">The second type.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(ConnectionType left, ConnectionType right) => !left.Equals(right);
}
