namespace Strata.Mapping;

/// <summary>
/// What a database's row mappers depend on besides the columns: its naming convention and its JSON settings. One per database;
/// row mappers are cached per (type, columns, convention, JSON settings), compared by reference.
/// </summary>
internal sealed class RowMapping(NamingConvention convention, JsonMapping json)
{
    public NamingConvention Convention { get; } = convention;

    public JsonMapping Json { get; } = json;
}
