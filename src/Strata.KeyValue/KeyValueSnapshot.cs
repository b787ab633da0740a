using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>
/// A consistent, read-only view of the whole store as of the moment it was taken: every read and scan through it (and
/// through <see cref="In"/> for other namespaces) sees the same data, while writes continue. Create one with
/// <see cref="KeyValueStore.CreateSnapshot"/> and dispose it: it keeps the versions it sees from being compacted away.
/// </summary>
/// <remarks>Thread-safe. Expiry is judged at read time, so a key that expires after the snapshot was taken reads as absent once it has.</remarks>
public sealed class KeyValueSnapshot : KeyValueReader, IDisposable
{
    private readonly SnapshotHandle _handle;
    private readonly bool _root;

    private KeyValueSnapshot(KeyValueStore store, ColumnFamily family, SnapshotHandle handle, SnapshotSource source, bool root)
        : base(store, family, source)
    {
        _handle = handle;
        _root = root;
    }

    internal static KeyValueSnapshot Create(KeyValueStore store)
    {
        var handle = new SnapshotHandle(store.Handle, store.Children);
        return new KeyValueSnapshot(store, store.Family, handle, new SnapshotSource(store.Handle, handle), root: true);
    }

    /// <summary>A view of this snapshot that reads <paramref name="target"/>, a namespace of the same store, as of the same moment.</summary>
    /// <param name="target">The namespace.</param>
    /// <exception cref="ArgumentException">The namespace belongs to another store.</exception>
    public KeyValueSnapshot In(KeyValueNamespace target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!ReferenceEquals(target.Store, Store)) throw new ArgumentException("The namespace belongs to another key-value store than the snapshot.", nameof(target));
        return new KeyValueSnapshot(Store, target.Family, _handle, (SnapshotSource)Source, root: false);
    }

    internal override void ThrowIfUnusable()
    {
        base.ThrowIfUnusable();
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
    }

    /// <summary>Releases the snapshot (only the snapshot itself, not a view from <see cref="In"/>). Scans already running through it finish; later reads throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_root) _handle.Dispose();
    }
}
