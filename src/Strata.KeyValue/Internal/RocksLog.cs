using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>
/// RocksDB's own log (flushes, compactions, stalls, recovery), sent to <see cref="ILogger"/> (category
/// <c>Strata.KeyValue.RocksDb</c>) instead of <c>LOG</c> files in the store's directory: RocksDB's info lines at debug,
/// its warnings and errors at warning and error. Besides putting the lines where the application's logs go, it means
/// opening a store writes nothing to its directory before taking its lock, so a failed open (a store locked by another
/// process) leaves the directory exactly as it was; RocksDB would otherwise rotate the other process's <c>LOG</c> file.
/// </summary>
/// <remarks>RocksDB calls <see cref="Write"/> from its own threads; it must outlive the database (disposed with <see cref="NativeOptions"/>).</remarks>
internal sealed unsafe class RocksLog : IDisposable
{
    private readonly ILogger _logger;
    private GCHandle _self;

    public RocksLog(ILogger logger)
    {
        _logger = logger;
        _self = GCHandle.Alloc(this);
        // RocksDB's levels: 0 debug, 1 info, 2 warn, 3 error, 4 fatal, 5 header.
        var level = logger.IsEnabled(LogLevel.Debug) ? 1 : logger.IsEnabled(LogLevel.Warning) ? 2 : 4;
        Handle = Native.Instance.rocksdb_logger_create_callback_logger(level,
            (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, uint, byte*, nuint, void>)&Write, GCHandle.ToIntPtr(_self));
    }

    /// <summary>The native <c>rocksdb_logger_t*</c>.</summary>
    public IntPtr Handle { get; }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Write(IntPtr state, uint level, byte* message, nuint length)
    {
        if (GCHandle.FromIntPtr(state).Target is not RocksLog log) return;
        var logLevel = level switch
        {
            <= 1 or 5 => LogLevel.Debug,
            2 => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (!log._logger.IsEnabled(logLevel)) return;
        var text = Encoding.UTF8.GetString(message, (int)Math.Min(length, int.MaxValue)).TrimEnd();
        KeyValueLog.RocksDb(log._logger, logLevel, text);
    }

    public void Dispose()
    {
        if (!_self.IsAllocated) return;
        Native.Instance.rocksdb_logger_destroy(Handle);
        _self.Free();
    }
}
