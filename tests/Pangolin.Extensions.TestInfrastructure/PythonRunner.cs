using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pangolin.Extensions.TestInfrastructure;

/// <summary>
/// Runs Python reference code (e.g. <c>cryptography.fernet</c>) with <see cref="TestServers.Python"/>.
/// The script text goes in argv (<c>python3 -c SCRIPT</c>), so it must never contain a secret: pass
/// secrets and other inputs as JSON on stdin (<c>json.load(sys.stdin)</c>) and print results as JSON.
/// A non-zero exit throws <see cref="InvalidOperationException"/> with the script's stderr; a timeout
/// kills the process and throws <see cref="TimeoutException"/>.
/// </summary>
public static class PythonRunner
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The timeout used when none is given.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="script"/> with <paramref name="standardInput"/> on stdin.</summary>
    /// <param name="script">Python source (no secrets: it is visible in the process list).</param>
    /// <param name="standardInput">Text for stdin (JSON by convention), or null for an empty stdin.</param>
    /// <param name="timeout">How long the script may run; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="cancellationToken">Cancels the run (the process is killed).</param>
    /// <returns>Exit code 0, stdout and stderr.</returns>
    public static async Task<PythonResult> RunAsync(
        string script,
        string? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(script);
        var limit = timeout ?? DefaultTimeout;
        var python = TestServers.Python;

        var startInfo = new ProcessStartInfo(python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8NoBom,
            StandardOutputEncoding = Utf8NoBom,
            StandardErrorEncoding = Utf8NoBom,
            WorkingDirectory = Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(script);
        startInfo.Environment["PYTHONIOENCODING"] = "utf-8";
        startInfo.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        startInfo.Environment["PYTHONUNBUFFERED"] = "1";

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"could not start Python '{python}' ({TestServers.PythonVariable}): {ex.Message}", ex);
        }

        var stdoutTask = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderrTask = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(limit);
        try
        {
            try
            {
                if (standardInput is not null)
                {
                    await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeoutSource.Token).ConfigureAwait(false);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The script exited without reading all of stdin; its exit code and stderr tell why.
            }

            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            var partialError = await stderrTask.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"Python script timed out after {limit.TotalSeconds:0.#} s and was killed. stderr:{Environment.NewLine}{partialError}");
        }

        var stdout = await stdoutTask.ConfigureAwait(false);
        var stderr = await stderrTask.ConfigureAwait(false);
        var result = new PythonResult(process.ExitCode, stdout, stderr);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Python script exited with code {result.ExitCode}. stderr:{Environment.NewLine}{stderr.TrimEnd()}"
                + (stdout.Length > 0 ? $"{Environment.NewLine}stdout:{Environment.NewLine}{stdout.TrimEnd()}" : string.Empty));
        }

        return result;
    }

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="input"/> serialized as JSON on stdin and
    /// parses its stdout as JSON.
    /// </summary>
    /// <typeparam name="TInput">Type of the input object.</typeparam>
    /// <param name="script">Python source that reads <c>json.load(sys.stdin)</c> and prints one JSON value.</param>
    /// <param name="input">Input object (secrets belong here, not in the script).</param>
    /// <param name="timeout">How long the script may run; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The parsed stdout (null for JSON <c>null</c>).</returns>
    public static async Task<JsonNode?> RunJsonAsync<TInput>(
        string script,
        TInput input,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(input);
        var result = await RunAsync(script, json, timeout, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(result.StandardOutput);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException(
                $"Python script did not print JSON: {ex.Message}{Environment.NewLine}stdout:{Environment.NewLine}{result.StandardOutput}", ex);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }
}
