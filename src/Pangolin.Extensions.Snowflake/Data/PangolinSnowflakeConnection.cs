using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Transactions;

namespace Pangolin.Extensions.Snowflake;

/// <summary>
/// A connection to a Pangolin <c>snowflake</c> connection: a thin wrapper around the driver's own connection
/// (<see cref="InnerConnection"/>, a <c>SnowflakeDbConnection</c> with Snowflake.Data) that sets the driver's
/// connection string from the current resolution of the asset each time it opens. Commands, transactions and batches
/// are the driver's own.
/// </summary>
/// <remarks>
/// <see cref="ConnectionString"/> shows no secret and cannot be set: the asset decides where to connect, the
/// connection's <c>Settings</c> tune it. For driver-specific members, cast <see cref="InnerConnection"/>.
/// </remarks>
public sealed class PangolinSnowflakeConnection : DbConnection
{
    private readonly PangolinSnowflakeDataSource _dataSource;
    private readonly DbProviderFactory _factory;
    private string? _redacted;
    private bool _disposed;

    internal PangolinSnowflakeConnection(PangolinSnowflakeDataSource dataSource, DbConnection inner, DbProviderFactory factory)
    {
        _dataSource = dataSource;
        _factory = factory;
        InnerConnection = inner;
        inner.StateChange += OnInnerStateChange;
    }

    /// <summary>The driver's connection. Its own <c>ConnectionString</c> holds the password once opened.</summary>
    public DbConnection InnerConnection { get; }

    /// <summary>The Pangolin connection name.</summary>
    public string ConnectionName => _dataSource.ConnectionName;

    /// <summary>The connection string without secrets: the one used by the last open, else the data source's current one.</summary>
    /// <exception cref="NotSupportedException">On set: the connection string comes from the Pangolin asset.</exception>
    [AllowNull]
    public override string ConnectionString
    {
        get => _redacted ?? _dataSource.ConnectionString;
        set => throw new NotSupportedException(
            $"The connection string of Snowflake connection '{ConnectionName}' comes from its Pangolin asset; tune it with the connection's Settings instead.");
    }

    /// <inheritdoc />
    public override string Database => InnerConnection.State == ConnectionState.Open ? InnerConnection.Database : _dataSource.Database ?? string.Empty;

    /// <inheritdoc />
    public override string DataSource => InnerConnection.DataSource is { Length: > 0 } dataSource ? dataSource : _dataSource.Account;

    /// <inheritdoc />
    public override string ServerVersion => InnerConnection.ServerVersion;

    /// <inheritdoc />
    public override ConnectionState State => InnerConnection.State;

    /// <inheritdoc />
    public override int ConnectionTimeout => InnerConnection.ConnectionTimeout;

    /// <inheritdoc />
    public override bool CanCreateBatch => InnerConnection.CanCreateBatch;

    /// <inheritdoc />
    protected override DbProviderFactory DbProviderFactory => _factory;

    /// <summary>Opens the driver's connection with the connection string of the current resolution of the asset.</summary>
    public override void Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Prepare(_dataSource.Prepare());
        InnerConnection.Open();
    }

    /// <summary>Resolves the asset asynchronously, then opens the driver's connection with its connection string.</summary>
    /// <param name="cancellationToken">Cancels resolving and opening.</param>
    /// <returns>A task that completes when the connection is open.</returns>
    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Prepare(await _dataSource.PrepareAsync(cancellationToken).ConfigureAwait(false));
        await InnerConnection.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Close() => InnerConnection.Close();

    /// <inheritdoc />
    public override Task CloseAsync() => InnerConnection.CloseAsync();

    /// <inheritdoc />
    public override void ChangeDatabase(string databaseName) => InnerConnection.ChangeDatabase(databaseName);

    /// <inheritdoc />
    public override Task ChangeDatabaseAsync(string databaseName, CancellationToken cancellationToken = default) =>
        InnerConnection.ChangeDatabaseAsync(databaseName, cancellationToken);

    /// <inheritdoc />
    public override void EnlistTransaction(Transaction? transaction) => InnerConnection.EnlistTransaction(transaction);

    /// <inheritdoc />
    public override DataTable GetSchema() => InnerConnection.GetSchema();

    /// <inheritdoc />
    public override DataTable GetSchema(string collectionName) => InnerConnection.GetSchema(collectionName);

    /// <inheritdoc />
    public override DataTable GetSchema(string collectionName, string?[] restrictionValues) => InnerConnection.GetSchema(collectionName, restrictionValues);

    /// <summary>Names the connection and its state, never a secret.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"PangolinSnowflakeConnection {{ Connection = {ConnectionName}, State = {State} }}";

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            InnerConnection.StateChange -= OnInnerStateChange;
            await InnerConnection.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(System.Data.IsolationLevel isolationLevel) => InnerConnection.BeginTransaction(isolationLevel);

    /// <inheritdoc />
    protected override ValueTask<DbTransaction> BeginDbTransactionAsync(System.Data.IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
        InnerConnection.BeginTransactionAsync(isolationLevel, cancellationToken);

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => InnerConnection.CreateCommand();

    /// <inheritdoc />
    protected override DbBatch CreateDbBatch() => InnerConnection.CreateBatch();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            InnerConnection.StateChange -= OnInnerStateChange;
            InnerConnection.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Prepare(ConnectionStrings.SnowflakeConnectionParts parts)
    {
        InnerConnection.ConnectionString = parts.ConnectionString;
        _redacted = parts.RedactedConnectionString;
        _dataSource.Settings.ConfigureConnection?.Invoke(InnerConnection);
    }

    private void OnInnerStateChange(object sender, StateChangeEventArgs e) => OnStateChange(e);
}
