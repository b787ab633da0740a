using Strata.Query;
namespace Strata;

/// <summary>Where NULLs sort in an ORDER BY term.</summary>
public enum NullsOrder
{
    /// <summary>The database's own default (PostgreSQL: last ascending; MySQL and SQLite: first ascending).</summary>
    Default,

    /// <summary><c>NULLS FIRST</c>, emulated with <c>column IS NULL DESC</c> where the dialect lacks it.</summary>
    First,

    /// <summary><c>NULLS LAST</c>, emulated with <c>column IS NULL</c> where the dialect lacks it.</summary>
    Last,
}
