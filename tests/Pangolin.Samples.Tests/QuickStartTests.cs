namespace Pangolin.Samples.Tests;

public class QuickStartTests
{
    [Fact]
    public async Task Runs_the_main_job_on_the_embedded_default_and_reports_healthy()
    {
        var database = Path.Combine(Path.GetTempPath(), $"quickstart-test-{Guid.NewGuid():N}.db");
        var output = new StringWriter();
        try
        {
            var exitCode = await QuickStart.QuickStartApp.RunAsync([$"--QuickStart:Database={database}"], output);
            var text = output.ToString();

            Assert.True(exitCode == 0, text);
            Assert.Contains("embedded emulator", text, StringComparison.Ordinal);
            Assert.Contains("Query result: 1 visit(s) recorded", text, StringComparison.Ordinal);
            Assert.Contains("Health: Healthy", text, StringComparison.Ordinal);
            Assert.Contains("  quickstart: Healthy", text, StringComparison.Ordinal);
            Assert.Contains("  pangolin: Healthy", text, StringComparison.Ordinal);
            Assert.DoesNotContain("not-used-by-sqlite", text, StringComparison.Ordinal);
            Assert.True(File.Exists(database));
        }
        finally
        {
            File.Delete(database);
        }
    }
}
