using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Dremio;

/// <summary>Creates the client of one connection: resolves it, plans the endpoint and credentials, logs what matters.</summary>
internal static class DremioFlightClientFactory
{
    internal const string LoggerCategory = "Pangolin.Extensions.Dremio";

    public static DremioFlightClient Create(IServiceProvider services, string connectionName, PangolinDremioSettings settings, Action<GrpcChannelOptions>? configureChannel)
    {
        var resolver = services.GetRequiredService<IPangolinConnectionResolver>();
        var source = new ResolverConnectionSource(resolver, connectionName, services.GetRequiredService<IOptions<PangolinOptions>>());
        var loggerFactory = services.GetService<ILoggerFactory>();
        var logger = loggerFactory?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;

        // A cache hit once the start-up warm-up has run; DI factories cannot be asynchronous. No network call to Dremio here.
        var resolved = resolver.Resolve(connectionName);
        var plan = DremioConnectionPlan.Create(resolved, source.Options);
        Report(logger, connectionName, plan);
        return new DremioFlightClient(source, plan, settings, configureChannel, loggerFactory, services.GetService<TimeProvider>());
    }

    internal static void Report(ILogger logger, string connectionName, DremioConnectionPlan plan)
    {
        var (endpoint, credentials) = (plan.Endpoint, plan.Credentials);
        if (endpoint.PortDefaulted)
        {
            DremioLog.PortDefaulted(logger, connectionName, endpoint.Port, endpoint.Scheme);
        }

        if (credentials.DisableCertificateVerification)
        {
            if (endpoint.Tls)
            {
                DremioLog.CertificateVerificationDisabled(logger, connectionName, endpoint);
            }
            else
            {
                DremioLog.CertificateVerificationIrrelevant(logger, connectionName, endpoint);
            }
        }

        if (credentials.TlsCredentialIgnored)
        {
            DremioLog.TlsCredentialIgnored(logger, connectionName);
        }

        if (credentials.PasswordIgnoredForToken)
        {
            DremioLog.TokenPreferred(logger, connectionName);
        }

        if (credentials.Ignored.Count > 0)
        {
            DremioLog.CredentialsIgnored(logger, connectionName, credentials.Ignored);
        }

        DremioLog.ClientCreated(
            logger, connectionName, endpoint, endpoint.Tls, credentials.Mode, credentials.ProjectId is null ? "not set" : "set", credentials.ClientProperties.Keys);
    }
}
