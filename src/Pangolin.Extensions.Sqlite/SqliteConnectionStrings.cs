using Microsoft.Data.Sqlite;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Sqlite;

/// <summary>
/// Turns a resolved <c>sqlite</c> asset into a Microsoft.Data.Sqlite connection string, with
/// <see cref="SqliteConnectionStringBuilder"/> only.
/// </summary>
/// <remarks>
/// Accepted connection strings (the path after <c>sqlite:</c> follows sqlx, the library Pangolin's own server uses):
/// <list type="bullet">
/// <item><c>sqlite:///abs/path.db</c> and <c>sqlite:/abs/path.db</c>: an absolute path.</item>
/// <item><c>sqlite://relative.db</c> and <c>sqlite:relative.db</c>: relative to the base directory.</item>
/// <item><c>sqlite::memory:</c>, <c>sqlite://:memory:</c>, <c>sqlite://</c>, <c>:memory:</c>: an in-memory database.</item>
/// <item><c>?mode=ro|rw|rwc|memory</c>, <c>?cache=shared|private</c> and Microsoft.Data.Sqlite keywords as query parameters.</item>
/// <item><c>Data Source=...;Mode=...</c> key=value strings, and a bare file path.</item>
/// </list>
/// Unnamed in-memory databases become a shared-cache in-memory database private to the data source, so every
/// connection of the data source sees the same data.
/// </remarks>
internal static class SqliteConnectionStrings
{
    private const string Memory = ":memory:";
    private static readonly string[] NoEncryption = ["e_sqlite3", "winsqlite3"];

    /// <summary>Builds the connection parts.</summary>
    /// <param name="resolved">The resolved asset.</param>
    /// <param name="options">The connection's options (credential rules), if known.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="baseDirectory">The directory relative paths resolve against.</param>
    /// <param name="memoryName">The name given to an unnamed in-memory database.</param>
    /// <param name="settingsPath">The configuration path of the connection's settings, for messages.</param>
    /// <returns>The parts.</returns>
    /// <exception cref="PangolinConnectionException">The asset is of another type, or unusable.</exception>
    /// <exception cref="InvalidOperationException">A setting is invalid, or encryption was asked for and the SQLite library cannot encrypt.</exception>
    public static SqliteConnectionParts Build(
        ResolvedConnection resolved, PangolinConnectionOptions? options, PangolinSqliteSettings settings, string baseDirectory, string memoryName, string settingsPath)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(settings);
        resolved.EnsureType(ConnectionType.Sqlite);
        var credentials = DriverCredentials.Sort(resolved, options, ["password"], []);

        var builder = Parse(resolved, resolved.ConnectionString);
        var droppedPassword = builder.ShouldSerialize("Password");
        builder.Remove("Password");

        foreach (var (name, value) in credentials.PassThrough)
        {
            SetKeyword(builder, name, value, () => Invalid(resolved, $"the credential '{name}' is allowed as a driver keyword but is not a Microsoft.Data.Sqlite keyword, or its value is invalid."));
        }

        foreach (var (key, value) in settings.ConnectionStringSettings)
        {
            SetKeyword(builder, key, value, () => new InvalidOperationException($"'{settingsPath}:{key}' is not a Microsoft.Data.Sqlite connection-string keyword, or its value is invalid."));
            if (builder.ShouldSerialize("Password"))
            {
                throw new InvalidOperationException(
                    $"'{settingsPath}:{key}' sets the password, which settings may not do: the key comes from the asset's encrypted 'password' credential with UsePasswordAsEncryptionKey.");
            }
        }

        var sharedMemory = NormalizeLocation(builder, baseDirectory, memoryName);
        var publicString = builder.ConnectionString;
        var ignored = new List<string>(credentials.Ignored);
        var password = credentials.Consumed.GetValueOrDefault("password");
        if (settings.UsePasswordAsEncryptionKey)
        {
            if (password is null)
            {
                throw Invalid(resolved, "UsePasswordAsEncryptionKey is set but the asset has no encrypted 'password' credential.");
            }

            EnsureEncryptionSupported(resolved.Name);
            builder.Password = password;
        }
        else if (password is not null)
        {
            ignored.Add("password");
        }

        return new SqliteConnectionParts
        {
            ConnectionString = builder.ConnectionString,
            PublicConnectionString = publicString,
            DataSource = builder.DataSource,
            IsSharedMemory = sharedMemory,
            IgnoredCredentials = ignored,
            PasswordDroppedFromConnectionString = droppedPassword,
        };
    }

    /// <summary>Parses an asset's connection string into a builder, paths as written (not yet resolved).</summary>
    /// <param name="resolved">The resolved asset, for messages.</param>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The builder.</returns>
    public static SqliteConnectionStringBuilder Parse(ResolvedConnection resolved, string connectionString)
    {
        var text = connectionString.Trim();
        var builder = new SqliteConnectionStringBuilder();
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            ApplyUrl(resolved, text["sqlite:".Length..], builder);
        }
        else if (text.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                builder.ConnectionString = text;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                throw Invalid(resolved, $"the connection string is not a valid Microsoft.Data.Sqlite connection string: {ex.Message}");
            }
        }
        else
        {
            builder.DataSource = text;
        }

        return builder;
    }

    private static void ApplyUrl(ResolvedConnection resolved, string rest, SqliteConnectionStringBuilder builder)
    {
        string? query = null;
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }

        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            rest = rest[2..];
        }

        var path = Uri.UnescapeDataString(rest);
        if (path == "/" + Memory)
        {
            path = Memory; // SQLAlchemy's sqlite:///:memory:
        }
        else if (path.Length >= 3 && path[0] == '/' && char.IsAsciiLetter(path[1]) && path[2] == ':')
        {
            path = path[1..]; // sqlite:///C:/data/app.db
        }

        builder.DataSource = path;
        foreach (var pair in (query ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var value = eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..]) : string.Empty;
            var mapped = key.ToLowerInvariant() switch
            {
                "mode" => value.ToLowerInvariant() switch
                {
                    "ro" => nameof(SqliteOpenMode.ReadOnly),
                    "rw" => nameof(SqliteOpenMode.ReadWrite),
                    "rwc" => nameof(SqliteOpenMode.ReadWriteCreate),
                    "memory" => nameof(SqliteOpenMode.Memory),
                    _ => value,
                },
                _ => value,
            };
            SetKeyword(builder, key, mapped, () => Invalid(resolved, $"the connection string parameter '{key}' is not a Microsoft.Data.Sqlite keyword or has an invalid value."));
        }
    }

    private static bool NormalizeLocation(SqliteConnectionStringBuilder builder, string baseDirectory, string memoryName)
    {
        var dataSource = builder.DataSource;
        if (dataSource.Length == 0 || dataSource == Memory)
        {
            // A private in-memory database would be empty on every open: give the data source one shared database.
            builder.DataSource = memoryName;
            builder.Mode = SqliteOpenMode.Memory;
            builder.Cache = SqliteCacheMode.Shared;
            return true;
        }

        if (builder.Mode == SqliteOpenMode.Memory)
        {
            builder.Cache = SqliteCacheMode.Shared;
            return true;
        }

        if (!dataSource.StartsWith("|DataDirectory|", StringComparison.OrdinalIgnoreCase)
            && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // Relative paths against the base directory (not the process's current directory); "//abs" becomes "/abs".
            builder.DataSource = Path.GetFullPath(dataSource, baseDirectory);
        }

        return false;
    }

    private static void SetKeyword(SqliteConnectionStringBuilder builder, string key, string value, Func<Exception> error)
    {
        try
        {
            builder[key] = value;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw error();
        }
    }

    private static void EnsureEncryptionSupported(string connectionName)
    {
        using (new SqliteConnection())
        {
            // Creating a connection initializes SQLitePCLRaw, which knows which native library it loaded.
        }

        var library = SQLitePCL.raw.GetNativeLibraryName();
        if (NoEncryption.Contains(library, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Connection '{connectionName}': UsePasswordAsEncryptionKey is set, but the native SQLite library '{library}' cannot encrypt. "
                + "Reference Microsoft.Data.Sqlite.Core with an encrypting SQLitePCLRaw bundle (SQLCipher or SQLite3 Multiple Ciphers) instead of Microsoft.Data.Sqlite, "
                + "or turn UsePasswordAsEncryptionKey off.");
        }
    }

    private static PangolinConnectionException Invalid(ResolvedConnection resolved, string detail) =>
        new(ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference, detail);
}
