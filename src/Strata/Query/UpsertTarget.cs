using System.Collections.Immutable;

namespace Strata.Query;

/// <summary>What makes an INSERT an upsert: the unique key that decides a conflict and the columns then overwritten.</summary>
/// <param name="ConflictColumns">The conflict key's columns (ignored by dialects that react to any unique key).</param>
/// <param name="UpdateColumns">The inserted columns written over the existing row; empty keeps the row as it is.</param>
internal sealed record UpsertTarget(ImmutableArray<string> ConflictColumns, ImmutableArray<string> UpdateColumns)
{
    public static UpsertTarget Create(IReadOnlyList<string> inserted, IEnumerable<string> conflictColumns, IEnumerable<string>? updateColumns)
    {
        ArgumentNullException.ThrowIfNull(conflictColumns);
        var conflict = Names(conflictColumns, nameof(conflictColumns));
        if (conflict.IsEmpty) throw new ArgumentException("An upsert needs at least one conflict column (the unique key that decides a conflict).", nameof(conflictColumns));
        var insertedSet = new HashSet<string>(inserted, StringComparer.OrdinalIgnoreCase);
        foreach (var column in conflict)
        {
            if (!insertedSet.Contains(column))
                throw new ArgumentException($"The conflict column '{column}' is not among the inserted columns; an upsert must insert its conflict key.", nameof(conflictColumns));
        }
        ImmutableArray<string> update;
        if (updateColumns is null)
        {
            var conflictSet = new HashSet<string>(conflict, StringComparer.OrdinalIgnoreCase);
            update = [.. inserted.Where(c => !conflictSet.Contains(c))];
        }
        else
        {
            update = Names(updateColumns, nameof(updateColumns));
            foreach (var column in update)
            {
                if (!insertedSet.Contains(column))
                    throw new ArgumentException($"The update column '{column}' is not among the inserted columns, so it has no new value to take.", nameof(updateColumns));
            }
        }
        return new UpsertTarget(conflict, update);
    }

    private static ImmutableArray<string> Names(IEnumerable<string> columns, string parameter)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var column in columns)
        {
            builder.Add(SqlQuery.ColumnName(column, parameter));
        }
        return builder.ToImmutable();
    }
}
