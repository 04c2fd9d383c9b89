namespace Pangolin.Extensions.Tests.Interop;

/// <summary>pypangolin 0.8's connection-asset code paths, reproduced for the interop tests (input JSON on stdin).</summary>
internal static class PypangolinScript
{
    private const string Prelude = """
        import json, sys, requests
        from cryptography.fernet import Fernet
        args = json.load(sys.stdin)
        base = args["uri"].rstrip("/")
        """;

    /// <summary>BaseConnectionAsset.register(): encrypt str(v) per credential, build properties in pypangolin's order, POST, then GET.</summary>
    public const string Register = Prelude + """

        key = args["key"] or Fernet.generate_key().decode("utf-8")
        f = Fernet(key.encode("utf-8"))
        properties = {
            "connection_type": args["class_name"].replace("Asset", "").lower(),
            "connection_string": args["connection_string"],
        }
        for k, v in args["credentials"].items():
            properties["encrypted_" + k] = f.encrypt(str(v).encode("utf-8")).decode("utf-8")
        if args["store_key"]:
            properties["encryption_key"] = key
        if args["description"]:
            properties["description"] = args["description"]
        url = f"{base}/api/v1/catalogs/data_sources/namespaces/databases/assets"
        r = requests.post(url, json={"name": args["name"], "kind": "DB_CONN_STRING", "location": args["connection_string"], "properties": properties}, timeout=(5, 30))
        r.raise_for_status()
        r = requests.get(f"{url}/{args['name']}", timeout=(5, 30))
        r.raise_for_status()
        print(json.dumps({"id": r.json()["id"]}))
        """;

    /// <summary>The older DbConnectionString helper: no connection_type, no encryption.</summary>
    public const string RegisterLegacy = Prelude + """

        url = f"{base}/api/v1/catalogs/data_sources/namespaces/databases/assets"
        r = requests.post(url, json={"name": args["name"], "kind": "DB_CONN_STRING", "location": args["location"], "properties": {}}, timeout=(5, 30))
        r.raise_for_status()
        print(json.dumps({"ok": True}))
        """;

    /// <summary>_get_decrypted_credentials(): replace("encrypted_", "") on every encrypted_* key; DremioAsset's boolean parse.</summary>
    public const string Read = Prelude + """

        r = requests.get(f"{base}/api/v1/catalogs/data_sources/namespaces/databases/assets/{args['name']}", timeout=(5, 30))
        r.raise_for_status()
        asset = r.json()
        properties = asset.get("properties", {})
        key = args["key"] or properties.get("encryption_key")
        if not properties.get("connection_string"):
            raise ValueError("No connection_string found in asset properties")
        f = Fernet(key.encode("utf-8"))
        creds = {}
        for k, v in properties.items():
            if k.startswith("encrypted_"):
                creds[k.replace("encrypted_", "")] = f.decrypt(v.encode("utf-8")).decode("utf-8")
        flag = str(creds.get("disable_certificate_verification", "false")).lower() == "true"
        print(json.dumps({"asset": asset, "credentials": creds, "dremio_disable_cert_verification": flag}))
        """;
}
