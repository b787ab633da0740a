namespace Strata.IntegrationTests.TypeMapping;

/// <summary>The row of a type-matrix table: a generated key, the row's number and the value under test.</summary>
public sealed class MatrixRow<T>
{
    public long Id { get; set; }

    public int RowNo { get; set; }

    public T V { get; set; } = default!;
}
