using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pangolin.Extensions.Dremio.Tests.Server;

/// <summary>The Dremio-like Flight server on loopback: real gRPC over HTTP/2 (h2c, or TLS with a self-signed certificate).</summary>
public sealed class DremioTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly X509Certificate2? _certificate;

    private DremioTestServer(WebApplication app, DremioServerState state, int port, bool tls, X509Certificate2? certificate)
    {
        _app = app;
        _certificate = certificate;
        State = state;
        Port = port;
        Tls = tls;
    }

    public DremioServerState State { get; }

    public int Port { get; }

    public bool Tls { get; }

    /// <summary>The connection string pypangolin's DremioAsset would store.</summary>
    public string ConnectionString => $"{(Tls ? "grpc+tls" : "grpc")}://127.0.0.1:{Port}";

    public static async Task<DremioTestServer> StartAsync(bool tls = false)
    {
        var state = new DremioServerState();
        var port = TestInfrastructure.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc().AddFlightServer<DremioLikeFlightServer>();
        using var certificate = tls ? CreateCertificate() : null;
        var kestrelCertificate = certificate is null ? null : X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (kestrelCertificate is not null)
            {
                listen.UseHttps(kestrelCertificate);
            }
        }));
        var app = builder.Build();
        app.MapFlightEndpoint();
        await app.StartAsync();
        return new DremioTestServer(app, state, port, tls, kestrelCertificate);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate?.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
