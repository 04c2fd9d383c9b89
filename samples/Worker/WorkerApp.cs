using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Worker;

/// <summary>Builds the worker host; the test calls it with its own configuration.</summary>
public static class WorkerApp
{
    public static IHost Build(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddPangolinConnections().AddNpgsqlDataSource(ReportWorker.ConnectionName);
        builder.Services.AddOptions<ReportWorkerOptions>().BindConfiguration("Worker")
            .Validate(o => o.Interval > TimeSpan.Zero, "Worker:Interval must be positive.").ValidateOnStart();
        builder.Services.AddHostedService<ReportWorker>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        return builder.Build();
    }
}
