using Strata.Dialects;

namespace Strata.Query;

/// <summary>
/// Compiles the writes beyond one plain row: multi-row inserts split into batches under the dialect's
/// <see cref="SqlDialect.MaxParameters"/>, upserts, insert-from-select and <c>RETURNING</c>, asking the
/// dialect's capability members for what differs.
/// </summary>
internal static class WriteCompiler
{
    /// <summary>One INSERT per batch of rows, each under the dialect's parameter limit.</summary>
    public static IReadOnlyList<Sql> InsertBatches(QueryNode query, RowSet rows, UpsertTarget? upsert, SqlDialect dialect) =>
        InsertBatches(query, rows, upsert, dialect, dialect.MaxParameters);

    public static IReadOnlyList<Sql> InsertBatches(QueryNode query, RowSet rows, UpsertTarget? upsert, SqlDialect dialect, int maxParameters)
    {
        WriteClauses.Refuse(query, upsert is null ? "an INSERT" : "an upsert", allowWhere: false);
        var batches = new List<Sql>();
        var start = 0;
        var parameters = 0;
        for (var i = 0; i < rows.Rows.Count; i++)
        {
            var count = 0;
            foreach (var value in rows.Rows[i]) count += value is Sql sql ? ParameterCount(sql) : 1;
            if (count > maxParameters)
                throw new ArgumentException($"Row {i + 1} needs {count} parameters, more than the {maxParameters} one {dialect.Name} statement may carry.");
            if (parameters + count > maxParameters)
            {
                batches.Add(Insert(query, rows, start, i - start, upsert, dialect));
                start = i;
                parameters = 0;
            }
            parameters += count;
        }
        if (rows.Rows.Count > start) batches.Add(Insert(query, rows, start, rows.Rows.Count - start, upsert, dialect));
        return batches;
    }

    /// <summary><c>INSERT INTO table (columns) SELECT …</c>, with the query's RETURNING.</summary>
    public static Sql InsertFrom(QueryNode query, IReadOnlyList<string> columns, QueryNode select, SqlDialect dialect)
    {
        // WITH entries on the target query travel with the SELECT: INSERT INTO t (…) WITH … SELECT …, which every dialect takes.
        if (!query.With.IsDefaultOrEmpty)
        {
            select = select with { With = query.With.AddRange(select.With) };
            query = query with { With = [] };
        }
        WriteClauses.Refuse(query, "an INSERT", allowWhere: false);
        if (columns.Count == 0) throw new ArgumentException("An insert from a select needs at least one column.", nameof(columns));
        return Sql.Raw("INSERT INTO ") + Sql.Identifier(query.Table) + Sql.Raw(" (") + Sql.Join(Sql.Raw(", "), columns.Select(Column)) + Sql.Raw(") ")
            + QueryCompiler.Default.CompileSelect(select, dialect) + Returning(query, WriteKind.Insert, rows: 2, upsert: false, dialect);
    }

    /// <summary>
    /// The RETURNING clause of a write, or nothing when the query returns no columns. Without native
    /// support, a single-row plain insert returning one column reads <see cref="SqlDialect.LastInsertIdSql"/>
    /// in the same command; anything else is refused.
    /// </summary>
    public static Sql Returning(QueryNode query, WriteKind kind, int rows, bool upsert, SqlDialect dialect)
    {
        if (query.Returning.IsDefaultOrEmpty) return Sql.Empty;
        var native = kind switch
        {
            WriteKind.Insert => dialect.SupportsReturning,
            WriteKind.Update => dialect.SupportsUpdateReturning,
            _ => dialect.SupportsDeleteReturning,
        };
        if (native) return Sql.Raw(" RETURNING ") + Sql.Join(Sql.Raw(", "), query.Returning.Select(c => c == "*" ? Sql.Raw("*") : Sql.Identifier(c)));
        var single = query.Returning.Length == 1 && !query.Returning[0].EndsWith('*');
        if (kind == WriteKind.Insert && rows == 1 && !upsert && single && dialect.LastInsertIdSql is { } lastInsertId)
        {
            var name = query.Returning[0];
            // Three parts rather than one concatenated string, so the text cache recognises the shape.
            return Sql.Raw("; ") + Sql.Raw(lastInsertId) + Sql.Raw(" AS ") + Sql.Identifier(name[(name.LastIndexOf('.') + 1)..]);
        }
        var statement = kind.ToString().ToUpperInvariant();
        throw new NotSupportedException(
            $"{dialect.Name} cannot return rows from {(upsert ? "an upsert" : $"this {statement}")} (Returning({string.Join(", ", query.Returning)})). " +
            (dialect.LastInsertIdSql is null
                ? "Read the rows with a separate query."
                : "Only the generated key of a single-row INSERT comes back (Returning(\"id\")); read anything else with a separate query."));
    }

    private static Sql Insert(QueryNode query, RowSet rows, int start, int count, UpsertTarget? upsert, SqlDialect dialect)
    {
        var parts = new List<Sql>(count * 2 + 6)
        {
            Sql.Raw("INSERT INTO "), Sql.Identifier(query.Table), Sql.Raw(" ("),
            Sql.Join(Sql.Raw(", "), rows.Columns.Select(Sql.Identifier)), Sql.Raw(") VALUES "),
        };
        for (var i = start; i < start + count; i++)
        {
            if (i > start) parts.Add(Sql.Raw(", "));
            parts.Add(Sql.Raw("(") + Sql.Join(Sql.Raw(", "), rows.Rows[i].Select(v => v as Sql ?? Sql.Parameter(v))) + Sql.Raw(")"));
        }
        if (upsert is not null) parts.Add(dialect.UpsertClause(upsert.ConflictColumns, upsert.UpdateColumns));
        parts.Add(Returning(query, WriteKind.Insert, count, upsert is not null, dialect));
        return Sql.Join(Sql.Empty, parts);
    }

    private static Sql Column(string column) => Sql.Identifier(SqlQuery.ColumnName(column, nameof(column)));

    private static int ParameterCount(Sql sql)
    {
        var count = 0;
        foreach (var part in sql.Parts)
        {
            if (part.Kind == SqlPartKind.Parameter) count++;
            else if (part.Kind == SqlPartKind.ParameterList) count += ((object?[])part.Value!).Length;
        }
        return count;
    }
}
