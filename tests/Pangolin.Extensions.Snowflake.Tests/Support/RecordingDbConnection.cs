using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Pangolin.Extensions.Snowflake.Tests.Support;

/// <summary>A connection that records its connection string (like <c>SnowflakeDbConnection</c>, a plain property) and commands.</summary>
public sealed class RecordingDbConnection(RecordingDbProviderFactory factory) : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    [AllowNull]
    public override string ConnectionString { get; set; } = string.Empty;

    /// <summary>The connection string at the moment of each open.</summary>
    public List<string> OpenedWith { get; } = [];

    public List<string> Commands { get; } = [];

    public bool IsDisposed { get; private set; }

    public override string Database => _state == ConnectionState.Open ? "RECORDED" : string.Empty;

    public override string DataSource => string.Empty;

    public override string ServerVersion => "0.0-recording";

    public override ConnectionState State => _state;

    public override void ChangeDatabase(string databaseName) => Commands.Add("use database " + databaseName);

    public override void Close()
    {
        if (_state != ConnectionState.Closed)
        {
            _state = ConnectionState.Closed;
            OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
        }
    }

    public override void Open()
    {
        if (factory.OpenError is { } error)
        {
            throw error;
        }

        if (string.IsNullOrEmpty(ConnectionString))
        {
            throw new FakeSnowflakeException("Connection string is empty.");
        }

        OpenedWith.Add(ConnectionString);
        _state = ConnectionState.Open;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw new NotSupportedException();

    protected override DbCommand CreateDbCommand() => new RecordingDbCommand(this);

    protected override void Dispose(bool disposing)
    {
        Close();
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private sealed class RecordingDbCommand(RecordingDbConnection connection) : DbCommand
    {
        [AllowNull]
        public override string CommandText { get; set; } = string.Empty;

        public override int CommandTimeout { get; set; }

        public override CommandType CommandType { get; set; }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection { get; set; } = connection;

        protected override DbParameterCollection DbParameterCollection => throw new NotSupportedException();

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override int ExecuteNonQuery() => Execute() is null ? 0 : 1;

        public override object? ExecuteScalar() => Execute();

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => throw new NotSupportedException();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => throw new NotSupportedException();

        private object? Execute()
        {
            if (connection.State != ConnectionState.Open)
            {
                throw new InvalidOperationException("The connection is not open.");
            }

            connection.Commands.Add(CommandText);
            return 1;
        }
    }
}
