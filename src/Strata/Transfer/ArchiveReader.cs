using System.IO.Compression;
using System.Text.Json;
using System.Text.Unicode;

namespace Strata.Transfer;

/// <summary>
/// Reads an archive's lines, gzipped or plain, as UTF-8 bytes straight from a large buffer (no string per line), turning a
/// broken stream into a clear <see cref="ArchiveCorruptedException"/>. Row lines go to <see cref="ArchiveRowParser"/>; the
/// few object lines (header, schema, markers) are parsed into a <see cref="JsonDocument"/>.
/// </summary>
internal sealed class ArchiveReader : IDisposable
{
    // Large reads keep the decompressor and the line search in long runs; a longer line grows the buffer.
    private const int BufferSize = 256 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private bool _atEnd;
    private long _line;

    private ArchiveReader(Stream stream) => _stream = stream;

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

    /// <summary>
    /// The next line's bytes without its line break, or null at the end of the stream. The bytes stay valid until the next call.
    /// </summary>
    /// <exception cref="ArchiveCorruptedException">The stream is not valid gzip or the line is not valid UTF-8.</exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> line;
        while (!TryTake(out line))
        {
            if (_atEnd) return null;
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
        return line;
    }

    /// <summary>
    /// As <see cref="ReadLineAsync"/>, reading the stream synchronously when the buffer runs out: for a caller that pulls rows
    /// through an enumerator (a bulk insert), where an await cannot go.
    /// </summary>
    public ReadOnlyMemory<byte>? ReadLine()
    {
        ReadOnlyMemory<byte> line;
        while (!TryTake(out line))
        {
            if (_atEnd) return null;
            Fill();
        }
        return line;
    }

    /// <summary>The next line; a missing line is a truncated archive, described by what was expected (<paramref name="what"/>).</summary>
    public async ValueTask<ReadOnlyMemory<byte>> NextLineAsync(string what, CancellationToken cancellationToken) =>
        await ReadLineAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new ArchiveCorruptedException($"The archive ends after line {_line}, before {what}; it is truncated. Take a new dump or copy the whole file.");

    /// <summary>The next line parsed as a JSON document; a missing line is a truncated archive, described by <paramref name="what"/>.</summary>
    public async Task<JsonDocument> NextAsync(string what, CancellationToken cancellationToken) =>
        Parse(await NextLineAsync(what, cancellationToken).ConfigureAwait(false));

    /// <summary>The line just read, parsed as a JSON document.</summary>
    /// <exception cref="ArchiveCorruptedException">The line is not valid JSON.</exception>
    public JsonDocument Parse(ReadOnlyMemory<byte> line)
    {
        try
        {
            // The document keeps the memory it parsed, which the next read overwrites: it gets a copy.
            return JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            throw new ArchiveCorruptedException($"Line {_line} of the archive is not valid JSON; the archive is corrupted or truncated. Take a new dump.", e);
        }
    }

    /// <summary>True when the line is a row (a JSON array); anything else is an object line or corrupted.</summary>
    public static bool IsRow(ReadOnlySpan<byte> line) => line.Length > 0 && line[0] == (byte)'[';

    /// <summary>A member of an object line, or a clear error when the line has none.</summary>
    public static JsonElement Member(JsonDocument line, string member) =>
        line.RootElement.ValueKind == JsonValueKind.Object && line.RootElement.TryGetProperty(member, out var value)
            ? value
            : throw new ArchiveCorruptedException($"A line of the archive lacks its '{member}' member; the archive is corrupted. Take a new dump.");

    /// <summary>The number of the last line read, for messages.</summary>
    public long Line => _line;

    public void Dispose() => _stream.Dispose();

    private ReadOnlyMemory<byte> Take(int length, int consumed)
    {
        var line = _buffer.AsMemory(_start, length);
        _start += consumed;
        _line++;
        // A text reader's line ends at "\r\n" too; the writer never writes a bare '\r' (JSON escapes it in strings).
        if (line.Length > 0 && line.Span[^1] == (byte)'\r') line = line[..^1];
        if (!Utf8.IsValid(line.Span))
            throw new ArchiveCorruptedException($"The archive is corrupted near line {_line} (it is not valid UTF-8); take a new dump.");
        return line;
    }

    /// <summary>The next whole line in the buffer (or the last one, without a line break, at the end of the stream); false when more must be read.</summary>
    private bool TryTake(out ReadOnlyMemory<byte> line)
    {
        var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
        if (newline >= 0)
        {
            line = Take(newline, newline + 1);
            return true;
        }
        // The last line without a line break, as a text reader returns it.
        if (_atEnd && _start < _end)
        {
            line = Take(_end - _start, _end - _start);
            return true;
        }
        line = default;
        return false;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var free = MakeRoom();
        try
        {
            Filled(await _stream.ReadAsync(free, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw Broken(e);
        }
    }

    private void Fill()
    {
        var free = MakeRoom();
        try
        {
            Filled(_stream.Read(free.Span));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw Broken(e);
        }
    }

    /// <summary>Moves the unread bytes to the front, growing the buffer for a line longer than it; returns the free part.</summary>
    private Memory<byte> MakeRoom()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        return _buffer.AsMemory(_end);
    }

    private void Filled(int read)
    {
        if (read == 0) _atEnd = true;
        _end += read;
    }

    private ArchiveCorruptedException Broken(Exception e) =>
        new($"The archive is corrupted or truncated near line {_line + 1} ({e.Message}); take a new dump.", e);

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
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
