using Strata.Query;

namespace Strata.Dialects;

public abstract partial class SqlDialect
{
    /// <summary>
    /// True when the database has array columns and array parameters (PostgreSQL). Then a collection in SQL outside <c>IN (…)</c>
    /// (<c>VALUES ({tags})</c>, <c>= ANY({ids})</c>) is one array parameter, and <see cref="ArrayCondition"/> renders
    /// <c>WhereAny</c>, <c>WhereArrayContains</c> and <c>WhereArrayOverlaps</c>. When false, such a collection is refused with a
    /// <see cref="NotSupportedException"/> that suggests JSON.
    /// </summary>
    public virtual bool SupportsArrays => false;

    /// <summary>The condition comparing the array column <paramref name="column"/> with <paramref name="value"/> (see <see cref="ArrayOperator"/>).</summary>
    /// <param name="column">The column, quoted.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The parameter: one value for <see cref="ArrayOperator.Any"/>, an array for the others.</param>
    /// <exception cref="NotSupportedException"><see cref="SupportsArrays"/> is false.</exception>
    public virtual Sql ArrayCondition(Sql column, ArrayOperator op, Sql value) =>
        throw new NotSupportedException(
            $"The {Name} dialect has no arrays (SqlDialect.SupportsArrays is false), so WhereAny, WhereArrayContains, WhereArrayOverlaps and " +
            "a collection member's Contains cannot be compiled for it. Store the values in a JSON column and filter with WhereJson, or in a table of their own.");
}
