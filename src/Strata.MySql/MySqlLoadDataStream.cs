using System.Runtime.ExceptionServices;
using Strata.Bulk;

namespace Strata.MySql;

/// <summary>
/// The file that <c>LOAD DATA LOCAL INFILE</c> reads, made while MySqlConnector reads it: each read encodes rows from the
/// source until there are enough bytes to fill the driver's buffer (1 MB), so the file is never whole in memory and no thread
/// or pipe sits between the rows and the socket.
/// </summary>
/// <remarks>
/// Reads run the caller's rows on the flow that awaits the load and check the caller's token before each row, since
/// MySqlConnector reads without one. What a read throws is kept in <see cref="Failure"/>: MySqlConnector wraps it in an error of
/// its own, raised after the server has answered the (then shortened) file. Progress is reported every
/// <see cref="BulkInsertContext.BatchSize"/> rows encoded. Not thread-safe; read once.
/// </remarks>
internal sealed class MySqlLoadDataStream(BulkRowSource rows, MySqlLoadDataWriter writer, BulkInsertContext context, CancellationToken cancellationToken)
    : Stream
{
    private int _sent;
    private bool _ended;

    /// <summary>The rows encoded so far; once the file has been read, every row of the insert.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>What producing the rows threw (the caller's rows, a value refused, cancellation), or null.</summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

    /// <summary>
    /// The bytes encoded before a read hands them out: enough for a packet of a useful size, and small enough that the writer's
    /// buffer (<see cref="MySqlLoadDataWriter.InitialCapacity"/>) holds them and the row that passes the mark without growing.
    /// </summary>
    internal const int ChunkSize = 256 * 1024;

    public override int Read(Span<byte> buffer)
    {
        var wanted = Math.Min(buffer.Length, ChunkSize);
        if (!_ended && writer.Buffered.Length - _sent < wanted)
        {
            // What is left of the last row handed out moves to the front before more rows follow it.
            if (_sent > 0) writer.Take(_sent);
            _sent = 0;
            try
            {
                while (!_ended && writer.Buffered.Length < wanted) NextRow();
            }
            catch (Exception e)
            {
                Failure ??= ExceptionDispatchInfo.Capture(e);
                throw;
            }
        }
        var count = Math.Min(buffer.Length, writer.Buffered.Length - _sent);
        writer.Buffered.Slice(_sent, count).CopyTo(buffer);
        _sent += count;
        return count;
    }

    private void NextRow()
    {
        cancellationToken.ThrowIfCancellationRequested();
        writer.StartRow(RowsWritten + 1);
        if (!rows.WriteRow(writer))
        {
            writer.AbandonRow();
            _ended = true;
            return;
        }
        writer.EndRow();
        if (++RowsWritten % context.BatchSize == 0) context.ReportProgress(RowsWritten);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // The rows are in memory or produced by the caller's enumerator, so a read completes synchronously; these overrides keep
    // Stream's defaults from running each read on the thread pool.
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Read(buffer.AsSpan(offset, count)));
        }
        catch (Exception e)
        {
            return Task.FromException<int>(e);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return ValueTask.FromResult(Read(buffer.Span));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e);
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("The LOAD DATA file is made as it is read; its length is not known.");

    public override long Position
    {
        get => throw new NotSupportedException("The LOAD DATA file is read forward only.");
        set => throw new NotSupportedException("The LOAD DATA file is read forward only.");
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("The LOAD DATA file is read forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("The LOAD DATA file is read only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The LOAD DATA file is read only.");
}
