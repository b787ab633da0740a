using Strata.Schema;

namespace Strata.MySql;

/// <summary>
/// Folds the column renames and changes of one alteration into one change per column. MySQL resolves every column
/// name in an ALTER TABLE against the table as it was before the statement, so "rename a to b, then change b" must
/// be written as one <c>CHANGE COLUMN a b …</c>, and "rename a to b, then b to c" as one rename of a to c.
/// </summary>
internal static class MySqlColumnChanges
{
    /// <summary>One column's net change: its name before the statement, its name after, and its new definition if it was changed.</summary>
    internal sealed class Change(string from)
    {
        public string From { get; } = from;

        public string To { get; set; } = from;

        public ColumnDefinition? Definition { get; set; }
    }

    /// <summary>The actions in order, with renames and changes replaced by one <see cref="Change"/> per column, placed where the column was first touched.</summary>
    public static IReadOnlyList<object> Merge(IEnumerable<AlterTableAction> actions)
    {
        var result = new List<object>();
        var changes = new List<Change>();
        Change Find(string name)
        {
            var change = changes.FirstOrDefault(c => string.Equals(c.To, name, StringComparison.OrdinalIgnoreCase));
            if (change is not null) return change;
            change = new Change(name);
            changes.Add(change);
            result.Add(change);
            return change;
        }

        foreach (var action in actions)
        {
            switch (action)
            {
                case RenameColumnAction rename:
                    Find(rename.From).To = rename.To;
                    break;
                case ChangeColumnAction change:
                    Find(change.Column.Name).Definition = change.Column;
                    break;
                default:
                    result.Add(action);
                    break;
            }
        }
        return result;
    }
}
