using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Tests.Assets;

public class ConnectionAssetCodecTests
{
    private static readonly AssetReference Where = AssetReference.Parse("data_sources.databases.prod_postgres");

    private static ConnectionAssetDefinition Postgres(string? description = null, Dictionary<string, string>? extra = null) =>
        new(ConnectionType.PostgreSql, "postgresql://db.example.com:5432/production",
            new ConnectionCredentials([new("username", "app"), new("password", "p@ss;w=rd ✓")]))
        {
            Description = description,
            ExtraProperties = extra ?? [],
        };

    [Fact]
    public void Encode_writes_pypangolin_layout_in_pypangolin_order()
    {
        var keys = TestKeys.NewRing();
        var properties = ConnectionAssetCodec.Encode(Postgres("Production PostgreSQL database", new() { ["owner"] = "data-team" }), keys);

        Assert.Equal(
            ["connection_type", "connection_string", "encrypted_password", "encrypted_username", "owner", "description"],
            properties.Keys.ToArray());
        Assert.Equal("postgresql", properties["connection_type"]);
        Assert.Equal("postgresql://db.example.com:5432/production", properties["connection_string"]);
        Assert.StartsWith("gAAAAA", properties["encrypted_password"], StringComparison.Ordinal);
        Assert.Equal("p@ss;w=rd ✓", keys.DecryptString(properties["encrypted_password"]));
        Assert.Equal("app", keys.DecryptString(properties["encrypted_username"]));
        Assert.Equal("data-team", properties["owner"]);
        Assert.False(properties.ContainsKey("encryption_key"));
    }

    [Fact]
    public void Encode_omits_an_empty_description_and_stores_the_key_only_when_asked()
    {
        var keys = TestKeys.NewRing();
        var without = ConnectionAssetCodec.Encode(Postgres(description: ""), keys);
        Assert.False(without.ContainsKey("description"));

        var with = ConnectionAssetCodec.Encode(Postgres(), keys, storeKey: true);
        Assert.Equal(keys.PrimaryKey.Export(), with["encryption_key"]);
        Assert.Equal(44, with["encryption_key"].Length);
    }

    [Fact]
    public void Encode_uses_the_primary_key_of_a_ring()
    {
        var newKey = FernetKey.Generate();
        var oldKey = FernetKey.Generate();
        var properties = ConnectionAssetCodec.Encode(Postgres(), TestKeys.Ring(newKey, oldKey));

        Assert.Equal("app", new Fernet(newKey).DecryptString(properties["encrypted_username"]));
        Assert.Throws<InvalidFernetTokenException>(() => new Fernet(oldKey).DecryptString(properties["encrypted_username"]));
    }

    [Theory]
    [InlineData("encrypted_x")]
    [InlineData("my_encrypted_y")]
    public void Encode_refuses_credential_names_containing_the_prefix(string name)
    {
        var definition = new ConnectionAssetDefinition(ConnectionType.MySql, "mysql://h/db", new ConnectionCredentials([new(name, "v")]));
        var ex = Assert.Throws<ArgumentException>(() => ConnectionAssetCodec.Encode(definition, TestKeys.NewRing()));
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("connection_type")]
    [InlineData("encryption_key")]
    [InlineData("encrypted_password")]
    public void Encode_refuses_extra_properties_that_would_override_the_layout(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => ConnectionAssetCodec.Encode(Postgres(extra: new() { [name] = "x" }), TestKeys.NewRing()));
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_then_decrypt_round_trips()
    {
        var keys = TestKeys.NewRing();
        var properties = ConnectionAssetCodec.Encode(Postgres("desc", new() { ["owner"] = "team" }), keys);
        var asset = ConnectionAssetCodec.Decode(Raw(properties), Where);

        Assert.Equal(ConnectionType.PostgreSql, asset.ConnectionType);
        Assert.False(asset.ConnectionTypeInferred);
        Assert.Equal("postgresql://db.example.com:5432/production", asset.ConnectionString);
        Assert.Equal("desc", asset.Description);
        Assert.Equal(["password", "username"], asset.CredentialNames);
        Assert.Equal("team", asset.ExtraProperties["owner"]);
        Assert.False(asset.HasStoredKey);

        var credentials = ConnectionAssetCodec.Decrypt(asset, keys);
        Assert.Equal("app", credentials.Username);
        Assert.Equal("p@ss;w=rd ✓", credentials.Password);
    }

    [Fact]
    public void Decode_reads_a_stored_key_from_pypangolin_0_6_assets()
    {
        var keys = TestKeys.NewRing();
        var asset = ConnectionAssetCodec.Decode(Raw(ConnectionAssetCodec.Encode(Postgres(), keys, storeKey: true)), Where);
        Assert.True(asset.HasStoredKey);
        Assert.DoesNotContain(keys.PrimaryKey.Export(), asset.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("encryption_key", asset.ExtraProperties.Keys);
    }

    [Theory]
    [InlineData("postgresql://h:5432/db", "postgresql")]
    [InlineData("postgres://h/db", "postgresql")]
    [InlineData("redshift://cluster:5439/dev", "redshift")]
    [InlineData("mysql://h/db", "mysql")]
    [InlineData("mongodb+srv://cluster/db", "mongodb")]
    [InlineData("grpc+tls://data.dremio.cloud:443", "dremio")]
    [InlineData("sqlite:///tmp/app.db", "sqlite")]
    [InlineData("sqlite:app.db", "sqlite")]
    [InlineData("sqlserver://h:1433;database=x", "sqlserver")]
    [InlineData("jdbc:postgresql://h:5432/db", "postgresql")]
    [InlineData("mysql+pymysql://h/db", "mysql")]
    [InlineData("postgresql+psycopg2://h/db", "postgresql")]
    public void Legacy_assets_without_connection_type_fall_back_to_the_scheme(string connectionString, string expected)
    {
        var raw = new PangolinAsset("id", "legacy", "DB_CONN_STRING", connectionString, new Dictionary<string, string>());
        var asset = ConnectionAssetCodec.Decode(raw, Where);
        Assert.Equal(expected, asset.ConnectionType.Value);
        Assert.True(asset.ConnectionTypeInferred);
        Assert.Equal(connectionString, asset.ConnectionString);
        Assert.Equal(0, ConnectionAssetCodec.Decrypt(asset, TestKeys.NewRing()).Count);
    }

    [Fact]
    public void Unknown_scheme_without_connection_type_names_the_connection_and_asset()
    {
        var raw = new PangolinAsset("id", "legacy", "DB_CONN_STRING", "weird://alice:hunter2@h/db", new Dictionary<string, string>());
        var ex = Assert.Throws<PangolinConnectionException>(() => ConnectionAssetCodec.Decode(raw, Where, "orders"));
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
        Assert.Contains("Connection 'orders' (asset 'data_sources.databases.prod_postgres')", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_leading_prefix_is_stripped()
    {
        var keys = TestKeys.NewRing();
        var raw = Raw(new Dictionary<string, string>
        {
            ["connection_type"] = "postgresql",
            ["connection_string"] = "postgresql://h/db",
            ["encrypted_encrypted_x"] = keys.Encrypt("one"),
            ["encrypted_my_encrypted_y"] = keys.Encrypt("two"),
        });
        var credentials = ConnectionAssetCodec.Decrypt(ConnectionAssetCodec.Decode(raw, Where), keys);
        Assert.Equal(["encrypted_x", "my_encrypted_y"], credentials.Names);
        Assert.Equal("one", credentials.GetValueOrDefault("encrypted_x"));
    }

    [Fact]
    public void Another_kind_without_connection_layout_is_rejected()
    {
        var raw = new PangolinAsset("id", "t", "ICEBERG_TABLE", "s3://bucket/t", new Dictionary<string, string>());
        var ex = Assert.Throws<PangolinConnectionException>(() => ConnectionAssetCodec.Decode(raw, Where, "orders"));
        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("ICEBERG_TABLE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pre_0_7_row_misreported_as_iceberg_table_still_decodes()
    {
        var keys = TestKeys.NewRing();
        var properties = ConnectionAssetCodec.Encode(Postgres(), keys);
        var raw = new PangolinAsset("id", "prod", "ICEBERG_TABLE", "postgresql://db.example.com:5432/production", properties);
        Assert.Equal(ConnectionType.PostgreSql, ConnectionAssetCodec.Decode(raw, Where).ConnectionType);
    }

    [Fact]
    public void Wrong_key_names_connection_asset_and_property_but_not_the_key()
    {
        var right = TestKeys.NewRing();
        var wrong = TestKeys.NewRing();
        var asset = ConnectionAssetCodec.Decode(Raw(ConnectionAssetCodec.Encode(Postgres(), right)), Where);

        var ex = Assert.Throws<PangolinConnectionException>(() => ConnectionAssetCodec.Decrypt(asset, wrong, "orders"));
        Assert.Equal(ConnectionFailureReason.DecryptionFailed, ex.Reason);
        Assert.Equal("orders", ex.ConnectionName);
        Assert.Equal(Where, ex.Asset);
        Assert.Contains("'encrypted_password'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Connection 'orders' (asset 'data_sources.databases.prod_postgres')", ex.Message, StringComparison.Ordinal);
        foreach (var key in new[] { right.PrimaryKey, wrong.PrimaryKey })
        {
            Assert.DoesNotContain(key.Export(), ex.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_key_ring_decrypts_with_an_older_key()
    {
        var oldKey = FernetKey.Generate();
        var asset = ConnectionAssetCodec.Decode(Raw(ConnectionAssetCodec.Encode(Postgres(), TestKeys.Ring(oldKey))), Where);
        var credentials = ConnectionAssetCodec.Decrypt(asset, TestKeys.Ring(FernetKey.Generate(), oldKey));
        Assert.Equal("app", credentials.Username);
    }

    [Fact]
    public void Missing_connection_string_and_location_is_invalid()
    {
        var raw = new PangolinAsset("id", "x", "DB_CONN_STRING", "", new Dictionary<string, string> { ["connection_type"] = "mysql" });
        var ex = Assert.Throws<PangolinConnectionException>(() => ConnectionAssetCodec.Decode(raw, Where, "orders"));
        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("connection_string", ex.Message, StringComparison.Ordinal);
    }

    private static PangolinAsset Raw(Dictionary<string, string> properties) =>
        new("3f1c", Where.Name, "DB_CONN_STRING", properties.GetValueOrDefault("connection_string") ?? string.Empty, properties);
}
