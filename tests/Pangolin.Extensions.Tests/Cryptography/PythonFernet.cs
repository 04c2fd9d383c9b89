using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Pangolin.Extensions.Tests.Cryptography;

/// <summary>
/// Runs the reference implementation, Python's <c>cryptography.fernet</c>, with the <c>python3</c> on PATH.
/// Requests and results travel as JSON over stdin/stdout; keys are never put on the command line (where other
/// processes could read them). A missing interpreter or module fails the calling test with a clear message:
/// these tests are never skipped.
/// </summary>
internal static class PythonFernet
{
    private const int MissingModuleExitCode = 3;

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
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONUTF8"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Win32Exception exception)
        {
            Assert.Fail(
                "The Fernet interop tests need 'python3' on PATH with the 'cryptography' package (the reference " +
                $"Fernet implementation), but python3 could not be started: {exception.Message}. " +
                "Install them (the project's test script does) and run the tests again.");
            throw; // unreachable
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.Write(request.ToJsonString());
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Python exited before reading its input (for example, the module is missing); the exit code
                // and stderr below say why.
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("python3 did not finish the Fernet interop batch within 120 s.");
            }

            string error = stderr.GetAwaiter().GetResult();
            string output = stdout.GetAwaiter().GetResult();
            if (process.ExitCode == MissingModuleExitCode)
            {
                Assert.Fail(
                    "The Fernet interop tests need the Python 'cryptography' package for the 'python3' on PATH, " +
                    $"and it is missing ({error.Trim()}). Install it (the project's test script does) and run the tests again.");
            }

            if (process.ExitCode != 0)
            {
                Assert.Fail($"python3 failed with exit code {process.ExitCode}: {error}");
            }

            return JsonNode.Parse(output)?.AsObject()
                ?? throw new InvalidOperationException("python3 printed no JSON");
        }
    }
}
