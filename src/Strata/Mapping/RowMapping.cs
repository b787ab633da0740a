namespace Strata.Mapping;

/// <summary>
/// What a database's row mappers depend on besides the columns: its naming convention and its type conversions. One per
/// database; row mappers are cached per (type, columns, convention, conversions), compared by reference.
/// </summary>
internal sealed class RowMapping(NamingConvention convention, TypeConversions conversions)
{
    public NamingConvention Convention { get; } = convention;

    public TypeConversions Conversions { get; } = conversions;
}
