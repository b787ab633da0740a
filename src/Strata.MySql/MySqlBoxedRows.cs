using System.Numerics;
using MySqlConnector;
using Strata.Bulk;

namespace Strata.MySql;

/// <summary>
/// Rows that come as arrays of boxed values (arrays, entities with a member no typed write covers, rows a plugin rewrote)
/// written into a <see cref="MySqlLoadDataWriter"/> through the method of each value's runtime type, so that LOAD DATA has
/// one encoder whatever the rows. Values are normalised already (enums as numbers or names, JSON as <see cref="Dialects.JsonText"/>).
/// </summary>
/// <remarks>
/// Takes the types MySqlConnector's own bulk copy took; another type is a <see cref="NotSupportedException"/> naming the column
/// and row. Read once; disposing it disposes the rows' enumerator.
/// </remarks>
internal sealed class MySqlBoxedRows(IEnumerable<object?[]> rows) : BulkRowSource, IDisposable
{
    private readonly IEnumerator<object?[]> _rows = rows.GetEnumerator();

    public override bool WriteRow(IBulkValueWriter writer)
    {
        if (!_rows.MoveNext()) return false;
        var encoder = (MySqlLoadDataWriter)writer;
        foreach (var value in _rows.Current) Write(encoder, value);
        return true;
    }

    /// <summary>One value, as the writer's method for its type writes it.</summary>
    internal static void Write(MySqlLoadDataWriter writer, object? value)
    {
        switch (MySqlDialect.DriverValue(value))
        {
            case DBNull: writer.WriteNull(); break;
            case string s: writer.WriteString(s); break;
            case int i: writer.WriteInt32(i); break;
            case long l: writer.WriteInt64(l); break;
            case decimal d: writer.WriteDecimal(d); break;
            case DateTime d: writer.WriteDateTime(d); break;
            case bool b: writer.WriteBoolean(b); break;
            case double d: writer.WriteDouble(d); break;
            case float f: writer.WriteSingle(f); break;
            case short s: writer.WriteInt16(s); break;
            case byte b: writer.WriteInt32(b); break;
            case sbyte b: writer.WriteInt32(b); break;
            case ushort u: writer.WriteInt32(u); break;
            case uint u: writer.WriteInt64(u); break;
            case ulong u: writer.WriteUInt64(u); break;
            case Guid g: writer.WriteGuid(g); break;
            case DateTimeOffset o: writer.WriteDateTimeOffset(o); break;
            case DateOnly d: writer.WriteDate(d); break;
            case TimeOnly t: writer.WriteTime(t); break;
            case TimeSpan t: writer.WriteTimeSpan(t); break;
            case byte[] b: writer.WriteBytes(b); break;
            case ReadOnlyMemory<byte> m: writer.WriteBytes(m.Span); break;
            case Memory<byte> m: writer.WriteBytes(m.Span); break;
            case ArraySegment<byte> a: writer.WriteBytes(a); break;
            case MySqlGeometry g: writer.WriteBytes(g.Value); break;
            case char c: writer.WriteText(new ReadOnlySpan<char>(in c)); break;
            // MySqlConnector writes an invalid (zero) date as zeros, which the server takes only outside strict mode.
            case MySqlDateTime d: if (d.IsValidDateTime) writer.WriteDateTime(d.GetDateTime()); else writer.WriteString("0000-00-00"); break;
            case MySqlDecimal d: writer.WriteString(d.ToString()); break;
            case BigInteger b: writer.WriteText(b.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case Enum e: writer.WriteString(e.ToString("d")); break;
            case var other: writer.Unsupported(other.GetType()); break;
        }
    }

    public void Dispose() => _rows.Dispose();
}
