using System.Diagnostics;
using System.Text.Json;

namespace Pangolin.Extensions.Testing.Tests;

/// <summary>Runs pypangolin's exact wire calls with python-requests against the emulator.</summary>
public sealed class PythonWireTests
{
    /// <summary>
    /// What pypangolin 0.8.0 sends: login with kebab-case tenant-id (auth.py), then every request with
    /// Authorization: Bearer plus X-Pangolin-Tenant (client.py), catalog create with warehouse_name, Iceberg namespace
    /// create, then BaseConnectionAsset.register: POST with json= (ensure_ascii escapes) and an immediate GET.
    /// </summary>
    private const string Script = """
        import json, sys
        import requests

        base, user, password, tenant = sys.argv[1:5]
        timeout = (5, 30)
        r = requests.post(f"{base}/api/v1/users/login",
                          json={"username": user, "password": password, "tenant-id": tenant}, timeout=timeout)
        assert r.status_code == 200, (r.status_code, r.text)
        token = r.json()["token"]
        headers = {"Authorization": f"Bearer {token}", "X-Pangolin-Tenant": tenant}

        r = requests.post(f"{base}/api/v1/catalogs", json={"name": "data_sources", "warehouse_name": ""},
                          headers=headers, timeout=timeout)
        assert r.status_code == 201, (r.status_code, r.text)
        r = requests.post(f"{base}/v1/data_sources/namespaces", json={"namespace": ["databases"], "properties": {}},
                          headers=headers, timeout=timeout)
        assert r.status_code == 200, (r.status_code, r.text)

        properties = {
            "connection_type": "postgresql",
            "connection_string": "postgresql://db.example.com:5432/production",
            "encrypted_username": "gAAAAABuser==",
            "encrypted_password": "gAAAAABpass==",
            "description": "Produktion \u2013 Z\u00fcrich",
        }
        catalog, namespace, name = "data_sources", "databases", "prod_postgres"
        reg = requests.post(f"{base}/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets",
                            json={"name": name, "kind": "DB_CONN_STRING",
                                  "location": properties["connection_string"], "properties": properties},
                            headers=headers, timeout=timeout)
        got = requests.get(f"{base}/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{name}",
                           headers=headers, timeout=timeout)
        print(json.dumps({"register_status": reg.status_code, "register": reg.json(),
                          "get_status": got.status_code, "get": got.json()}))
        """;

    [Fact]
    public async Task Pypangolin_register_then_get_round_trips()
    {
        var python = ExternalProcess.FindOnPath("python3")
            ?? throw new InvalidOperationException("python3 was not found on PATH; this test needs python3 with the 'requests' package.");
        await using var emulator = await PangolinEmulator.StartAsync(new PangolinEmulatorOptions
        {
            AuthMode = PangolinAuthMode.Required,
            AdminPassword = "admin-pass",
        });
        var script = Path.Combine(Path.GetTempPath(), $"pypangolin-wire-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            var baseUrl = emulator.BaseAddress.ToString().TrimEnd('/');
            using var process = Process.Start(ExternalProcess.StartInfo(
                python, script, baseUrl, "tenant_admin", "admin-pass", TestHttp.NilTenant))!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"python3 failed ({process.ExitCode}): {await stderr}");

            using var doc = JsonDocument.Parse(await stdout);
            var result = doc.RootElement;
            Assert.Equal(201, result.GetProperty("register_status").GetInt32());
            var register = result.GetProperty("register");
            Assert.Equal(["id", "name", "kind", "location"], register.EnumerateObject().Select(p => p.Name));
            Assert.Equal(200, result.GetProperty("get_status").GetInt32());
            var got = result.GetProperty("get");
            Assert.Equal(register.GetProperty("id").GetString(), got.GetProperty("id").GetString());
            Assert.Equal("DB_CONN_STRING", got.GetProperty("kind").GetString());
            Assert.Equal("postgresql://db.example.com:5432/production", got.GetProperty("location").GetString());
            var properties = got.GetProperty("properties");
            Assert.Equal("postgresql", properties.GetProperty("connection_type").GetString());
            Assert.Equal("gAAAAABpass==", properties.GetProperty("encrypted_password").GetString());
            Assert.Equal("Produktion – Zürich", properties.GetProperty("description").GetString());

            var post = Assert.Single(emulator.Requests, r => r.Method == "POST" && r.Path.EndsWith("/assets", StringComparison.Ordinal));
            Assert.Equal("application/json", post.Headers["Content-Type"]);
            Assert.Equal("Bearer [redacted]", post.Headers["Authorization"]);
            Assert.Equal(TestHttp.NilTenant, post.Headers["X-Pangolin-Tenant"]);
            Assert.StartsWith("python-requests/", post.Headers["User-Agent"], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
