using System.Collections;

namespace Strata;

/// <summary>
/// The values of an <c>IN (…)</c> list sent as one parameter (see <see cref="Dialects.InListBinding"/>): what a
/// <see cref="RenderedSql"/> holds in that parameter's place, a read-only list of the values. The command pipeline turns it into
/// the driver value with <see cref="Dialects.SqlDialect.InListParameterValue"/>.
/// </summary>
internal sealed class InListValues(object?[] items) : IReadOnlyList<object?>
{
    public object?[] Items { get; } = items;

    public int Count => Items.Length;

    public object? this[int index] => Items[index];

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();

    /// <summary>The count only: values are never shown.</summary>
    public override string ToString() => $"[{Items.Length} values]";
}
