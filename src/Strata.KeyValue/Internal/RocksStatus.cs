using System.Runtime.InteropServices;
using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>
/// A failed RocksDB call: the status text the C API returned (<c>Corruption: …</c>, <c>IO error: …</c>, <c>Resource busy: …</c>).
/// Thrown by the native layer and translated into a Strata exception, with the store and namespace, by <see cref="KeyValueErrors"/>.
/// </summary>
internal sealed class RocksStatus : Exception
{
    public RocksStatus(string status) : base(status) => Status = status;

    public RocksStatus() : this("unknown") { }

    public RocksStatus(string message, Exception? innerException) : base(message, innerException) => Status = message;

    /// <summary>The status text, e.g. <c>IO error: While lock file: /data/kv/LOCK: Resource temporarily unavailable</c>.</summary>
    public string Status { get; }

    /// <summary>Throws when <paramref name="error"/> is set, freeing the native string.</summary>
    /// <remarks>
    /// The C API writes its error pointer only on failure, so callers' <c>out IntPtr error</c> locals must start at zero:
    /// this assembly must not use <c>[SkipLocalsInit]</c> (with it every successful call reads as a failure whose
    /// uninitialised pointer is then freed).
    /// </remarks>
    public static void Check(IntPtr error)
    {
        if (error != IntPtr.Zero) throw From(error);
    }

    /// <summary>Reads and frees a native error string.</summary>
    public static RocksStatus From(IntPtr error)
    {
        var text = Marshal.PtrToStringUTF8(error) ?? "unknown error";
        Native.Instance.rocksdb_free(error);
        return new RocksStatus(text);
    }

    /// <summary>True for RocksDB's <c>Busy</c> and <c>TryAgain</c> statuses: an optimistic transaction found a conflict.</summary>
    public bool IsConflict =>
        Status.StartsWith("Resource busy", StringComparison.Ordinal) || Status.StartsWith("Operation failed. Try again", StringComparison.Ordinal);

    /// <summary>True for <c>Corruption</c>.</summary>
    public bool IsCorruption => Status.StartsWith("Corruption", StringComparison.Ordinal);
}
