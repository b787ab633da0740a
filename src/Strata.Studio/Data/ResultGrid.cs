namespace Strata.Studio.Data;

/// <summary>Rows a statement returned, as read: column names and types, and the values.</summary>
/// <param name="Columns">Column names.</param>
/// <param name="Types">The database's type name of each column.</param>
/// <param name="Rows">The rows read, at most <see cref="SqlRunner.MaxRows"/>.</param>
/// <param name="HasMore">More rows came than were kept.</param>
/// <param name="RecordsAffected">Rows a write changed, or -1.</param>
internal sealed record ResultGrid(IReadOnlyList<string> Columns, IReadOnlyList<string> Types, IReadOnlyList<object?[]> Rows, bool HasMore, int RecordsAffected)
{
    /// <summary>Reads up to <paramref name="max"/> rows of <paramref name="reader"/>.</summary>
    public static async Task<ResultGrid> ReadAsync(RowReader reader, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<object?[]>();
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rows.Count == max)
            {
                more = true;
                break;
            }
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsNull(i) ? null : reader[i];
            rows.Add(row);
        }
        return new ResultGrid(reader.Columns, [.. reader.ColumnTypes.Select(c => c.DatabaseTypeName)], rows, more, reader.RecordsAffected);
    }
}
