namespace Strata.Mapping;

/// <summary>
/// What a database's row mappers depend on besides the columns: its naming convention, its JSON settings and its type conversions.
/// One per database; row mappers are cached per (type, columns, convention, JSON settings, conversions), compared by reference.
/// </summary>
internal sealed class RowMapping(NamingConvention convention, JsonMapping json, TypeConversions conversions)
{
    public NamingConvention Convention { get; } = convention;

    public JsonMapping Json { get; } = json;

    public TypeConversions Conversions { get; } = conversions;

    /// <summary>
    /// A value read from the driver (a scalar, a <see cref="RowReader"/> column; not null) as <typeparamref name="T"/>: a JSON type
    /// from its text first (a type listed or marked as JSON is JSON even when it would otherwise be converted), then a converted type
    /// through its conversion, anything else by <see cref="ValueConverter"/> (dates and times as UTC).
    /// </summary>
    /// <exception cref="System.Text.Json.JsonException">JSON text that does not fit the type.</exception>
    /// <exception cref="InvalidCastException">No conversion from the value's type.</exception>
    public T Convert<T>(object value) =>
        value is T same && same is not (DateTime or DateTime[] or DateTime?[]) ? same
        : Json.IsJsonType(typeof(T)) ? Json.Read<T>(JsonMapping.TextOf(value))
        : Conversions.FromDriver<T>(value);
}
