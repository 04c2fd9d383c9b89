using Microsoft.Data.Sqlite;

namespace Pangolin.Extensions.Sqlite;

/// <summary>
/// Settings of a SQLite connection registered with <c>AddSqliteDataSource</c>. <see cref="ConnectionStringSettings"/>
/// starts from the connection's configured <c>Pangolin:Connections:{name}:Settings</c>; the code delegate runs
/// afterwards and wins.
/// </summary>
public sealed class PangolinSqliteSettings
{
    /// <summary>
    /// Microsoft.Data.Sqlite connection-string keywords applied after the asset, such as <c>Mode</c>, <c>Cache</c>,
    /// <c>Foreign Keys</c>, <c>Default Timeout</c> or <c>Pooling</c>, compared case-insensitively. <c>Password</c> is
    /// refused: see <see cref="UsePasswordAsEncryptionKey"/>.
    /// </summary>
    public IDictionary<string, string> ConnectionStringSettings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The directory relative database paths resolve against. Default: the host's content root when an
    /// <c>IHostEnvironment</c> is registered, otherwise the current directory.
    /// </summary>
    public string? BaseDirectory { get; set; }

    /// <summary>
    /// Use the asset's encrypted <c>password</c> credential as the database encryption key (Microsoft.Data.Sqlite's
    /// <c>Password</c> keyword). Needs an encrypting SQLite build (SQLCipher, SQLite3 Multiple Ciphers); the default
    /// <c>e_sqlite3</c> bundle cannot encrypt and is refused with a clear error. Default <see langword="false"/>:
    /// SQLite has no login, so every credential is ignored (and logged by name).
    /// </summary>
    public bool UsePasswordAsEncryptionKey { get; set; }

    /// <summary>
    /// Runs on every <see cref="SqliteConnection"/> the data source creates, before it is opened (to add functions or
    /// collations after opening, use the connection's <c>StateChange</c> event).
    /// </summary>
    public Action<SqliteConnection>? ConfigureConnection { get; set; }

    /// <summary>Names the configured keywords, never their values.</summary>
    /// <returns>A description without values.</returns>
    public override string ToString() =>
        $"PangolinSqliteSettings {{ ConnectionStringSettings = [{string.Join(", ", ConnectionStringSettings.Keys.Order(StringComparer.OrdinalIgnoreCase))}], "
        + $"BaseDirectory = {BaseDirectory ?? "(default)"}, UsePasswordAsEncryptionKey = {UsePasswordAsEncryptionKey} }}";
}
