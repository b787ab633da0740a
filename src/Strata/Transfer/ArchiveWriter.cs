using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Strata.Transfer;

/// <summary>Writes an archive's JSON lines into a buffer that goes to the (optionally gzipped) stream in large writes.</summary>
internal sealed class ArchiveWriter : IAsyncDisposable
{
    private const int FlushAt = 64 * 1024;
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Stream _output;
    private readonly bool _ownsOutput;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt * 2);
    private readonly Utf8JsonWriter _json;

    public ArchiveWriter(Stream stream, bool compress)
    {
        _output = compress ? new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true) : stream;
        _ownsOutput = compress;
        _json = new Utf8JsonWriter(_buffer, JsonOptions);
    }

    /// <summary>Appends one line; its bytes (with the newline) go into <paramref name="hash"/> when given.</summary>
    public void WriteLine(Action<Utf8JsonWriter> write, IncrementalHash? hash = null)
    {
        var start = _buffer.WrittenCount;
        _json.Reset(_buffer);
        write(_json);
        _json.Flush();
        _buffer.Write("\n"u8);
        hash?.AppendData(_buffer.WrittenSpan[start..]);
    }

    /// <summary>Sends the buffered lines when there are enough of them (or always, when <paramref name="force"/>).</summary>
    public async ValueTask FlushAsync(bool force, CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount == 0 || (!force && _buffer.WrittenCount < FlushAt)) return;
        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
        if (force) await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync().ConfigureAwait(false);
        if (_ownsOutput) await _output.DisposeAsync().ConfigureAwait(false);
    }
}
