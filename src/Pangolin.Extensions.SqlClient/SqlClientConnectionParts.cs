namespace Pangolin.Extensions.SqlClient;

/// <summary>
/// What a resolved asset turns into for SqlClient: a connection string without user name or password, and the login
/// to pass as a <c>SqlCredential</c>. <see cref="ToString"/> shows no secret.
/// </summary>
internal sealed class SqlClientConnectionParts
{
    /// <summary>The connection string: no <c>Password</c>, and no <c>User ID</c> when <see cref="Password"/> is set.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The user name, when the login goes through a credential.</summary>
    public string? UserId { get; init; }

    /// <summary>The password (secret), or <see langword="null"/> when there is none.</summary>
    public string? Password { get; init; }

    /// <summary>The server, for messages.</summary>
    public required string DataSource { get; init; }

    /// <summary>The database, for messages.</summary>
    public string? Database { get; init; }

    /// <summary>Credential names that were neither used nor allowed.</summary>
    public IReadOnlyList<string> IgnoredCredentials { get; init; } = [];

    /// <summary>Whether the asset has an ODBC <c>driver</c> credential (ignored).</summary>
    public bool OdbcDriverIgnored { get; init; }

    /// <summary>TLS-weakening keywords found in the asset's connection string and dropped.</summary>
    public IReadOnlyList<string> DroppedKeywords { get; init; } = [];

    /// <summary>Whether the password came from the asset's clear-text connection string.</summary>
    public bool PasswordFromConnectionString { get; init; }

    /// <summary>Whether a Synapse asset's connection string was not used (the <c>server</c> credential named the server).</summary>
    public bool ConnectionStringIgnored { get; init; }

    /// <summary>Whether two results log in the same way (same user and password), so one <c>SqlCredential</c> serves both.</summary>
    /// <param name="other">The other result.</param>
    /// <returns><see langword="true"/> when user and password are equal.</returns>
    public bool SameLogin(SqlClientConnectionParts other) =>
        string.Equals(UserId, other.UserId, StringComparison.Ordinal) && string.Equals(Password, other.Password, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() =>
        $"SqlClientConnectionParts {{ ConnectionString = {ConnectionString}, UserId = {UserId}, Password = {(Password is null ? "none" : "***")} }}";
}
