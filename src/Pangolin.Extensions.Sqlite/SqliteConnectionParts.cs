namespace Pangolin.Extensions.Sqlite;

/// <summary>What a resolved asset turns into for Microsoft.Data.Sqlite. <see cref="ToString"/> shows no secret.</summary>
internal sealed class SqliteConnectionParts
{
    /// <summary>The connection string the connections use: with the encryption key when one is used (secret then).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The same without the encryption key.</summary>
    public required string PublicConnectionString { get; init; }

    /// <summary>The database file, or the name of a shared in-memory database.</summary>
    public required string DataSource { get; init; }

    /// <summary>Whether this is a shared in-memory database, which lives only while a connection to it is open.</summary>
    public bool IsSharedMemory { get; init; }

    /// <summary>Credential names that were ignored.</summary>
    public IReadOnlyList<string> IgnoredCredentials { get; init; } = [];

    /// <summary>Whether a clear-text password in the asset's connection string was dropped.</summary>
    public bool PasswordDroppedFromConnectionString { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"SqliteConnectionParts {{ ConnectionString = {PublicConnectionString} }}";
}
