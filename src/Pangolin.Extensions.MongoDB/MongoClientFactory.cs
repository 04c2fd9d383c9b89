using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.MongoDB;

/// <summary>Creates the client of one connection: resolves it, plans the settings, applies the code delegate.</summary>
internal static class MongoClientFactory
{
    internal const string LoggerCategory = "Pangolin.Extensions.MongoDB";

    public static MongoClientHandle Create(
        IServiceProvider services, string connectionName, PangolinMongoDBSettings settings, Action<MongoClientSettings>? configure)
    {
        var resolver = services.GetRequiredService<IPangolinConnectionResolver>();
        var connection = services.GetRequiredService<IOptions<PangolinOptions>>().Value.Connections.GetValueOrDefault(connectionName);
        var loggerFactory = services.GetService<ILoggerFactory>();
        var logger = loggerFactory?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;

        // A cache hit once the start-up warm-up has run; DI factories cannot be asynchronous.
        var resolved = resolver.Resolve(connectionName);
        var plan = MongoClientPlan.Create(resolved, connection, settings);
        Report(logger, connectionName, plan);

        var clientSettings = plan.CreateSettings();
        if (loggerFactory is not null)
        {
            clientSettings.LoggingSettings = new LoggingSettings(loggerFactory);
        }

        configure?.Invoke(clientSettings);
        var client = new MongoClient(clientSettings);
        var credential = clientSettings.Credential;
        MongoDBLog.ClientCreated(
            logger, connectionName, clientSettings.Scheme, clientSettings.Servers, plan.DatabaseName, credential?.Username, credential?.Source, credential?.Mechanism,
            clientSettings.UseTls, clientSettings.ReplicaSetName);
        return new MongoClientHandle(connectionName, client, plan, settings, resolved.Asset.Reference);
    }

    private static void Report(ILogger logger, string connectionName, MongoClientPlan plan)
    {
        if (plan.StoredCredentialsIgnored.Count > 0)
        {
            MongoDBLog.StoredCredentialsIgnored(logger, connectionName, plan.StoredCredentialsIgnored);
        }

        if (plan.IgnoredCredentials.Count > 0)
        {
            MongoDBLog.CredentialsIgnored(logger, connectionName, plan.IgnoredCredentials);
        }

        if (plan.CredentialOptions.Count > 0)
        {
            MongoDBLog.CredentialOptionsApplied(logger, connectionName, plan.CredentialOptions);
        }

        if (plan.UnknownOptions.Count > 0)
        {
            MongoDBLog.UnknownOptions(logger, connectionName, plan.UnknownOptions);
        }
    }
}
