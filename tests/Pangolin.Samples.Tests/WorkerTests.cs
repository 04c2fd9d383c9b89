using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.TestInfrastructure;
using Pangolin.Extensions.Testing;
using Worker;

namespace Pangolin.Samples.Tests;

[Trait(TestCategories.Category, TestCategories.Integration)]
public class WorkerTests
{
    [Fact]
    public async Task Runs_on_a_schedule_survives_an_outage_and_stops_gracefully()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        var pg = await ProvisionedDatabases.CreatePostgresAsync("worker");
        var key = FernetKey.Generate();

        // Pangolin has no asset yet when the worker starts: the first runs fail and are retried.
        using var host = WorkerApp.Build([$"--contentRoot={Path.GetTempPath()}"], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = emulator.BaseAddress.ToString(),
            ["Pangolin:Connections:reports:Asset"] = "data_sources.databases.reports",
            ["Pangolin:Connections:reports:Key"] = "literal:" + key.Export(),
            ["Worker:Interval"] = "00:00:00.200",
        }));
        await host.StartAsync();
        var worker = host.Services.GetServices<IHostedService>().OfType<ReportWorker>().Single();
        await Task.Delay(500);
        Assert.Equal(0, worker.CompletedRuns);

        emulator.PutConnection(AssetReference.Parse("data_sources.databases.reports"), new ConnectionAssetDefinition(
            ConnectionType.PostgreSql, $"postgresql://{pg.Host}:{pg.Port}/{pg.Database}",
            new ConnectionCredentials([new("username", pg.User), new("password", pg.Password)])), key);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (worker.CompletedRuns < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await host.StopAsync();
        var runs = worker.CompletedRuns;
        Assert.True(runs >= 3, $"only {runs} run(s) completed");

        await using var check = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder
        {
            Host = pg.Host, Port = pg.Port, Database = pg.Database, Username = pg.User, Password = pg.Password,
        }.ConnectionString);
        await using var count = check.CreateCommand("SELECT count(*) FROM worker_heartbeats");
        Assert.Equal(runs, Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
