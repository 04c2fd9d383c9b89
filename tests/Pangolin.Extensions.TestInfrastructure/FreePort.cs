using System.Net;
using System.Net.Sockets;

namespace Pangolin.Extensions.TestInfrastructure;

/// <summary>Free TCP ports on the loopback interface, for in-process test servers.</summary>
public static class FreePort
{
    /// <summary>
    /// A port that was free on 127.0.0.1 a moment ago (the OS picks it). Bind to it promptly; where a
    /// server can listen on port 0 itself (Kestrel with <c>http://127.0.0.1:0</c>), prefer that.
    /// </summary>
    /// <returns>The port number.</returns>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
