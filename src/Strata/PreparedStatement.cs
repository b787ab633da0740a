using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Strata.Diagnostics;
using Strata.Mapping;
using Strata.Replicas;

namespace Strata;

/// <summary>
/// A statement prepared once on one connection and run many times with new arguments. Holds that
/// connection (or joins the transaction it was prepared in) until disposed.
/// </summary>
/// <remarks>Not thread-safe: run it from one flow at a time.</remarks>
public sealed class PreparedStatement : IAsyncDisposable
{
    private readonly SessionBase _session;
    private readonly Lease _lease;
    private readonly DbCommand _command;
    private bool _disposed;

    internal PreparedStatement(SessionBase session, Lease lease, DbCommand command)
    {
        _session = session;
        _lease = lease;
        _command = command;
    }

    /// <summary>The number of arguments each run takes.</summary>
    public int ParameterCount => _command.Parameters.Count;

    /// <summary>The prepared SQL text.</summary>
    public string CommandText => _command.CommandText;

    /// <summary>Runs the statement with <paramref name="arguments"/> and returns the rows it affected and the id its insert generated (see <see cref="ExecuteResult"/>).</summary>
    /// <param name="arguments">One value per hole, in order.</param>
    /// <exception cref="ArgumentException">The number of arguments does not match.</exception>
    public Task<ExecuteResult> ExecuteAsync(params object?[] arguments) => ExecuteAsync(CancellationToken.None, arguments);

    /// <summary>Runs the statement with <paramref name="arguments"/> and returns the rows it affected and the id its insert generated (see <see cref="ExecuteResult"/>).</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <param name="arguments">One value per hole, in order.</param>
    /// <exception cref="ArgumentException">The number of arguments does not match.</exception>
    public async Task<ExecuteResult> ExecuteAsync(CancellationToken cancellationToken, params object?[] arguments)
    {
        Bind(arguments);
        var pipeline = _session.Pipeline;
        // The flow's mark was attached where the statement was prepared, so this in-place update reaches the caller.
        var write = new RouteDecision(CommandRoute.Primary, ReplicaRouting.BeginWrite(_session.Owner));
        try
        {
            var execution = await pipeline.BeginAsync(_session, _command, CommandKind.Prepared, cancellationToken).ConfigureAwait(false);
            var dialect = _session.Dialect;
            ExecuteResult result;
            try
            {
                var before = dialect.CaptureInsertState(_command);
                var affected = await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                result = new ExecuteResult(affected, dialect.ReadLastInsertId(_command, affected, before));
            }
            catch (Exception e)
            {
                await pipeline.FailAsync(execution, e, cancellationToken).ConfigureAwait(false);
                throw;
            }
            await pipeline.EndAsync(execution, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            ReplicaRouting.EndWrite(_session.Owner, write);
        }
    }

    /// <summary>Runs the statement with <paramref name="arguments"/> and maps every row.</summary>
    /// <param name="arguments">One value per hole, in order.</param>
    public Task<IReadOnlyList<T>> QueryAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(params object?[] arguments) => QueryAsync<T>(CancellationToken.None, arguments);

    /// <summary>Runs the statement with <paramref name="arguments"/> and maps every row.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <param name="arguments">One value per hole, in order.</param>
    public async Task<IReadOnlyList<T>> QueryAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(CancellationToken cancellationToken, params object?[] arguments)
    {
        Bind(arguments);
        var pipeline = _session.Pipeline;
        var execution = await pipeline.BeginAsync(_session, _command, CommandKind.Prepared, cancellationToken).ConfigureAwait(false);
        var list = new List<T>();
        try
        {
            await using var reader = await _command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            Func<DbDataReader, T>? map = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                map ??= RowMapper<T>.Get(reader, pipeline.Mapping);
                list.Add(map(reader));
            }
        }
        catch (Exception e)
        {
            await pipeline.FailAsync(execution, e, cancellationToken).ConfigureAwait(false);
            throw;
        }
        await pipeline.EndAsync(execution, cancellationToken).ConfigureAwait(false);
        return list;
    }

    private void Bind(object?[] arguments)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length != _command.Parameters.Count)
            throw new ArgumentException($"The prepared statement takes {_command.Parameters.Count} arguments but {arguments.Length} were given.", nameof(arguments));
        for (var i = 0; i < arguments.Length; i++)
            _session.Dialect.SetParameterValue(_command.Parameters[i], _session.Pipeline.NormalizeValue(arguments[i]));
    }

    /// <summary>Releases the statement and returns its connection to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _command.DisposeAsync().ConfigureAwait(false);
        await _session.ReleaseLeaseAsync(_lease).ConfigureAwait(false);
    }
}
