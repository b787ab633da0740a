using System.Diagnostics;
using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>Builds one entry of a scan from the current key and value; the value span is valid only during the call.</summary>
internal delegate TEntry EntryFactory<out TEntry>(byte[] key, ReadOnlySpan<byte> value, long? expiresAt, IKeyValueSerializer serializer);

/// <summary>
/// A scan: each enumeration opens its own RocksDB iterator on the first <c>MoveNextAsync</c>, reads one entry per call
/// (nothing is buffered beyond the entry returned), skips expired entries, and frees the iterator when it is disposed,
/// when it reaches the end or the limit, or when it fails, so an enumeration abandoned with <c>break</c> frees it at once.
/// </summary>
internal sealed class EntryEnumerable<TEntry>(KeyValueReader reader, byte[] lower, byte[]? upper, int limit, bool reverse, string operation,
    EntryFactory<TEntry> factory, CancellationToken cancellationToken) : IAsyncEnumerable<TEntry>
{
    private KeyValueReader Reader => reader;

    private byte[] Lower => lower;

    private byte[]? Upper => upper;

    private int Limit => limit;

    private bool Reverse => reverse;

    private string Operation => operation;

    private EntryFactory<TEntry> Factory => factory;

    private CancellationToken Token => cancellationToken;

    public IAsyncEnumerator<TEntry> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(this, cancellationToken);

    private sealed unsafe class Enumerator(EntryEnumerable<TEntry> scan, CancellationToken enumeratorToken) : IAsyncEnumerator<TEntry>
    {
        private IteratorHandle? _iterator;
        private OperationScope _scope;
        private bool _started;
        private bool _finished;
        private int _count;
        private long _bytes;

        public TEntry Current { get; private set; } = default!;

        public ValueTask<bool> MoveNextAsync()
        {
            try
            {
                return new ValueTask<bool>(MoveNext());
            }
            catch (Exception e)
            {
                Finish(e);
                return ValueTask.FromException<bool>(e);
            }
        }

        private bool MoveNext()
        {
            if (_finished) return false;
            scan.Token.ThrowIfCancellationRequested();
            enumeratorToken.ThrowIfCancellationRequested();
            var reader = scan.Reader;
            var api = Native.Instance;
            if (_count >= scan.Limit) return Finish(null);
            var first = !_started;
            if (first)
            {
                _started = true;
                reader.ThrowIfUnusable();
                _scope = OperationScope.Start(reader.Store.Path, scan.Operation, reader.Family.Name);
                _iterator = new IteratorHandle(reader.Source, reader.Family.Handle, scan.Lower, scan.Upper, reader.Store.Children);
            }
            var iterator = _iterator!;
            iterator.Enter();
            try
            {
                if (!first) Advance(api, iterator.Iterator);
                else if (scan.Reverse) api.rocksdb_iter_seek_to_last(iterator.Iterator);
                else api.rocksdb_iter_seek_to_first(iterator.Iterator);
                while (api.rocksdb_iter_valid(iterator.Iterator) != 0)
                {
                    var keyData = (byte*)api.rocksdb_iter_key(iterator.Iterator, out var keyLength);
                    var valueData = (byte*)api.rocksdb_iter_value(iterator.Iterator, out var valueLength);
                    var stored = new ReadOnlySpan<byte>(valueData, checked((int)valueLength));
                    if (!ValueFormat.TryRead(stored, reader.Store.Time, out var value, out var expiresAt))
                    {
                        Advance(api, iterator.Iterator);
                        continue;
                    }
                    var key = new ReadOnlySpan<byte>(keyData, checked((int)keyLength)).ToArray();
                    Current = scan.Factory(key, value, expiresAt, reader.Store.Options.Serializer);
                    _count++;
                    _bytes += key.Length + value.Length;
                    return true;
                }
                api.rocksdb_iter_get_error(iterator.Iterator, out var error);
                RocksStatus.Check(error);
            }
            catch (RocksStatus status)
            {
                throw KeyValueErrors.Translate(status, reader.Store.Path, reader.Family.Name, scan.Operation);
            }
            finally
            {
                iterator.Exit();
            }
            return Finish(null);
        }

        private void Advance(Native api, IntPtr iterator)
        {
            if (scan.Reverse) api.rocksdb_iter_prev(iterator);
            else api.rocksdb_iter_next(iterator);
        }

        /// <summary>Ends the enumeration: frees the iterator and records the scan (failed when <paramref name="error"/> is set).</summary>
        private bool Finish(Exception? error)
        {
            if (_finished) return false;
            _finished = true;
            _iterator?.Dispose();
            _iterator = null;
            if (_started)
            {
                if (_scope.Activity is { IsAllDataRequested: true } activity) activity.SetTag("strata.kv.entries", _count);
                if (error is null) _scope.Complete();
                else _scope.Fail(error);
                KeyValueTelemetry.RecordBytes(scan.Reader.Store.Path, _bytes, 0);
            }
            return false;
        }

        public ValueTask DisposeAsync()
        {
            Finish(null);
            return ValueTask.CompletedTask;
        }
    }
}
