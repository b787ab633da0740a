namespace Strata.KeyValue.Internal;

/// <summary>A namespace's RocksDB column family: its name and handle (owned by the <see cref="StoreHandle"/>).</summary>
internal sealed class ColumnFamily(string name, IntPtr handle)
{
    public string Name { get; } = name;

    public IntPtr Handle { get; } = handle;

    /// <summary>Set when the namespace was dropped: its handle stays valid until the store closes, but it is no longer used.</summary>
    public bool Dropped { get; set; }
}
