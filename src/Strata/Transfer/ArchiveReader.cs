using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Strata.Transfer;

/// <summary>Reads an archive's JSON lines, gzipped or plain, turning a broken stream into a clear <see cref="ArchiveCorruptedException"/>.</summary>
internal sealed class ArchiveReader : IDisposable
{
    private readonly StreamReader _reader;
    private long _line;

    private ArchiveReader(Stream stream) => _reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), false, 64 * 1024);

    /// <summary>
    /// Opens the archive: gzip when it starts with gzip's magic bytes, plain otherwise; a stream that cannot seek is taken as
    /// <paramref name="compressed"/> says (gzip when it is null).
    /// </summary>
    public static ArchiveReader Open(Stream stream, bool? compressed = null)
    {
        var gzip = compressed ?? true;
        if (compressed is null && stream.CanSeek)
        {
            var start = stream.Position;
            Span<byte> magic = stackalloc byte[2];
            var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            stream.Position = start;
            gzip = read == 2 && magic.SequenceEqual(ArchiveFormat.GzipMagic);
        }
        return new ArchiveReader(gzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : new NonClosing(stream));
    }

    /// <summary>The next line parsed, or null at the end of the stream. A row line (a JSON array) is hashed into <paramref name="hash"/> when given.</summary>
    public async Task<JsonDocument?> ReadAsync(IncrementalHash? hash, CancellationToken cancellationToken)
    {
        string? text;
        try
        {
            text = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException or EndOfStreamException)
        {
            throw new ArchiveCorruptedException($"The archive is corrupted or truncated near line {_line + 1} ({e.Message}); take a new dump.", e);
        }
        if (text is null) return null;
        _line++;
        if (hash is not null && text.StartsWith('['))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData("\n"u8);
        }
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ArchiveCorruptedException($"Line {_line} of the archive is not valid JSON; the archive is corrupted or truncated. Take a new dump.", e);
        }
    }

    /// <summary>The next line parsed; a missing line is a truncated archive, described by what was expected (<paramref name="what"/>).</summary>
    public async Task<JsonDocument> NextAsync(IncrementalHash? hash, string what, CancellationToken cancellationToken) =>
        await ReadAsync(hash, cancellationToken).ConfigureAwait(false)
        ?? throw new ArchiveCorruptedException($"The archive ends after line {_line}, before {what}; it is truncated. Take a new dump or copy the whole file.");

    /// <summary>A member of an object line, or a clear error when the line has none.</summary>
    public static JsonElement Member(JsonDocument line, string member) =>
        line.RootElement.ValueKind == JsonValueKind.Object && line.RootElement.TryGetProperty(member, out var value)
            ? value
            : throw new ArchiveCorruptedException($"A line of the archive lacks its '{member}' member; the archive is corrupted. Take a new dump.");

    /// <summary>The number of the last line read, for messages.</summary>
    public long Line => _line;

    public void Dispose() => _reader.Dispose();

    /// <summary>Keeps the caller's stream open when the reader is disposed.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
