using System.Collections;
using System.Globalization;

namespace Strata.Testing;

/// <summary>
/// Assertions on what a table holds, for any test framework: <c>await db.AssertHasAsync("users", new { email = "a@example.com" })</c>.
/// The columns are matched as the query builder's <c>Where(object)</c> matches them (equal values, IS NULL for
/// null, member names under the database's naming convention). They run on the session given, so inside a transaction they
/// see its uncommitted rows.
/// </summary>
/// <remarks>A failure's message shows the values looked for: they are the test's own data.</remarks>
public static class DatabaseAssertions
{
    /// <summary>Checks that <paramref name="table"/> has at least one row with these column values.</summary>
    /// <param name="session">The database, or a transaction.</param>
    /// <param name="table">The table.</param>
    /// <param name="columns">An object or a dictionary of column names and values.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="DatabaseAssertionException">No row matches.</exception>
    public static async Task AssertHasAsync(this IDbSession session, string table, object columns, CancellationToken cancellationToken = default)
    {
        var found = await CountAsync(session, table, columns, cancellationToken).ConfigureAwait(false);
        if (found == 0)
            throw new DatabaseAssertionException(
                $"Expected a row in '{table}' with {Describe(columns)}, but there is none ({Rows(await TotalAsync(session, table, cancellationToken).ConfigureAwait(false))} in all).");
    }

    /// <summary>Checks that <paramref name="table"/> has no row with these column values.</summary>
    /// <param name="session">The database, or a transaction.</param>
    /// <param name="table">The table.</param>
    /// <param name="columns">An object or a dictionary of column names and values.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="DatabaseAssertionException">A row matches.</exception>
    public static async Task AssertMissingAsync(this IDbSession session, string table, object columns, CancellationToken cancellationToken = default)
    {
        var found = await CountAsync(session, table, columns, cancellationToken).ConfigureAwait(false);
        if (found > 0)
            throw new DatabaseAssertionException($"Expected no row in '{table}' with {Describe(columns)}, but there {(found == 1 ? "is 1" : $"are {found}")}.");
    }

    /// <summary>Checks that <paramref name="table"/> has exactly <paramref name="expected"/> rows, or rows with these column values.</summary>
    /// <param name="session">The database, or a transaction.</param>
    /// <param name="table">The table.</param>
    /// <param name="expected">The number of rows.</param>
    /// <param name="columns">Null to count every row, or an object or a dictionary of column names and values.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="DatabaseAssertionException">Another number of rows.</exception>
    public static async Task AssertCountAsync(this IDbSession session, string table, long expected, object? columns = null, CancellationToken cancellationToken = default)
    {
        var found = columns is null
            ? await TotalAsync(session, table, cancellationToken).ConfigureAwait(false)
            : await CountAsync(session, table, columns, cancellationToken).ConfigureAwait(false);
        if (found != expected)
            throw new DatabaseAssertionException(
                $"Expected {expected} row(s) in '{table}'{(columns is null ? "" : " with " + Describe(columns))}, but there {(found == 1 ? "is 1" : $"are {found}")}.");
    }

    private static string Rows(long count) => count == 1 ? "1 row" : $"{count} rows";

    private static Task<long> CountAsync(IDbSession session, string table, object columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(columns);
        var query = session.From(table);
        query = columns is IReadOnlyDictionary<string, object?> dictionary ? query.Where(dictionary) : query.Where(columns);
        return query.CountAsync(cancellationToken);
    }

    private static Task<long> TotalAsync(IDbSession session, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.From(table).CountAsync(cancellationToken);
    }

    /// <summary><c>email = 'a@example.com' and deleted_at IS NULL</c>, as the test wrote the names.</summary>
    private static string Describe(object columns)
    {
        IEnumerable<KeyValuePair<string, object?>> pairs = columns is IReadOnlyDictionary<string, object?> dictionary
            ? dictionary
            : columns.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0).Select(p => new KeyValuePair<string, object?>(p.Name, p.GetValue(columns)));
        return string.Join(" and ", pairs.Select(p => p.Value is null ? $"{p.Key} IS NULL" : $"{p.Key} = {Format(p.Value)}"));
    }

    private static string Format(object value) => value switch
    {
        string s => $"'{s}'",
        IFormattable f and not IEnumerable => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
