using System.Text.Json.Nodes;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.Tests.Cryptography;

/// <summary>
/// Runs the reference implementation, Python's <c>cryptography.fernet</c>, through <see cref="PythonRunner"/>.
/// Requests and results travel as JSON over stdin/stdout; keys are never put on the command line (where other
/// processes could read them). A missing interpreter or module fails the calling test with a clear message:
/// these tests are never skipped.
/// </summary>
internal static class PythonFernet
{
    // Operations, each optional, each a list processed in order: encrypt, encrypt_at_time, decrypt, rotate,
    // parse_keys, b64decode; plus generate (one key and a token made with it).
    private const string Script = """
        import base64, json, sys
        try:
            import cryptography
            from cryptography.fernet import Fernet, MultiFernet, InvalidToken
        except ImportError as exc:
            sys.stderr.write("cryptography is not importable: %r\n" % (exc,))
            sys.exit(3)

        def b64(data): return base64.b64encode(data).decode("ascii")
        def unb64(text): return base64.b64decode(text)

        def decrypt(item):
            try:
                f = Fernet(item["key"])
                plaintext = f.decrypt(item["token"])
                return {"ok": True, "plaintext": b64(plaintext), "timestamp": f.extract_timestamp(item["token"])}
            except InvalidToken:
                return {"ok": False, "error": "InvalidToken"}
            except Exception as exc:
                return {"ok": False, "error": type(exc).__name__}

        def parse_key(text):
            try:
                Fernet(text)
                return {"ok": True, "hex": base64.urlsafe_b64decode(text).hex()}
            except Exception as exc:
                return {"ok": False, "error": type(exc).__name__}

        def b64decode(text):
            try:
                return {"ok": True, "hex": base64.urlsafe_b64decode(text).hex()}
            except Exception as exc:
                return {"ok": False, "error": type(exc).__name__}

        request = json.load(sys.stdin)
        out = {"cryptography": cryptography.__version__}
        out["encrypt"] = [Fernet(i["key"]).encrypt(unb64(i["plaintext"])).decode("ascii") for i in request.get("encrypt", [])]
        out["encrypt_at_time"] = [Fernet(i["key"]).encrypt_at_time(unb64(i["plaintext"]), i["time"]).decode("ascii")
                                  for i in request.get("encrypt_at_time", [])]
        out["decrypt"] = [decrypt(i) for i in request.get("decrypt", [])]
        out["rotate"] = [MultiFernet([Fernet(k) for k in i["keys"]]).rotate(i["token"]).decode("ascii")
                         for i in request.get("rotate", [])]
        out["parse_keys"] = [parse_key(t) for t in request.get("parse_keys", [])]
        out["b64decode"] = [b64decode(t) for t in request.get("b64decode", [])]
        if "generate" in request:
            key = Fernet.generate_key()
            out["generate"] = {"key": key.decode("ascii"),
                               "token": Fernet(key).encrypt(unb64(request["generate"]["plaintext"])).decode("ascii")}
        json.dump(out, sys.stdout)
        """;

    public static JsonObject Run(JsonObject request)
    {
        // The shared runner uses the python3 the test script provisions (TestServers.Python), never puts the
        // request (which carries keys) on the command line, and fails with Python's stderr on a non-zero exit.
        var result = PythonRunner.RunAsync(Script, request.ToJsonString(), TimeSpan.FromSeconds(120)).GetAwaiter().GetResult();
        return JsonNode.Parse(result.StandardOutput)?.AsObject()
            ?? throw new InvalidOperationException("The Python Fernet script printed no JSON.");
    }
}
