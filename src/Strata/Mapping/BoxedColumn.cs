using System.Data.Common;

namespace Strata.Mapping;

/// <summary>
/// One column read as an object and converted to its member's type at run time: how row mappers read where code cannot be
/// generated (native AOT without a source-generated mapper). It applies the rules of the typed reads (NULL into a non-nullable
/// member, JSON, registered conversions, wrappers, collections, dates as UTC) and throws the same mapping errors, only boxed.
/// </summary>
internal sealed class BoxedColumn(ColumnBinding binding, JsonColumnBinding? json, Type targetType, TypeConversions conversions)
{
    private readonly bool _nonNullable = targetType.IsValueType && Nullable.GetUnderlyingType(targetType) is null;

    public static object? Read(DbDataReader reader, BoxedColumn column) => column.Read(reader);

    private object? Read(DbDataReader reader)
    {
        var ordinal = binding.Ordinal;
        if (reader.IsDBNull(ordinal))
        {
            if (!_nonNullable) return null;
            throw json is null ? binding.NullError(reader) : json.NullError(reader);
        }
        if (json is not null)
        {
            try
            {
                return json.Json.Read(json.Text(reader), targetType);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidCastException or FormatException or NotSupportedException or InvalidOperationException)
            {
                throw json.ConversionError(e, reader);
            }
        }
        try
        {
            return conversions.FromDriver(reader.GetValue(ordinal), targetType);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException or NotSupportedException
            or InvalidOperationException)
        {
            throw binding.ConversionError(e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e, reader);
        }
    }
}
