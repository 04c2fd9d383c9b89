namespace Pangolin.Extensions.TestInfrastructure;

/// <summary>What a Python script run by <see cref="PythonRunner"/> printed, and its exit code.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
public sealed record PythonResult(int ExitCode, string StandardOutput, string StandardError);
