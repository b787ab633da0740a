namespace Strata.Dialects;

/// <summary>How a dialect writes an UPDATE or DELETE whose rows are chosen through joins (see <see cref="SqlDialect.JoinedUpdateStyle"/>).</summary>
public enum JoinedWriteStyle
{
    /// <summary>
    /// The joined tables in a list after the target, their ON conditions in WHERE: <c>UPDATE t SET … FROM j WHERE …</c>,
    /// <c>DELETE FROM t USING j WHERE …</c> (PostgreSQL; SQLite's UPDATE).
    /// </summary>
    FromList,

    /// <summary>The joins written out on the target, SET columns qualified: <c>UPDATE t INNER JOIN j ON … SET t.c = …</c>, <c>DELETE t FROM t INNER JOIN j …</c> (MySQL).</summary>
    MultiTable,

    /// <summary>The target's rows chosen by key: <c>DELETE FROM t WHERE rowid IN (SELECT t.rowid FROM t INNER JOIN j …)</c> (SQLite's DELETE).</summary>
    RowIdSubquery,
}
