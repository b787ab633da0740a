using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.TypeMapping;

/// <summary>One row of the type matrix: a .NET type, its column on each database, two values and what reading them gives.</summary>
public abstract class TypeCase
{
    public required string Name { get; init; }

    /// <summary>The column type on each database (what the schema builder creates, where it has the type).</summary>
    public required Func<Db, string> ColumnType { get; init; }

    public Action<DatabaseOptions>? Configure { get; init; }

    /// <summary>Options for one database only (a converter where the database lacks the type).</summary>
    public Action<DatabaseOptions, Db>? ConfigureFor { get; init; }

    public abstract Task RunAsync(Database database, Db db, string table, TypeMatrixTests.Path path, List<string> failures);
}

public sealed class TypeCase<T> : TypeCase
{
    public required T A { get; init; }

    public required T B { get; init; }

    /// <summary>What reading a written value gives on a database (the documented transformation); the value itself by default.</summary>
    public Func<Db, T, T> Expected { get; init; } = (_, v) => v;

    /// <summary>Whether the database stores the value A; when it does not, every path must refuse it.</summary>
    public Func<Db, bool> Stored { get; init; } = _ => true;

    /// <summary>The kind of value a refusal must name.</summary>
    public string? RefusedAs { get; init; }

    /// <summary>
    /// True when a refusal is an <see cref="ArgumentOutOfRangeException"/> naming the column (a value the database cannot store); false
    /// for a <see cref="NotSupportedException"/> about the value's kind (a collection where the database has no arrays).
    /// </summary>
    public bool RefusedAsValue { get; init; } = true;

    /// <summary>The raw SQL condition around the parameter for <c>v = A</c>, where a database compares the type otherwise (JSON).</summary>
    public Func<Db, (string Before, string After)> RawCondition { get; init; } = _ => ("v = ", "");

    /// <summary>The builder's by-name condition that finds A (<c>Where("v", A)</c> by default).</summary>
    public Func<SqlQuery, T, SqlQuery> ByName { get; init; } = (q, a) => q.Where("v", a);

    /// <summary>The typed lambda that finds A (<c>r =&gt; r.V == a</c> by default).</summary>
    public Func<T, Expression<Func<MatrixRow<T>, bool>>>? Lambda { get; init; }

    public override async Task RunAsync(Database database, Db db, string table, TypeMatrixTests.Path path, List<string> failures)
    {
        var rows = new[] { new MatrixRow<T> { RowNo = 1, V = A }, new MatrixRow<T> { RowNo = 2, V = B } };
        if (!Stored(db))
        {
            await ExpectRefusalAsync(database, table, path, rows, failures);
            return;
        }
        var created = await WriteAsync(database, table, path, rows);
        foreach (var row in created) Check(db, path, "the created entity", rows[row.RowNo - 1].V, row.V, failures);
        var back = await ReadAsync(database, table, path);
        if (back.Count != 2) failures.Add($"{path}: read {back.Count} rows back, wrote 2");
        foreach (var row in back) Check(db, path, $"row {row.RowNo}", rows[row.RowNo - 1].V, row.V, failures);
        foreach (var (how, found) in await FindAsync(database, db, table, path))
        {
            if (!found.SequenceEqual([1])) failures.Add($"{path}: WHERE v = A ({how}) found rows [{string.Join(", ", found)}], expected [1]");
        }
        if (path == TypeMatrixTests.Path.RawSql)
        {
            var scalar = await database.ScalarAsync<T>($"SELECT v FROM {Sql.Identifier(table)} WHERE row_no = {1}");
            var expected = Expected(db, A);
            // ScalarAsync reads a value without its column's declared type, so a SQLite decimal has the scale its value has.
            if (!TypeChecks.Same(expected, scalar!) && !(expected is decimal && Equals(expected, scalar)))
                failures.Add($"{path}: ScalarAsync read {TypeChecks.Show(scalar)}, expected {TypeChecks.Show(expected)}");
        }
    }

    private void Check(Db db, TypeMatrixTests.Path path, string what, T written, T read, List<string> failures)
    {
        var expected = Expected(db, written);
        if (!TypeChecks.Same(expected, read))
            failures.Add($"{path}: {what} wrote {TypeChecks.Show(written)}, read {TypeChecks.Show(read)}, expected {TypeChecks.Show(expected)}");
    }

    /// <summary>Writes the rows by the path; returns what the path hands back (a repository's created entities), else nothing.</summary>
    private static async Task<IReadOnlyList<MatrixRow<T>>> WriteAsync(Database database, string table, TypeMatrixTests.Path path, MatrixRow<T>[] rows)
    {
        var t = Sql.Identifier(table);
        switch (path)
        {
            case TypeMatrixTests.Path.RawSql:
                // Row 1 interpolated, row 2 through a prepared statement with positional arguments.
                await database.ExecuteAsync($"INSERT INTO {t} (row_no, v) VALUES ({rows[0].RowNo}, {rows[0].V})");
                await using (var insert = await database.PrepareAsync($"INSERT INTO {t} (row_no, v) VALUES ({rows[1].RowNo}, {rows[1].V})"))
                    await insert.ExecuteAsync(rows[1].RowNo, rows[1].V);
                return [];
            case TypeMatrixTests.Path.Builder:
                foreach (var row in rows) await database.From<MatrixRow<T>>(table).InsertAsync(row);
                return [];
            case TypeMatrixTests.Path.Repository:
                var repository = new Repository<MatrixRow<T>, long>(database, new RepositoryOptions { Table = table });
                var created = new List<MatrixRow<T>>();
                foreach (var row in rows) created.Add(await repository.CreateAsync(new MatrixRow<T> { RowNo = row.RowNo, V = row.V }));
                return created;
            default:
                await database.BulkInsertAsync(table, rows.Select(r => new MatrixRow<T> { RowNo = r.RowNo, V = r.V }).ToList());
                return [];
        }
    }

    private static async Task<IReadOnlyList<MatrixRow<T>>> ReadAsync(Database database, string table, TypeMatrixTests.Path path) => path switch
    {
        TypeMatrixTests.Path.Builder => await database.From<MatrixRow<T>>(table).OrderBy(r => r.RowNo).ToListAsync(),
        TypeMatrixTests.Path.Repository => await new Repository<MatrixRow<T>, long>(database, new RepositoryOptions { Table = table }).ListAsync(),
        _ => await database.QueryAsync<MatrixRow<T>>($"SELECT id, row_no, v FROM {Sql.Identifier(table)} ORDER BY row_no"),
    };

    /// <summary>The row numbers a WHERE on A finds, each way the path can say it.</summary>
    private async Task<List<(string How, IReadOnlyList<int> Found)>> FindAsync(Database database, Db db, string table, TypeMatrixTests.Path path)
    {
        var t = Sql.Identifier(table);
        var result = new List<(string, IReadOnlyList<int>)>();
        switch (path)
        {
            case TypeMatrixTests.Path.RawSql or TypeMatrixTests.Path.BulkInsert:
                var (before, after) = RawCondition(db);
                result.Add(("interpolated", await database.QueryAsync<int>(
                    $"SELECT row_no FROM {t} WHERE {Sql.Raw(before)}{A}{Sql.Raw(after)} ORDER BY row_no")));
                result.Add(("positional", await database.QueryRawAsync<int>($"SELECT row_no FROM {table} WHERE {before}?{after} ORDER BY row_no", A)));
                break;
            case TypeMatrixTests.Path.Builder:
                result.Add(("typed lambda", (await database.From<MatrixRow<T>>(table).Where(Finds()).OrderBy(r => r.RowNo).ToListAsync()).Select(r => r.RowNo).ToList()));
                result.Add(("by name", await ByName(database.From(table), A).OrderBy("row_no").Select("row_no").ToListAsync<int>()));
                break;
            default:
                var repository = new Repository<MatrixRow<T>, long>(database, new RepositoryOptions { Table = table });
                result.Add(("repository lambda", (await repository.FindAsync(Finds())).Select(r => r.RowNo).ToList()));
                break;
        }
        return result;
    }

    private Expression<Func<MatrixRow<T>, bool>> Finds() => Lambda?.Invoke(A) ?? EqualsA();

    /// <summary><c>r => r.V == a</c> with <c>a</c> captured, as the compiler builds it.</summary>
    private Expression<Func<MatrixRow<T>, bool>> EqualsA()
    {
        var row = Expression.Parameter(typeof(MatrixRow<T>), "r");
        var captured = Expression.Field(Expression.Constant(new Captured(A)), nameof(Captured.Value));
        return Expression.Lambda<Func<MatrixRow<T>, bool>>(Expression.Equal(Expression.Property(row, nameof(MatrixRow<T>.V)), captured), row);
    }

    private sealed class Captured(T value)
    {
#pragma warning disable CA1051 // a closure's field, as the compiler makes it
        public readonly T Value = value;
#pragma warning restore CA1051
    }

    private async Task ExpectRefusalAsync(Database database, string table, TypeMatrixTests.Path path, MatrixRow<T>[] rows, List<string> failures)
    {
        var error = await Record.ExceptionAsync(() => WriteAsync(database, table, path, rows));
        var expected = RefusedAsValue ? typeof(ArgumentOutOfRangeException) : typeof(NotSupportedException);
        if (error?.GetType() != expected)
        {
            failures.Add($"{path}: expected the write to be refused with {expected.Name}, got {error?.GetType().Name ?? "no error"}: {error?.Message}");
        }
        else
        {
            if (!error.Message.Contains(RefusedAs!, StringComparison.Ordinal)) failures.Add($"{path}: the refusal does not say '{RefusedAs}': {error.Message}");
            var names = path == TypeMatrixTests.Path.RawSql ? "A parameter is " : "The value for column 'v' is ";
            if (RefusedAsValue && !error.Message.StartsWith(names, StringComparison.Ordinal)) failures.Add($"{path}: the refusal does not start with '{names}': {error.Message}");
            var text = Convert.ToString(A, CultureInfo.InvariantCulture)!;
            if (text.Length > 3 && error.Message.Contains(text, StringComparison.Ordinal)) failures.Add($"{path}: the refusal shows the value: {error.Message}");
        }
        var count = await database.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}");
        if (count != 0) failures.Add($"{path}: the refused write left {count} rows");
    }
}

/// <summary>How the matrix compares and shows values.</summary>
public static class TypeChecks
{
    /// <summary>
    /// Equal, and as Strata promises to return them: byte arrays by content, <see cref="DateTime"/>s with <see cref="DateTimeKind.Utc"/>,
    /// <see cref="DateTimeOffset"/>s with a zero offset, decimals with the same scale.
    /// </summary>
    public static bool Same<T>(T expected, T actual) => ((object?)expected, (object?)actual) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (byte[] e, byte[] a) => e.AsSpan().SequenceEqual(a),
        (DateTime e, DateTime a) => e == a && a.Kind == DateTimeKind.Utc,
        (DateTimeOffset e, DateTimeOffset a) => e == a && a.Offset == TimeSpan.Zero,
        (decimal e, decimal a) => e == a && e.Scale == a.Scale,
        (JsonDocument e, JsonDocument a) => JsonElement.DeepEquals(e.RootElement, a.RootElement),
        (JsonElement e, JsonElement a) => JsonElement.DeepEquals(e, a),
        (JsonNode e, JsonNode a) => JsonNode.DeepEquals(e, a),
        (System.Collections.IEnumerable e, System.Collections.IEnumerable a) when e is not string =>
            e.Cast<object?>().Count() == a.Cast<object?>().Count() && e.Cast<object?>().Zip(a.Cast<object?>()).All(p => Same(p.First, p.Second)),
        var (e, _) when e.GetType().IsDefined(typeof(JsonColumnAttribute), inherit: true) =>
            JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected), JsonSerializer.SerializeToNode(actual)),
        _ => EqualityComparer<T>.Default.Equals(expected, actual),
    };

    public static string Show<T>(T value) => (object?)value switch
    {
        null => "null",
        byte[] b => $"<{b.Length} bytes>",
        DateTime d => $"{d.ToString("O", CultureInfo.InvariantCulture)} ({d.Kind})",
        DateTimeOffset o => o.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        JsonDocument d => d.RootElement.GetRawText(),
        JsonElement e => e.GetRawText(),
        JsonNode n => n.ToJsonString(),
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>().Select(Show)) + "]",
        var other when other.GetType().IsDefined(typeof(JsonColumnAttribute), inherit: true) => JsonSerializer.Serialize(other),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };
}
