using System.Collections.Concurrent;
using System.Data.Common;

namespace Pangolin.Extensions.Snowflake.Tests.Support;

/// <summary>
/// Stands in for Snowflake.Data's <c>SnowflakeDbFactory</c>: its connections record the connection string they are
/// given and "open" without any network. <see cref="OpenError"/> makes opening fail like a driver would.
/// </summary>
public sealed class RecordingDbProviderFactory : DbProviderFactory
{
    /// <summary>Shared instance, registered process-wide under <c>Snowflake.Data</c> by the conformance tests.</summary>
    public static readonly RecordingDbProviderFactory Instance = new();

    public ConcurrentQueue<RecordingDbConnection> Connections { get; } = new();

    /// <summary>When set, opening a connection throws this.</summary>
    public Exception? OpenError { get; set; }

    public override DbConnection CreateConnection()
    {
        var connection = new RecordingDbConnection(this);
        Connections.Enqueue(connection);
        return connection;
    }

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new();
}

/// <summary>A driver-side failure, as Snowflake.Data's <c>SnowflakeDbException</c> would be.</summary>
public sealed class FakeSnowflakeException : DbException
{
    public FakeSnowflakeException()
    {
    }

    public FakeSnowflakeException(string message)
        : base(message)
    {
    }

    public FakeSnowflakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
