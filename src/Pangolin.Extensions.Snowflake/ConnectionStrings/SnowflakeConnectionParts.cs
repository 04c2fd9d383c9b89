namespace Pangolin.Extensions.Snowflake.ConnectionStrings;

/// <summary>A Snowflake.Data connection string built from one resolution of an asset, and what was decided on the way.</summary>
internal sealed class SnowflakeConnectionParts
{
    /// <summary>The full connection string, with the password. Secret: only ever handed to the driver.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The same keywords without secrets: what <c>DbDataSource.ConnectionString</c> shows.</summary>
    public required string RedactedConnectionString { get; init; }

    /// <summary>The account identifier.</summary>
    public required string Account { get; init; }

    /// <summary>The host, when set explicitly (otherwise the driver uses <c>{account}.snowflakecomputing.com</c>).</summary>
    public string? Host { get; init; }

    /// <summary>The database, if any.</summary>
    public string? Database { get; init; }

    /// <summary>The login name, if any.</summary>
    public string? User { get; init; }

    /// <summary>Credentials that were not used, by name.</summary>
    public IReadOnlyList<string> IgnoredCredentials { get; init; } = [];

    /// <summary>The asset's connection string names another account than the <c>account</c> credential, which wins.</summary>
    public bool UrlAccountIgnored { get; init; }

    /// <summary>The asset's connection string carries a user name or password, which is ignored.</summary>
    public bool UrlUserInfoIgnored { get; init; }

    /// <summary>The asset's connection string is not a <c>snowflake://</c> URL and was ignored, as pypangolin does.</summary>
    public bool ConnectionStringIgnored { get; init; }

    /// <summary>Whether two builds log in to the same place as the same user.</summary>
    /// <param name="other">The other build.</param>
    /// <returns><see langword="true"/> if account, host, user and database are equal.</returns>
    public bool SameTarget(SnowflakeConnectionParts other) =>
        string.Equals(Account, other.Account, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
        && string.Equals(User, other.User, StringComparison.Ordinal)
        && string.Equals(Database, other.Database, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => RedactedConnectionString;
}
