namespace Strata.Transfer;

/// <summary>
/// The constants of Strata's portable archive (see the README's "Dump, restore and copy" section for the layout): a
/// gzip stream (or plain, when written uncompressed) of UTF-8 JSON lines, one object or row per line.
/// </summary>
internal static class ArchiveFormat
{
    /// <summary>The value of the header's "format" member.</summary>
    public const string Name = "strata-dump";

    /// <summary>The format version this Strata writes and the newest it reads.</summary>
    public const int Version = 1;

    /// <summary>The two bytes every gzip stream starts with; an archive without them is read as plain JSON lines.</summary>
    public static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];
}
