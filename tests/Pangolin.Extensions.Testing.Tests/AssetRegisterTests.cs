using System.Net;
using System.Text.RegularExpressions;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class AssetRegisterTests
{
    private const string Assets = "/api/v1/catalogs/conns/namespaces/databases/assets";

    [Fact]
    public async Task Register_returns_201_with_id_name_kind_location_and_no_properties()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson(Assets, RegisterPg);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Json, ContentType(response));
        var match = Regex.Match(
            body,
            """^\{"id":"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})","name":"pg","kind":"DB_CONN_STRING","location":"postgresql://db:5432/prod"\}$""");
        Assert.True(match.Success, body);
        Assert.True(emulator.Store.TryGetAsset("conns", "databases", "pg", out var stored));
        Assert.Equal(match.Groups[1].Value, stored.Id.ToString());
        Assert.Equal("postgresql", stored.Properties["connection_type"]);
    }

    [Fact]
    public async Task Register_without_properties_defaults_to_an_empty_map_and_accepts_an_empty_location()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson(Assets, """{"name":"x","kind":"OTHER","location":""}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(emulator.Store.TryGetAsset("conns", "databases", "x", out var stored));
        Assert.Empty(stored.Properties);
    }

    [Fact]
    public async Task Register_splits_the_namespace_segment_on_dots()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson("/api/v1/catalogs/conns/namespaces/a.b/assets", RegisterPg);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(emulator.Store.TryGetAsset("conns", ["a", "b"], "pg", out _));
    }

    [Fact]
    public async Task Register_in_a_missing_catalog_is_404_text()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        using var http = HttpFor(emulator);

        await AssertText(await http.PostJson(Assets, RegisterPg), HttpStatusCode.NotFound, "Catalog not found");
    }

    [Fact]
    public async Task Unknown_field_is_422_with_the_axum_serde_message()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson(Assets, """{"name":"pg","namespace":["x"],"kind":"DB_CONN_STRING","location":""}""");

        await AssertText(
            response,
            HttpStatusCode.UnprocessableEntity,
            "Failed to deserialize the JSON body into the target type: unknown field `namespace`, expected one of `name`, `kind`, `location`, `properties` at line 1 column 24");
    }

    [Theory]
    [InlineData("DbConnString")]
    [InlineData("db_conn_string")]
    [InlineData("MlModel")]
    public async Task Non_screaming_kind_is_422_unknown_variant(string kind)
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson(Assets, $$"""{"name":"pg","kind":"{{kind}}","location":""}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(Text, ContentType(response));
        Assert.StartsWith(
            $"Failed to deserialize the JSON body into the target type: kind: unknown variant `{kind}`, expected one of `ICEBERG_TABLE`, `DELTA_TABLE`,",
            body);
        Assert.Contains("`DB_CONN_STRING`, `OTHER` at line 1 column", body);
    }

    [Theory]
    [InlineData("5432", "integer `5432`")]
    [InlineData("true", "boolean `true`")]
    [InlineData("null", "null")]
    [InlineData("1.5", "floating point `1.5`")]
    public async Task Non_string_property_value_is_422(string value, string described)
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson(Assets, $$$"""{"name":"pg","kind":"DB_CONN_STRING","location":"","properties":{"port":{{{value}}}}}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith(
            $"Failed to deserialize the JSON body into the target type: properties.port: invalid type: {described}, expected a string at line 1 column ",
            body);
    }

    [Fact]
    public async Task Null_properties_is_422()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson(Assets, """{"name":"pg","kind":"DB_CONN_STRING","location":"","properties":null}""");

        await AssertText(
            response,
            HttpStatusCode.UnprocessableEntity,
            "Failed to deserialize the JSON body into the target type: properties: invalid type: null, expected a map at line 1 column 68");
    }

    [Fact]
    public async Task Missing_location_is_422_missing_field()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson(Assets, """{"name":"pg","kind":"DB_CONN_STRING"}""");

        await AssertText(
            response,
            HttpStatusCode.UnprocessableEntity,
            "Failed to deserialize the JSON body into the target type: missing field `location` at line 1 column 37");
    }

    [Theory]
    [InlineData("{\"name\":", "Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 8")]
    [InlineData("", "Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0")]
    [InlineData("x", "Failed to parse the request body as JSON: expected value at line 1 column 1")]
    [InlineData("}", "Failed to parse the request body as JSON: expected value at line 1 column 1")]
    public async Task Invalid_json_is_400(string json, string expected)
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        await AssertText(await http.PostJson(Assets, json), HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task Missing_or_wrong_content_type_is_415()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);
        const string message = "Expected request with `Content-Type: application/json`";

        using var none = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(RegisterPg));
        await AssertText(await http.PostAsync(Assets, none), HttpStatusCode.UnsupportedMediaType, message);
        using var plain = new StringContent(RegisterPg, System.Text.Encoding.UTF8, "text/plain");
        await AssertText(await http.PostAsync(Assets, plain), HttpStatusCode.UnsupportedMediaType, message);
        using var suffixed = new StringContent(RegisterPg, System.Text.Encoding.UTF8, "application/vnd.pangolin+json");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(Assets, suffixed)).StatusCode);
    }

    [Fact]
    public async Task Body_over_16_mib_is_413()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);
        var big = new string('x', 16 * 1024 * 1024);

        using var response = await http.PostJson(Assets, $$"""{"name":"pg","kind":"OTHER","location":"{{big}}"}""");

        await AssertText(response, HttpStatusCode.RequestEntityTooLarge, "Failed to buffer the request body: length limit exceeded");
    }

    [Fact]
    public async Task Duplicate_register_with_upsert_policy_replaces_with_a_new_id()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        var first = await ReadJson(await http.PostJson(Assets, RegisterPg), HttpStatusCode.Created);
        var second = await ReadJson(
            await http.PostJson(Assets, """{"name":"pg","kind":"DB_CONN_STRING","location":"new","properties":{"a":"b"}}"""),
            HttpStatusCode.Created);

        var firstId = Guid.Parse(first.GetProperty("id").GetString()!);
        var secondId = Guid.Parse(second.GetProperty("id").GetString()!);
        Assert.NotEqual(firstId, secondId);
        var current = await ReadJson(await http.GetAsync(Assets + "/pg"), HttpStatusCode.OK);
        Assert.Equal(secondId.ToString(), current.GetProperty("id").GetString());
        Assert.Equal("new", current.GetProperty("location").GetString());

        // Memory store: the old id still points at the (replaced) asset.
        Assert.True(emulator.Store.TryGetAssetById(firstId, out var viaOldId));
        Assert.Equal(secondId, viaOldId.Id);
    }

    [Fact]
    public async Task Duplicate_register_with_reject_policy_is_500_failed_to_persist()
    {
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions { DuplicatePolicy = DuplicateAssetPolicy.Reject });
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        Assert.Equal(HttpStatusCode.Created, (await http.PostJson(Assets, RegisterPg)).StatusCode);
        await AssertText(await http.PostJson(Assets, RegisterPg), HttpStatusCode.InternalServerError, "Failed to persist asset");
    }

    [Fact]
    public async Task Non_ascii_escapes_are_decoded_and_echoed_as_utf8()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        emulator.Store.CreateCatalog("conns");
        using var http = HttpFor(emulator);

        using var response = await http.PostJson(Assets, """{"name":"z\u00fcrich","kind":"OTHER","location":"","properties":{"d":"\u2013"}}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("\"name\":\"zürich\"", body, StringComparison.Ordinal);
        Assert.True(emulator.Store.TryGetAsset("conns", "databases", "zürich", out var stored));
        Assert.Equal("–", stored.Properties["d"]);
    }
}
