using System.Linq.Expressions;
using System.Reflection;
using Strata.Mapping;

namespace Strata.Bulk;

/// <summary>
/// Compiles, once per entity type and column set, a writer that hands each mapped member's value to an
/// <see cref="IBulkValueWriter"/> through the method of its type, so a bulk insert of entities on a typed path
/// (PostgreSQL's binary COPY) boxes nothing. Values are written as parameters would bind them: a local
/// <see cref="DateTime"/> as UTC, a 16-bit or smaller integer widened.
/// </summary>
internal static class EntityRowWriter
{
    private static readonly Dictionary<Type, MethodInfo> Writes = typeof(EntityRowWriter)
        .GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
        .Where(m => m.Name == nameof(Write))
        .ToDictionary(m => m.GetParameters()[1].ParameterType);

    /// <summary>
    /// The writer of the columns at <paramref name="indexes"/> of <paramref name="map"/>, or null when one of them has a type the
    /// typed methods do not cover (an enum, JSON, a converted type), which leaves the rows to the boxed path.
    /// </summary>
    public static Action<T, IBulkValueWriter>? For<T>(EntityMap<T> map, int[] indexes)
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        var writer = Expression.Parameter(typeof(IBulkValueWriter), "writer");
        var writeNull = Expression.Call(writer, typeof(IBulkValueWriter).GetMethod(nameof(IBulkValueWriter.WriteNull))!);
        var variables = new List<ParameterExpression>();
        var calls = new List<Expression>(indexes.Length);
        foreach (var index in indexes)
        {
            var column = map.Columns[index];
            var type = Nullable.GetUnderlyingType(column.Type) ?? column.Type;
            if (column.IsJson || !Writes.TryGetValue(type, out var write)) return null;
            var read = column.Read(entity);
            if (type == column.Type)
            {
                calls.Add(Expression.Call(write, writer, read));
                continue;
            }
            // A nullable member: NULL, or its value through the method of the underlying type.
            var value = Expression.Variable(column.Type);
            variables.Add(value);
            calls.Add(Expression.Assign(value, read));
            calls.Add(Expression.IfThenElse(Expression.NotEqual(value, Expression.Constant(null, column.Type)),
                Expression.Call(write, writer, Expression.Convert(value, type)),
                writeNull));
        }
        return Expression.Lambda<Action<T, IBulkValueWriter>>(Expression.Block(variables, calls), entity, writer).Compile();
    }

    private static void Write(IBulkValueWriter writer, bool value) => writer.WriteBoolean(value);
    private static void Write(IBulkValueWriter writer, byte value) => writer.WriteInt16(value);
    private static void Write(IBulkValueWriter writer, sbyte value) => writer.WriteInt16(value);
    private static void Write(IBulkValueWriter writer, short value) => writer.WriteInt16(value);
    private static void Write(IBulkValueWriter writer, ushort value) => writer.WriteInt32(value);
    private static void Write(IBulkValueWriter writer, int value) => writer.WriteInt32(value);
    private static void Write(IBulkValueWriter writer, uint value) => writer.WriteInt64(value);
    private static void Write(IBulkValueWriter writer, long value) => writer.WriteInt64(value);
    private static void Write(IBulkValueWriter writer, float value) => writer.WriteSingle(value);
    private static void Write(IBulkValueWriter writer, double value) => writer.WriteDouble(value);
    private static void Write(IBulkValueWriter writer, decimal value) => writer.WriteDecimal(value);
    private static void Write(IBulkValueWriter writer, Guid value) => writer.WriteGuid(value);
    private static void Write(IBulkValueWriter writer, DateOnly value) => writer.WriteDate(value);
    private static void Write(IBulkValueWriter writer, TimeOnly value) => writer.WriteTime(value);
    private static void Write(IBulkValueWriter writer, DateTime value) => writer.WriteDateTime(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value);
    private static void Write(IBulkValueWriter writer, DateTimeOffset value) => writer.WriteDateTimeOffset(value);

    private static void Write(IBulkValueWriter writer, string? value)
    {
        if (value is null) writer.WriteNull();
        else writer.WriteString(value);
    }

    private static void Write(IBulkValueWriter writer, byte[]? value)
    {
        if (value is null) writer.WriteNull();
        else writer.WriteBytes(value);
    }
}
