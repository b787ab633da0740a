using System.Runtime.InteropServices;
using System.Text;
using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>A store RocksDB opened: its handle, its column families by name, and whether it was created now.</summary>
internal sealed record OpenedStore(StoreHandle Handle, Dictionary<string, ColumnFamily> Families, bool Created);

/// <summary>
/// Opens a store's directory as an <c>OptimisticTransactionDB</c> with every column family it has, after checking
/// the directory (<see cref="StoreDirectory"/>) and, for an existing database, that Strata made it. Each failure becomes
/// a clear Strata exception, and nothing in the directory is changed by a failed open.
/// </summary>
internal static class StoreOpener
{
    /// <summary>The column family that marks a store as Strata's and holds its format version.</summary>
    public const string MetaFamily = "__strata";

    /// <summary>The store format this version writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] FormatKey = "format"u8.ToArray();

    public static OpenedStore Open(KeyValueOptions options, string path, Microsoft.Extensions.Logging.ILogger rocksLogger)
    {
        var state = StoreDirectory.Inspect(path);
        if (state != DirectoryState.Existing && !options.CreateIfMissing)
            throw new KeyValueStoreAccessException(
                $"The key-value store directory {path} {(state == DirectoryState.Missing ? "does not exist" : "holds no store")} and CreateIfMissing is off. Create the store first, or turn CreateIfMissing on.",
                path, null);
        if (state == DirectoryState.Missing) CreateDirectory(path);
        var native = new NativeOptions(options, new ExpiryFilter(options.TimeProvider), new RocksLog(rocksLogger));
        StoreHandle? handle = null;
        try
        {
            string[] names;
            if (state == DirectoryState.Existing)
            {
                names = ListFamilies(native.Database, path);
                if (!names.Contains(MetaFamily, StringComparer.Ordinal))
                    throw Foreign(native, names, path);
            }
            else
            {
                names = ["default", MetaFamily];
                Native.Instance.rocksdb_options_set_create_missing_column_families(native.Database, 1);
            }
            var families = new IntPtr[names.Length];
            var familyOptions = Enumerable.Repeat(native.Family, names.Length).ToArray();
            var database = Native.Instance.rocksdb_optimistictransactiondb_open_column_families(
                native.Database, path, names.Length, names, familyOptions, families, out var error);
            if (error != IntPtr.Zero) throw OpenFailure(RocksStatus.From(error), path);
            handle = new StoreHandle(database, native);
            var byName = new Dictionary<string, ColumnFamily>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                handle.AddFamily(families[i]);
                byName[names[i]] = new ColumnFamily(names[i], families[i]);
            }
            CheckFormat(handle, byName[MetaFamily], path);
            return new OpenedStore(handle, byName, state != DirectoryState.Existing);
        }
        catch
        {
            if (handle is not null) handle.Dispose();
            else native.Dispose();
            throw;
        }
    }

    /// <summary>Creates the store's directory and the folders above it (RocksDB creates only the last one).</summary>
    private static void CreateDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new KeyValueStoreAccessException(
                $"The key-value store directory {path} cannot be created ({e.Message}). Create it, or give the process write access to the folder above it.", path, e);
        }
    }

    private static unsafe string[] ListFamilies(IntPtr options, string path)
    {
        var api = Native.Instance;
        var list = api.rocksdb_list_column_families(options, path, out var count, out var error);
        if (error != IntPtr.Zero) throw OpenFailure(RocksStatus.From(error), path);
        try
        {
            var names = new string[(int)count];
            for (var i = 0; i < names.Length; i++) names[i] = Marshal.PtrToStringUTF8(((IntPtr*)list)[i]) ?? "";
            return names;
        }
        finally
        {
            api.rocksdb_list_column_families_destroy(list, count);
        }
    }

    /// <summary>
    /// The error for an existing database without Strata's column family: <see cref="KeyValueStoreFormatException"/> when
    /// RocksDB can open it read-only (which writes nothing), the read-only open's error when it cannot: a damaged manifest
    /// also lists as a database of only <c>default</c>.
    /// </summary>
    private static DatabaseException Foreign(NativeOptions native, string[] names, string path)
    {
        var api = Native.Instance;
        var families = new IntPtr[names.Length];
        var database = api.rocksdb_open_for_read_only_column_families(native.Database, path, names.Length, names,
            Enumerable.Repeat(native.Family, names.Length).ToArray(), families, 0, out var error);
        if (error != IntPtr.Zero) return OpenFailure(RocksStatus.From(error), path);
        foreach (var family in families) api.rocksdb_column_family_handle_destroy(family);
        api.rocksdb_close(database);
        return new KeyValueStoreFormatException(
            $"The directory {path} holds a RocksDB database that Strata did not create (it has no '{MetaFamily}' column family), so its values are not in Strata's format. " +
            "Open it with the program that made it, or choose another directory. Nothing was changed.", path, null);
    }

    /// <summary>Reads the format version (writing it in a new store), refusing a newer one.</summary>
    private static unsafe void CheckFormat(StoreHandle handle, ColumnFamily meta, string path)
    {
        var api = Native.Instance;
        fixed (byte* key = FormatKey)
        {
            var slice = api.rocksdb_get_pinned_cf(handle.BaseDb, handle.Options.Read, meta.Handle, key, (UIntPtr)FormatKey.Length, out var error);
            if (error != IntPtr.Zero) throw OpenFailure(RocksStatus.From(error), path);
            if (slice == IntPtr.Zero)
            {
                var stored = ValueFormat.Encode(Encoding.ASCII.GetBytes(FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)), null);
                fixed (byte* value = stored)
                {
                    api.rocksdb_put_cf(handle.BaseDb, handle.Options.Write, meta.Handle, key, (UIntPtr)FormatKey.Length, value, (UIntPtr)stored.Length, out error);
                }
                if (error != IntPtr.Zero) throw OpenFailure(RocksStatus.From(error), path);
                return;
            }
            try
            {
                var data = (byte*)api.rocksdb_pinnableslice_value(slice, out var length);
                var bytes = new ReadOnlySpan<byte>(data, (int)length);
                if (bytes.Length < 2 || bytes[0] != ValueFormat.Plain || !int.TryParse(bytes[1..], out var version) || version > FormatVersion)
                    throw new KeyValueStoreFormatException(
                        $"The key-value store {path} is in format {Encoding.ASCII.GetString(bytes[Math.Min(1, bytes.Length)..])}, newer than the format {FormatVersion} this version of Strata reads. " +
                        "Open it with the newer version of Strata that wrote it. Nothing was changed.", path, null);
            }
            finally
            {
                api.rocksdb_pinnableslice_destroy(slice);
            }
        }
    }

    /// <summary>The exception for a failed open or listing: locked, damaged, not allowed, missing, or something else.</summary>
    public static DatabaseException OpenFailure(RocksStatus status, string path)
    {
        var text = status.Status;
        var lockFile = System.IO.Path.Combine(path, "LOCK");
        if (text.Contains("lock hold by current process", StringComparison.OrdinalIgnoreCase))
            return new KeyValueStoreLockedException(
                $"The key-value store {path} is already open in this process (RocksDB: {text}). Open it once and share the KeyValueStore instance, which is thread-safe, " +
                "or dispose the first one before opening it again.", lockFile, heldByThisProcess: true, Environment.ProcessId, status);
        if (text.Contains("While lock file", StringComparison.OrdinalIgnoreCase))
        {
            var holder = LockHolder.Find(lockFile);
            var who = holder is { } h ? $"process {h.Pid}{(h.Name is null ? "" : $" ({h.Name})")}" : "another process";
            return new KeyValueStoreLockedException(
                $"The key-value store {path} is locked by {who}: RocksDB lets one process open a store at a time, and it holds {lockFile} (RocksDB: {text}). " +
                "Stop that process or let it close the store, or give this process a store of its own. Nothing was changed.",
                lockFile, heldByThisProcess: false, holder?.Pid, status);
        }
        if (status.IsCorruption)
            return new KeyValueStoreCorruptedException(
                $"The key-value store {path} is damaged: {text}. Strata changed nothing and ran no repair: restore a backup, or run RocksDB's repair (ldb repair) on a copy of the directory.",
                path, status);
        if (KeyValueErrors.IsAccessProblem(text))
            return new KeyValueStoreAccessException(
                $"The key-value store {path} cannot be opened for writing: {text}. RocksDB writes its lock, log and data files there even to read: give the process write access to the directory. Nothing was changed.",
                path, status);
        return new DatabaseException($"RocksDB could not open the key-value store {path}: {text}", new DatabaseErrorDetails(KeyValueStore.SystemName), status);
    }
}
