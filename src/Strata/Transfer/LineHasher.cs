using System.Security.Cryptography;

namespace Strata.Transfer;

/// <summary>
/// Feeds row lines, each with the line break the writer ended it with, into a checksum in blocks of many lines: the hash
/// sees the same bytes as the dump's, but one call per block instead of two per line, which cost more than the hashing itself.
/// </summary>
internal sealed class LineHasher(IncrementalHash hash)
{
    private const int BlockSize = 64 * 1024;
    private readonly byte[] _block = new byte[BlockSize];
    private int _length;

    /// <summary>Adds <paramref name="line"/> and a line break.</summary>
    public void Append(ReadOnlySpan<byte> line)
    {
        if (_length + line.Length + 1 > BlockSize) Flush();
        if (line.Length + 1 > BlockSize)
        {
            hash.AppendData(line);
            hash.AppendData("\n"u8);
            return;
        }
        line.CopyTo(_block.AsSpan(_length));
        _length += line.Length;
        _block[_length++] = (byte)'\n';
    }

    /// <summary>Hands the lines added so far to the hash; call before reading the hash.</summary>
    public void Flush()
    {
        if (_length == 0) return;
        hash.AppendData(_block, 0, _length);
        _length = 0;
    }
}
