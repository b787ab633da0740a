using System.Data;
using System.Security.Cryptography;
using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.Transfer;

/// <summary>Writes a database's schema and rows into an archive from one read-only snapshot transaction.</summary>
internal static class DatabaseDumper
{
    public static async Task<IReadOnlyList<TransferTableSummary>> DumpAsync(IDbSession database, Stream stream, DumpOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options.Validate();
        // One snapshot for the schema and every table, taken when the transaction starts: the drivers map Snapshot to
        // REPEATABLE READ on PostgreSQL and START TRANSACTION WITH CONSISTENT SNAPSHOT on MySQL; SQLite reads in one transaction.
        await using var tx = await database.BeginTransactionAsync(
            new TransactionOptions { Isolation = IsolationLevel.Snapshot, ReadOnly = true }, cancellationToken).ConfigureAwait(false);
        var schema = await tx.Schema.IntrospectAsync(cancellationToken).ConfigureAwait(false);
        var tables = Choose(schema, options);
        // Refuse what cannot be carried before anything is written.
        var archived = WidenReferences(tables.Select(t => Describe(t, tx.Dialect)).ToList());

        var summaries = new List<TransferTableSummary>();
        await using (var writer = new ArchiveWriter(stream, options.Compress))
        {
            writer.WriteLine(w =>
            {
                w.WriteStartObject();
                w.WriteString("format", ArchiveFormat.Name);
                w.WriteNumber("version", ArchiveFormat.Version);
                w.WriteString("source", tx.Dialect.Name);
                w.WriteBoolean("schemaOnly", options.SchemaOnly);
                w.WriteBoolean("dataOnly", options.DataOnly);
                w.WriteEndObject();
            });
            writer.WriteLine(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("tables");
                foreach (var table in archived) ArchiveSchemaJson.Write(w, table);
                w.WriteEndArray();
                w.WriteEndObject();
            });
            if (!options.SchemaOnly)
            {
                foreach (var table in archived)
                    summaries.Add(await WriteRowsAsync(tx, writer, table, options, cancellationToken).ConfigureAwait(false));
            }
            writer.WriteLine(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("endOfArchive", summaries.Count);
                w.WriteEndObject();
            });
            await writer.FlushAsync(force: true, cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return summaries;
    }

    /// <summary>The chosen tables, parents before the tables that refer to them (the order a restore loads them in).</summary>
    private static List<TableSchema> Choose(DatabaseSchema schema, DumpOptions options)
    {
        foreach (var name in options.Tables.Concat(options.ExcludeTables))
        {
            if (schema.FindTable(name) is null)
                throw new TransferTableNotFoundException(name, schema.Tables.Select(t => t.Name));
        }
        var chosen = schema.Tables
            .Where(t => options.Tables.Count == 0 || options.Tables.Any(n => string.Equals(n, t.Name, StringComparison.OrdinalIgnoreCase)))
            .Where(t => !options.ExcludeTables.Any(n => string.Equals(n, t.Name, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var ordered = TableOrder.ChildrenFirst(chosen).ToList();
        ordered.Reverse();
        return ordered;
    }

    private static ArchiveTable Describe(TableSchema table, Dialects.SqlDialect dialect)
    {
        var key = table.PrimaryKey?.Columns ?? [];
        var columns = table.Columns.Select(c =>
        {
            var type = PortableTypes.From(table, c, key.Count == 1 && string.Equals(key[0], c.Name, StringComparison.OrdinalIgnoreCase));
            return new ArchiveColumn(c.Name, type, c.IsNullable, ArchiveDefault.From(c.DefaultSql, type, dialect));
        }).ToList();
        // A unique constraint's backing index is carried once, as the constraint; the index MySQL makes for a foreign key not at all
        // (the target makes its own).
        var indexes = table.Indexes.Where(i => !table.UniqueConstraints.Any(u => string.Equals(u.Name, i.Name, StringComparison.OrdinalIgnoreCase))
            && !table.ForeignKeys.Any(k => string.Equals(k.Name, i.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        return new ArchiveTable(table.Name, columns, key, table.UniqueConstraints, indexes, table.ForeignKeys);
    }

    /// <summary>
    /// Gives a referencing integer column the width of the key it refers to (an INT referring to SQLite's 64-bit INTEGER key
    /// becomes a BIGINT), since MySQL refuses a foreign key between integers of different sizes. Widening loses nothing.
    /// </summary>
    private static List<ArchiveTable> WidenReferences(List<ArchiveTable> tables)
    {
        return tables.Select(table => table with
        {
            Columns = table.Columns.Select(column =>
            {
                var wide = table.ForeignKeys.Any(key => key.Columns.Select((c, i) => (c, i)).Any(p =>
                    string.Equals(p.c, column.Name, StringComparison.OrdinalIgnoreCase) && IsWide(tables, key.ReferencedTable, key.ReferencedColumns[p.i])));
                return wide && column.Type.Kind is ColumnKind.Integer or ColumnKind.SmallInteger ? column with { Type = ColumnType.BigInteger } : column;
            }).ToList(),
        }).ToList();
    }

    private static bool IsWide(List<ArchiveTable> tables, string table, string column) =>
        tables.FirstOrDefault(t => string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase))?.Columns
            .FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase))?.Type.Kind is ColumnKind.BigIncrements or ColumnKind.BigInteger;

    private static async Task<TransferTableSummary> WriteRowsAsync(Transaction tx, ArchiveWriter writer, ArchiveTable table, DumpOptions options, CancellationToken cancellationToken)
    {
        writer.WriteLine(w =>
        {
            w.WriteStartObject();
            w.WriteString("table", table.Name);
            w.WriteStartArray("columns");
            foreach (var column in table.Columns) w.WriteStringValue(column.Name);
            w.WriteEndArray();
            w.WriteEndObject();
        });
        var select = Sql.Raw("SELECT ") + Sql.Join(Sql.Raw(", "), table.Columns.Select(c => Sql.Identifier(c.Name)))
            + Sql.Raw(" FROM ") + Sql.Identifier(table.Name);
        // Key order makes the archive (and its checksum) the same for the same rows.
        if (table.PrimaryKey.Count > 0) select += Sql.Raw(" ORDER BY ") + Sql.Join(Sql.Raw(", "), table.PrimaryKey.Select(Sql.Identifier));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows = 0;
        options.Progress?.Report(new TransferProgress(table.Name, 0, false));
        await using (var reader = await tx.QueryRowsAsync(select, cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                writer.WriteLine(w =>
                {
                    w.WriteStartArray();
                    for (var i = 0; i < table.Columns.Count; i++) PortableValues.Write(w, table.Columns[i].Type, reader, i);
                    w.WriteEndArray();
                }, hash);
                rows++;
                await writer.FlushAsync(force: false, cancellationToken).ConfigureAwait(false);
                if (rows % options.BatchSize == 0) options.Progress?.Report(new TransferProgress(table.Name, rows, false));
            }
        }
        var checksum = Convert.ToHexStringLower(hash.GetHashAndReset());
        writer.WriteLine(w =>
        {
            w.WriteStartObject();
            w.WriteString("end", table.Name);
            w.WriteNumber("rows", rows);
            w.WriteString("sha256", checksum);
            w.WriteEndObject();
        });
        options.Progress?.Report(new TransferProgress(table.Name, rows, true));
        return new TransferTableSummary(table.Name, rows, checksum);
    }
}
