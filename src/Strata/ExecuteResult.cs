namespace Strata;

/// <summary>
/// What a statement run by <see cref="IDbSession.ExecuteAsync"/> reports: the rows it affected and, where the database
/// tells, the id its insert generated. Converts implicitly to <see cref="int"/> (the rows affected), so
/// <c>int n = await db.ExecuteAsync(…)</c> reads as before.
/// </summary>
/// <param name="RowsAffected">
/// The rows the statement inserted, updated or deleted, as the driver counts them (MySQL/MariaDB count only rows whose
/// values changed; DDL reports 0 or -1 depending on the database).
/// </param>
/// <param name="LastInsertId">
/// The id the statement's insert generated, or null when it generated none or the database does not say. SQLite: the rowid of
/// the last row the statement inserted (its <c>last_insert_rowid()</c>). MySQL/MariaDB: the first <c>AUTO_INCREMENT</c> value
/// the statement generated (its <c>LAST_INSERT_ID()</c>), so for a multi-row insert the first row's. PostgreSQL never reports
/// one: add <c>RETURNING id</c> and read it with <see cref="IDbSession.ScalarAsync{T}"/>. After an upsert that updated an
/// existing row, and on SQLite after an insert into a <c>WITHOUT ROWID</c> table, the value is what the connection held
/// before, as the databases' own functions report it.
/// </param>
public readonly record struct ExecuteResult(int RowsAffected, long? LastInsertId)
{
    /// <summary>The rows affected, so that a result reads as the count it used to be.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator int(ExecuteResult result) => result.RowsAffected;

    /// <summary>The rows affected (the named form of the conversion to <see cref="int"/>).</summary>
    public int ToInt32() => RowsAffected;
}
