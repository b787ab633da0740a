using System.Runtime.InteropServices;
using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>
/// A RocksDB iterator over one column family, bounded by <c>iterate_lower_bound</c>/<c>iterate_upper_bound</c>. RocksDB
/// keeps pointers to the bounds and to its read options, so both are native memory owned here and freed with it.
/// </summary>
internal sealed unsafe class IteratorHandle : ChildHandle
{
    private readonly IntPtr _readOptions;
    private readonly byte* _lower;
    private readonly byte* _upper;

    public IteratorHandle(ReadSource source, IntPtr family, ReadOnlySpan<byte> lower, byte[]? upper, ChildRegistry registry)
        : base(source.Owner, registry)
    {
        var api = Native.Instance;
        _readOptions = api.rocksdb_readoptions_create();
        if (source.Snapshot != IntPtr.Zero) api.rocksdb_readoptions_set_snapshot(_readOptions, source.Snapshot);
        if (!lower.IsEmpty)
        {
            _lower = Copy(lower);
            api.rocksdb_readoptions_set_iterate_lower_bound(_readOptions, _lower, (UIntPtr)lower.Length);
        }
        if (upper is not null)
        {
            _upper = Copy(upper);
            api.rocksdb_readoptions_set_iterate_upper_bound(_readOptions, _upper, (UIntPtr)upper.Length);
        }
        SetHandle(source.CreateIterator(_readOptions, family));
    }

    public IntPtr Iterator => handle;

    private static byte* Copy(ReadOnlySpan<byte> bytes)
    {
        var memory = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(memory, bytes.Length));
        return memory;
    }

    protected override void Free()
    {
        // The iterator first: it reads its options and bounds until destroyed.
        if (handle != IntPtr.Zero) Native.Instance.rocksdb_iter_destroy(handle);
        if (_readOptions != IntPtr.Zero) Native.Instance.rocksdb_readoptions_destroy(_readOptions);
        NativeMemory.Free(_lower);
        NativeMemory.Free(_upper);
    }
}
