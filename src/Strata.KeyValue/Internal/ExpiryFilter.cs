using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>
/// RocksDB compaction filter that drops expired values, so that expiring keys do not take space for ever: reads already
/// hide them from the moment they expire; compaction removes them from disk when it rewrites their files.
/// </summary>
/// <remarks>
/// RocksDB calls <see cref="Filter"/> on its background threads, through a function pointer (no delegate to keep
/// alive), with a <see cref="GCHandle"/> to this object as its state. The filter must outlive the database: it is
/// disposed with <see cref="NativeOptions"/>, after the database is closed.
/// </remarks>
internal sealed unsafe class ExpiryFilter : IDisposable
{
    // A constant C string for RocksDB's logs, allocated once for the process.
    private static readonly IntPtr FilterName = Marshal.StringToHGlobalAnsi("strata.expiry");

    private readonly TimeProvider _time;
    private GCHandle _self;

    public ExpiryFilter(TimeProvider time)
    {
        _time = time;
        _self = GCHandle.Alloc(this);
        Handle = Native.Instance.rocksdb_compactionfilter_create(GCHandle.ToIntPtr(_self),
            (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, void>)&Destroy,
            (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, int, byte*, nuint, byte*, nuint, byte**, nuint*, byte*, byte>)&Filter,
            (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)&Name);
    }

    /// <summary>The native <c>rocksdb_compactionfilter_t*</c>.</summary>
    public IntPtr Handle { get; }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte Filter(IntPtr state, int level, byte* key, nuint keyLength, byte* value, nuint valueLength,
        byte** newValue, nuint* newValueLength, byte* valueChanged)
    {
        *valueChanged = 0;
        // Plain values (the common case) are kept without looking at the clock.
        if (valueLength == 0 || value[0] != ValueFormat.Expiring) return 0;
        if (GCHandle.FromIntPtr(state).Target is not ExpiryFilter filter) return 0;
        return ValueFormat.IsExpired(new ReadOnlySpan<byte>(value, (int)valueLength), filter._time.GetUtcNow().ToUnixTimeMilliseconds()) ? (byte)1 : (byte)0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static IntPtr Name(IntPtr state) => FilterName;

    // The GCHandle is freed by Dispose, after RocksDB's destructor has run.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Destroy(IntPtr state)
    {
    }

    public void Dispose()
    {
        if (!_self.IsAllocated) return;
        Native.Instance.rocksdb_compactionfilter_destroy(Handle);
        _self.Free();
    }
}
