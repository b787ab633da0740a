using Strata.Schema;
namespace Strata;

/// <summary>What a foreign key does to referencing rows when the referenced row is deleted or its key updated.</summary>
public enum ReferentialAction
{
    /// <summary>Refuse the change if referencing rows exist, checked at the end of the statement (the SQL default).</summary>
    NoAction,

    /// <summary>Refuse the change if referencing rows exist, checked at once.</summary>
    Restrict,

    /// <summary>Delete or update the referencing rows too.</summary>
    Cascade,

    /// <summary>Set the referencing columns to NULL.</summary>
    SetNull,

    /// <summary>Set the referencing columns to their defaults (not supported by MySQL's InnoDB).</summary>
    SetDefault,
}
