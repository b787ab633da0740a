
namespace Strata;

// SQL functions for typed query lambdas, for what C# cannot say. They are markers read by the
// lambda translator; calling one directly is a mistake, so each throws and says where it belongs.
public sealed partial class Sql
{
    /// <summary>
    /// In a query lambda: <c>value LIKE pattern</c>, with the pattern's <c>%</c> and <c>_</c> kept as wildcards
    /// (unlike <see cref="string.Contains(string)"/>, which matches them literally). Case sensitivity is the database's.
    /// </summary>
    /// <param name="value">A mapped member (or <see cref="Lower"/>/<see cref="Upper"/> of one).</param>
    /// <param name="pattern">The pattern, sent as a parameter.</param>
    /// <exception cref="InvalidOperationException">Called outside a query lambda.</exception>
    public static bool Like(string? value, string pattern) => throw OnlyInLambdas(nameof(Like));

    /// <summary>
    /// In a query lambda: a case-insensitive LIKE (<c>ILIKE</c> on PostgreSQL, <c>LOWER(value) LIKE LOWER(pattern)</c> elsewhere);
    /// the pattern's wildcards are kept.
    /// </summary>
    /// <param name="value">A mapped member.</param>
    /// <param name="pattern">The pattern, sent as a parameter.</param>
    /// <exception cref="InvalidOperationException">Called outside a query lambda.</exception>
    public static bool ILike(string? value, string pattern) => throw OnlyInLambdas(nameof(ILike));

    /// <summary>In a query lambda: <c>value BETWEEN low AND high</c> (both ends included).</summary>
    /// <param name="value">A mapped member.</param>
    /// <param name="low">The lower bound, sent as a parameter.</param>
    /// <param name="high">The upper bound, sent as a parameter.</param>
    /// <exception cref="InvalidOperationException">Called outside a query lambda.</exception>
    public static bool Between<T>(T value, T low, T high) => throw OnlyInLambdas(nameof(Between));

    /// <summary>In a query lambda: <c>value IN (SELECT …)</c>, e.g. <c>u => Sql.In(u.Id, db.From("orders").Select("user_id"))</c>.</summary>
    /// <param name="value">A mapped member.</param>
    /// <param name="subquery">A query selecting one column; it is compiled into the statement.</param>
    /// <exception cref="InvalidOperationException">Called outside a query lambda.</exception>
    public static bool In<T>(T value, SqlQuery subquery) => throw OnlyInLambdas(nameof(In));

    /// <summary>In a query lambda: <c>LOWER(value)</c>, e.g. <c>u => Sql.Lower(u.Email) == email</c> (so is <c>u.Email.ToLower()</c>).</summary>
    /// <param name="value">A mapped member.</param>
    /// <exception cref="InvalidOperationException">Called outside a query lambda.</exception>
    public static string? Lower(string? value) => throw OnlyInLambdas(nameof(Lower));

    /// <summary>In a query lambda: <c>UPPER(value)</c> (so is <c>u.Name.ToUpper()</c>).</summary>
    /// <param name="value">A mapped member.</param>
    /// <exception cref="InvalidOperationException">Called outside a query lambda.</exception>
    public static string? Upper(string? value) => throw OnlyInLambdas(nameof(Upper));

    /// <summary>In a query lambda: <c>TRIM(value)</c>, removing spaces at both ends (so is <c>u.Name.Trim()</c>).</summary>
    /// <param name="value">A mapped member.</param>
    /// <exception cref="InvalidOperationException">Called outside a query lambda.</exception>
    public static string? Trim(string? value) => throw OnlyInLambdas(nameof(Trim));

    private static InvalidOperationException OnlyInLambdas(string name) => new(
        $"Sql.{name} only has a meaning inside a query lambda such as db.From<User>().Where(u => Sql.{name}(…)), where it is translated to SQL; it cannot run as C#.");
}
