using System.Diagnostics;
using System.Net;
using System.Reflection;
using static Pangolin.Extensions.Testing.Tests.TestHttp;

namespace Pangolin.Extensions.Testing.Tests;

public sealed class StandaloneEmulatorTests
{
    private static string EmulatorDll() =>
        typeof(StandaloneEmulatorTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PangolinEmulatorDll").Value!;

    [Fact]
    public async Task Standalone_runner_prints_the_listening_line_serves_and_stops_on_sigterm()
    {
        var dll = EmulatorDll();
        Assert.True(File.Exists(dll), $"The emulator was not built at {dll}");
        var port = ExternalProcess.FreePort();

        using var process = Process.Start(ExternalProcess.StartInfo(
            ExternalProcess.DotnetHost(), dll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--seed-catalog", "conns:databases"))!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.Equal($"Pangolin emulator listening on http://127.0.0.1:{port}", line);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await AssertBody(await http.GetAsync("/health/ready"), HttpStatusCode.OK, Json, """{"status":"ready","store":"ok","store_latency_ms":0}""");
            await AssertBody(await http.GetAsync("/api/v1/app-config"), HttpStatusCode.OK, Json, """{"auth_enabled":false}""");
            await AssertEmpty(await http.Send(HttpMethod.Head, "/v1/conns/namespaces/databases"), HttpStatusCode.NoContent);
            Assert.Equal(HttpStatusCode.Created, (await http.PostJson("/api/v1/catalogs/conns/namespaces/databases/assets", RegisterPg)).StatusCode);

            if (!OperatingSystem.IsWindows())
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                Assert.Equal(0, process.ExitCode);
                Assert.Null(await process.StandardOutput.ReadLineAsync(timeout.Token));
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Standalone_runner_help_and_bad_arguments()
    {
        var dll = EmulatorDll();

        using var help = Process.Start(ExternalProcess.StartInfo(ExternalProcess.DotnetHost(), dll, "--help"))!;
        var text = await help.StandardOutput.ReadToEndAsync();
        await help.WaitForExitAsync();
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--seed-catalog", text, StringComparison.Ordinal);

        using var bad = Process.Start(ExternalProcess.StartInfo(ExternalProcess.DotnetHost(), dll, "--auth", "maybe"))!;
        var error = await bad.StandardError.ReadToEndAsync();
        await bad.WaitForExitAsync();
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--auth must be none or required", error, StringComparison.Ordinal);
    }
}
