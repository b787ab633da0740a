using System.ComponentModel.DataAnnotations.Schema;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Strata.Mapping;

/// <summary>
/// Compiles a row mapper with expression trees: the delegate reads each column with a typed getter,
/// so no reflection runs per row. Where code cannot be generated (native AOT) the same tree reads each column boxed
/// (<see cref="BoxedColumn"/>) and runs interpreted: slower, with the same results and errors.
/// </summary>
internal static class RowMapperBuilder
{
    private static readonly MethodInfo ReadStringMethod = typeof(ColumnReader).GetMethod(nameof(ColumnReader.ReadString))!;
    private static readonly MethodInfo BoxedReadMethod = typeof(BoxedColumn).GetMethod(nameof(BoxedColumn.Read))!;

    public static Func<DbDataReader, T> Build<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(DbDataReader reader, RowMapping mapping)
    {
        var type = typeof(T);
        if (type == typeof(object) || type == typeof(DbRow) || type == typeof(IReadOnlyDictionary<string, object?>) || type == typeof(IDictionary<string, object?>))
            return BuildRow<T>(reader);
        var parameter = Expression.Parameter(typeof(DbDataReader), "reader");
        Expression body;
        // A JSON type or a collection read as a whole row is one column's value, not a row of members; so is a converted type.
        if (IsScalar(type) || mapping.Json.IsJsonType(type) || ColumnConverters.IsCollection(type) || IsConvertedScalar(type, reader, mapping.Conversions))
        {
            if (reader.FieldCount < 1) throw new MappingException($"The result has no columns to map to {type.Name}.");
            body = ReadColumn(parameter, reader, 0, type, $"the {TypeName(type)} result", mapping, asJson: false, named: !IsScalar(type));
        }
        else if (IsValueTuple(type))
        {
            if (GeneratedMappers.RowReader<T>() is { } generated) return generated.Create(new RowShape(reader, mapping, type));
            body = BuildTuple(parameter, reader, type, mapping);
        }
        else
        {
            if (GeneratedMappers.RowReader<T>() is { } generated) return generated.Create(new RowShape(reader, mapping, type));
            body = BuildObject(parameter, reader, type, mapping);
        }
        return Expression.Lambda<Func<DbDataReader, T>>(body, parameter).Compile();
    }

    internal static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid) ||
               t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeOnly) ||
               t == typeof(TimeSpan) || t == typeof(byte[]);
    }

    /// <summary>
    /// A converted type read as one column: always with a registered converter; a type that wraps one value only when the
    /// result has one column that its property does not name, since a row type of that shape (<c>record Row(long Id)</c> over
    /// <c>SELECT id</c>) is mapped by its members, as before such types were converted.
    /// </summary>
    private static bool IsConvertedScalar(Type type, DbDataReader reader, TypeConversions conversions)
    {
        var model = Nullable.GetUnderlyingType(type) ?? type;
        if (conversions.IsRegistered(model)) return true;
        if (reader.FieldCount != 1 || conversions.Find(model) is null || ValueWrapper.Property(model) is not { } property) return false;
        var name = property.GetCustomAttribute<ColumnAttribute>()?.Name ?? property.Name;
        return !string.Equals(reader.GetName(0).Replace("_", "", StringComparison.Ordinal), name.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsValueTuple(Type type) =>
        type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);

    private static Func<DbDataReader, T> BuildRow<T>(DbDataReader reader)
    {
        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++) names[i] = reader.GetName(i);
        var columns = new DbRowColumns(names);
        return r =>
        {
            var values = new object?[columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var value = r.IsDBNull(i) ? null : r.GetValue(i);
                values[i] = value switch
                {
                    DateTime d => ValueConverter.AsUtc(d),
                    DateTime[] array => Array.ConvertAll(array, ValueConverter.AsUtc),
                    _ => value,
                };
            }
            return (T)(object)new DbRow(columns, values);
        };
    }

    private static NewExpression BuildTuple(ParameterExpression reader, DbDataReader shape, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type, RowMapping mapping)
    {
        var args = type.GetGenericArguments();
        if (args.Length > 7) throw new MappingException($"Value tuples of more than 7 elements are not supported ({TypeName(type)}); map to a record instead.");
        if (shape.FieldCount < args.Length)
            throw new MappingException($"The result has {shape.FieldCount} columns but {TypeName(type)} needs {args.Length}.");
        var reads = args.Select((t, i) => ReadColumn(reader, shape, i, t, $"tuple element Item{i + 1}", mapping, asJson: false));
        return Expression.New(type.GetConstructor(args)!, reads);
    }

    private static MemberInitExpression BuildObject(ParameterExpression reader, DbDataReader shape, [DynamicallyAccessedMembers(MappedMembers.Types)] Type type, RowMapping mapping)
    {
        var columns = new ColumnFinder(shape, mapping.Convention);
        int? Find(MemberInfo member, string name) => columns.Find(member.GetCustomAttribute<ColumnAttribute>()?.Name, name);

        var constructor = ChooseConstructor(type);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var args = new List<Expression>();
        foreach (var p in constructor.GetParameters())
        {
            var property = Array.Find(properties, candidate => string.Equals(candidate.Name, p.Name, StringComparison.OrdinalIgnoreCase));
            var ordinal = Find((MemberInfo?)property ?? type, p.Name!);
            if (ordinal is { } o)
            {
                var asJson = p.IsDefined(typeof(JsonColumnAttribute)) || property is not null && JsonMapping.IsMarked(property, type);
                args.Add(ReadColumn(reader, shape, o, p.ParameterType, $"constructor parameter {type.Name}({p.Name})", mapping, asJson));
                used.Add(p.Name!);
            }
            else if (p.HasDefaultValue)
            {
                args.Add(Expression.Constant(p.DefaultValue, p.ParameterType));
            }
            else
            {
                throw columns.NoColumnFor(p.Name!, type);
            }
        }

        var bindings = new List<MemberBinding>();
        // Properties before fields, the order Type.GetMembers gives them in.
        foreach (var member in properties.Concat<MemberInfo>(type.GetFields(BindingFlags.Public | BindingFlags.Instance)))
        {
            if (used.Contains(member.Name) || member.IsDefined(typeof(NotMappedAttribute))) continue;
            Type memberType;
            switch (member)
            {
                case PropertyInfo { CanWrite: true } p when p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0: memberType = p.PropertyType; break;
                case FieldInfo { IsInitOnly: false, IsLiteral: false } f: memberType = f.FieldType; break;
                default: continue;
            }
            if (Find(member, member.Name) is { } ordinal)
                bindings.Add(Expression.Bind(member, ReadColumn(reader, shape, ordinal, memberType, $"{type.Name}.{member.Name}", mapping, JsonMapping.IsMarked(member, type))));
        }
        return Expression.MemberInit(Expression.New(constructor, args), bindings);
    }

    private static ConstructorInfo ChooseConstructor([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var parameterless = constructors.FirstOrDefault(c => c.GetParameters().Length == 0);
        if (parameterless is not null) return parameterless;
        // Records and classes with constructors: the widest public constructor, skipping a record's copy constructor.
        var candidate = constructors
            .Where(c => !(c.GetParameters() is [var only] && only.ParameterType == type))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        return candidate ?? throw new MappingException($"{type.Name} has no public constructor to map rows into.");
    }

    /// <summary>
    /// The read of one column into <paramref name="targetType"/>: as JSON when the member is marked or the type is JSON (before any
    /// conversion, so a JSON type that also wraps one value is read as a document), else through the type's conversion when it has
    /// one (for a collection, its elements'), else typed.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2071", Justification = "The struct constraint of the nullable read only allows Nullable<T>; it never creates a T, so no constructor needs keeping.")]
    internal static Expression ReadColumn(ParameterExpression reader, DbDataReader shape, int ordinal, Type targetType, string target, RowMapping mapping, bool asJson,
        bool named = true)
    {
        // A scalar result's mapper is cached whatever the column is called (see RowMapper), so it must not hold the name.
        var column = named ? shape.GetName(ordinal) : null;
        if (!RuntimeFeature.IsDynamicCodeSupported) return ReadBoxed(reader, shape, ordinal, column, targetType, target, mapping, asJson);
        if (asJson || mapping.Json.IsJsonType(targetType))
        {
            var jsonBinding = new JsonColumnBinding(ordinal, column, SafeTypeName(shape, ordinal), targetType, target, mapping.Json);
            return Expression.Call(typeof(ColumnReader).GetMethod(nameof(ColumnReader.ReadJson))!.MakeGenericMethod(targetType), reader, Expression.Constant(jsonBinding));
        }
        if (ConvertedCollection.Read(reader, shape, ordinal, column, SafeTypeName(shape, ordinal), targetType, target, mapping.Conversions) is { } collection)
            return collection;
        var underlying = Nullable.GetUnderlyingType(targetType);
        if (mapping.Conversions.Find(underlying ?? targetType) is { } conversion)
        {
            // The column is read as the type it is stored as, and errors name the member's own type.
            var stored = new ColumnBinding(ordinal, column, shape.GetFieldType(ordinal), SafeTypeName(shape, ordinal), conversion.ProviderType, target, targetType);
            return conversion.Read(reader, stored, nullable: underlying is not null);
        }
        var binding = new ColumnBinding(ordinal, column, shape.GetFieldType(ordinal), SafeTypeName(shape, ordinal), targetType, target);
        var method = underlying is not null ? typeof(ColumnReader).GetMethod(nameof(ColumnReader.ReadNullable))!.MakeGenericMethod(underlying)
            : targetType == typeof(string) && binding.Direct ? ReadStringMethod
            : typeof(ColumnReader).GetMethod(nameof(ColumnReader.Read))!.MakeGenericMethod(targetType);
        return Expression.Call(method, reader, Expression.Constant(binding));
    }

    /// <summary>The read of one column as an object, unboxed to <paramref name="targetType"/>: what runs without dynamic code.</summary>
    private static UnaryExpression ReadBoxed(ParameterExpression reader, DbDataReader shape, int ordinal, string? column, Type targetType, string target, RowMapping mapping,
        bool asJson)
    {
        var json = asJson || mapping.Json.IsJsonType(targetType)
            ? new JsonColumnBinding(ordinal, column, SafeTypeName(shape, ordinal), targetType, target, mapping.Json)
            : null;
        var binding = new ColumnBinding(ordinal, column, shape.GetFieldType(ordinal), SafeTypeName(shape, ordinal), targetType, target);
        var read = new BoxedColumn(binding, json, targetType, mapping.Conversions);
        return Expression.Convert(Expression.Call(BoxedReadMethod, reader, Expression.Constant(read)), targetType);
    }

    internal static string SafeTypeName(DbDataReader reader, int ordinal)
    {
        try { return reader.GetDataTypeName(ordinal); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or IndexOutOfRangeException) { return "unknown type"; }
    }

    internal static string TypeName(Type type) => type.IsGenericType && !IsCompilerGenerated(type)
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;

    private static bool IsCompilerGenerated(Type type) => type.IsDefined(typeof(CompilerGeneratedAttribute));
}
