using System.ComponentModel;
using System.Data.Common;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Strata.Mapping;

/// <summary>
/// The typed read of one column into <typeparamref name="TValue"/> for a source-generated row reader, chosen once per result shape
/// as the reflection mapper chooses it: JSON, then a converted collection or type, then the driver's typed getter (or a typed
/// conversion). Nullable value types, converted types and collections run the reflection mapper's own compiled read where code
/// can be generated, and its boxed read where it cannot, so every read gives what the reflection mapper would.
/// </summary>
/// <typeparam name="TValue">The member's type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ColumnRead<TValue>
{
    private readonly Mode _mode;
    private readonly ColumnBinding? _binding;
    private readonly JsonColumnBinding? _json;
    private readonly Func<DbDataReader, TValue>? _other;

    internal ColumnRead(DbDataReader shape, int ordinal, string target, RowMapping mapping, bool asJson)
    {
        var targetType = typeof(TValue);
        var column = shape.GetName(ordinal);
        var databaseType = RowMapperBuilder.SafeTypeName(shape, ordinal);
        if (asJson || mapping.Json.IsJsonType(targetType))
        {
            _json = new JsonColumnBinding(ordinal, column, databaseType, targetType, target, mapping.Json);
            _mode = Mode.Json;
            return;
        }
        var underlying = Nullable.GetUnderlyingType(targetType);
        if (underlying is null && !ConvertedCollection.Converts(targetType, mapping.Conversions) && mapping.Conversions.Find(targetType) is null)
        {
            _binding = new ColumnBinding(ordinal, column, shape.GetFieldType(ordinal), databaseType, targetType, target);
            _mode = targetType == typeof(string) && _binding.Direct ? Mode.String : Mode.Typed;
            return;
        }
        _mode = Mode.Other;
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            var reader = Expression.Parameter(typeof(DbDataReader), "reader");
            _other = Expression.Lambda<Func<DbDataReader, TValue>>(RowMapperBuilder.ReadColumn(reader, shape, ordinal, targetType, target, mapping, asJson: false), reader).Compile();
        }
        else
        {
            var boxed = new BoxedColumn(new ColumnBinding(ordinal, column, shape.GetFieldType(ordinal), databaseType, targetType, target), null, targetType, mapping.Conversions);
            _other = r => (TValue)BoxedColumn.Read(r, boxed)!;
        }
    }

    private enum Mode
    {
        Typed,
        String,
        Json,
        Other,
    }

    /// <summary>The column's value in the reader's current row.</summary>
    /// <param name="reader">The reader, on a row of the shape this read was made for.</param>
    /// <exception cref="MappingException">A NULL into a non-nullable member, or a value that does not convert; the message names the column.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TValue Read(DbDataReader reader) =>
        // Small enough to inline into the generated reader, so the common reads cost what the compiled mapper's calls cost.
        _mode == Mode.Typed ? ColumnReader.Read<TValue>(reader, _binding!)
        : _mode == Mode.String ? (TValue)(object?)ColumnReader.ReadString(reader, _binding!)!
        : ReadOther(reader);

    private TValue ReadOther(DbDataReader reader) => _mode == Mode.Json ? ColumnReader.ReadJson<TValue>(reader, _json!) : _other!(reader);
}
