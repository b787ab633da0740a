using System.IO.Pipelines;

namespace Strata.Transfer;

/// <summary>Copies tables from one database into another by running a dump and a restore at once, joined by an in-memory pipe.</summary>
internal static class DatabaseCopier
{
    // The dump waits when this much archive is ahead of the restore, so memory stays bounded whatever the table sizes.
    private const long PauseAt = 4L << 20;

    public static async Task<IReadOnlyList<TransferTableSummary>> CopyAsync(IDbSession source, IDbSession target, DumpOptions dump, RestoreOptions restore,
        CancellationToken cancellationToken)
    {
        dump.Validate();
        restore.Validate();
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PauseAt, resumeWriterThreshold: PauseAt / 2, useSynchronizationContext: false));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = Task.Run(async () =>
        {
            try
            {
                await using (var stream = pipe.Writer.AsStream(leaveOpen: true))
                    await DatabaseDumper.DumpAsync(source, stream, dump with { Compress = false }, stop.Token).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None);
        try
        {
            IReadOnlyList<TransferTableSummary> restored;
            await using (var stream = pipe.Reader.AsStream())
                restored = await DatabaseRestorer.RestoreAsync(target, stream, restore, stop.Token, compressed: false).ConfigureAwait(false);
            await writing.ConfigureAwait(false);
            return restored;
        }
        catch (Exception) when (!writing.IsCompleted || writing.IsFaulted)
        {
            // The dump's own failure (an unknown table, a type with no portable form) is the one to report; otherwise stop it.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await writing.ConfigureAwait(false);
            }
            catch (Exception dumpFailure) when (dumpFailure is not OperationCanceledException)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(dumpFailure);
            }
            catch (OperationCanceledException)
            {
            }
            throw;
        }
    }
}
