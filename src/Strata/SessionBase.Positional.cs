using System.Diagnostics.CodeAnalysis;
using Strata.Mapping;
namespace Strata;

// SQL held in strings with positional placeholders: each method binds the arguments into a Sql (see PositionalSql) and runs
// it through the interpolated method of the same name, so routing, logging, metrics and error translation are the same.
public abstract partial class SessionBase
{
    private static readonly object?[] OneNull = [null];

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> QueryRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args) => QueryAsync<T>(Positional(sql, args));

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> QueryRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken) =>
        QueryAsync<T>(Listed(sql, args), cancellationToken);

    /// <inheritdoc />
    public Task<T?> QueryFirstOrDefaultRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args) => QueryFirstOrDefaultAsync<T>(Positional(sql, args));

    /// <inheritdoc />
    public Task<T?> QueryFirstOrDefaultRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken) =>
        QueryFirstOrDefaultAsync<T>(Listed(sql, args), cancellationToken);

    /// <inheritdoc />
    public Task<T> QuerySingleRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args) => QuerySingleAsync<T>(Positional(sql, args));

    /// <inheritdoc />
    public Task<T> QuerySingleRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken) =>
        QuerySingleAsync<T>(Listed(sql, args), cancellationToken);

    /// <inheritdoc />
    public Task<ExecuteResult> ExecuteRawAsync(string sql, params object?[] args) => ExecuteAsync(Positional(sql, args));

    /// <inheritdoc />
    public Task<ExecuteResult> ExecuteRawAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken) =>
        ExecuteAsync(Listed(sql, args), cancellationToken);

    /// <inheritdoc />
    public Task<T?> ScalarRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args) => ScalarAsync<T>(Positional(sql, args));

    /// <inheritdoc />
    public Task<T?> ScalarRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken) =>
        ScalarAsync<T>(Listed(sql, args), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<T> StreamRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args) => StreamAsync<T>(Positional(sql, args));

    /// <inheritdoc />
    public IAsyncEnumerable<T> StreamRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken) =>
        StreamAsync<T>(Listed(sql, args), cancellationToken);

    /// <inheritdoc />
    public Task<RowReader> QueryRowsRawAsync(string sql, params object?[] args) => QueryRowsAsync(Positional(sql, args));

    /// <inheritdoc />
    public Task<RowReader> QueryRowsRawAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken) =>
        QueryRowsAsync(Listed(sql, args), cancellationToken);

    /// <summary>
    /// <paramref name="sql"/> with <paramref name="args"/> bound, read with this dialect's quoting and comment rules. A null
    /// array is what C# passes for a single <c>null</c> argument, so it is one NULL.
    /// </summary>
    private Sql Positional(string sql, object?[]? args) => PositionalSql.Bind(sql, Dialect.LexicalRules, args ?? OneNull);

    /// <summary><paramref name="sql"/> with the listed <paramref name="args"/> bound.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="args"/> is null.</exception>
    private Sql Listed(string sql, IReadOnlyList<object?> args) => PositionalSql.Bind(sql, Dialect.LexicalRules, args);
}
