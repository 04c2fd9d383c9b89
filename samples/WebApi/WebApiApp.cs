using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using MySqlConnector;
using Npgsql;

namespace WebApi;

/// <summary>Builds the sample application; the test calls it with its own configuration.</summary>
public static class WebApiApp
{
    public static WebApplication Build(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);

        builder.AddPangolinConnections()
            .AddNpgsqlDataSource("orders")
            .AddMySqlDataSource("shop");
        builder.Services.AddHealthChecks();

        var app = builder.Build();

        app.MapGet("/orders/now", async ([FromKeyedServices("orders")] NpgsqlDataSource db, CancellationToken cancellationToken) =>
        {
            await using var command = db.CreateCommand("SELECT current_database(), now()");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return Results.Ok(new { database = reader.GetString(0), now = reader.GetDateTime(1) });
        });

        app.MapGet("/shop/version", async ([FromKeyedServices("shop")] MySqlDataSource db, CancellationToken cancellationToken) =>
        {
            await using var command = db.CreateCommand("SELECT DATABASE(), VERSION()");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return Results.Ok(new { database = reader.GetString(0), version = reader.GetString(1) });
        });

        // Liveness: the process answers. Readiness: every check tagged "ready" (connections declare their tags).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportJson.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthReportJson.WriteAsync });
        return app;
    }
}
