using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Strata.Diagnostics;
using Strata.Mapping;

namespace Strata;

/// <summary>
/// The result sets of one batch, read in order: each <c>Read…</c> call consumes the next result
/// set. Holds the connection until disposed.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class ResultSetReader : IAsyncDisposable
{
    private readonly SessionBase _session;
    private readonly Lease _lease;
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private bool _first = true;
    private bool _disposed;

    internal ResultSetReader(SessionBase session, Lease lease, DbCommand command, DbDataReader reader)
    {
        _session = session;
        _lease = lease;
        _command = command;
        _reader = reader;
    }

    /// <summary>Maps every row of the next result set.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidOperationException">There are no more result sets.</exception>
    public async Task<IReadOnlyList<T>> ReadAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(CancellationToken cancellationToken = default)
    {
        await MoveToNextAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<T>();
        try
        {
            Func<DbDataReader, T>? map = null;
            while (await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                map ??= RowMapper<T>.Get(_reader, _session.Pipeline.Mapping);
                list.Add(map(_reader));
            }
        }
        catch (Exception e) when (CommandPipeline.IsDriverError(e))
        {
            throw _session.Pipeline.Translate(e, _command.CommandText);
        }
        return list;
    }

    /// <summary>Maps the single row of the next result set.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidOperationException">The result set does not have exactly one row, or there are no more result sets.</exception>
    public async Task<T> ReadSingleAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(CancellationToken cancellationToken = default)
    {
        var rows = await ReadAsync<T>(cancellationToken).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"Expected exactly one row in the result set but found {rows.Count}. Use ReadAsync to read any number of rows.");
    }

    private async Task MoveToNextAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_first)
        {
            _first = false;
            return;
        }
        bool more;
        try
        {
            more = await _reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (CommandPipeline.IsDriverError(e))
        {
            throw _session.Pipeline.Translate(e, _command.CommandText);
        }
        if (!more) throw new InvalidOperationException("There are no more result sets to read: the batch returned fewer result sets than were read. Check the statements in the batch.");
    }

    /// <summary>Closes the reader and returns the connection to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _reader.DisposeAsync().ConfigureAwait(false);
        await _command.DisposeAsync().ConfigureAwait(false);
        await _session.ReleaseLeaseAsync(_lease).ConfigureAwait(false);
    }
}
