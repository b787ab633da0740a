namespace Strata.Studio.Data;

/// <summary>What the SQL editor asked for.</summary>
internal enum SqlAction
{
    /// <summary>Run the statement.</summary>
    Run,
    /// <summary>Show its plan without running it.</summary>
    Explain,
    /// <summary>Run it and show the plan with actual rows and times (rolled back afterwards).</summary>
    ExplainAnalyze,
}

/// <summary>The result of one statement in the SQL editor.</summary>
/// <param name="Sql">The statement as typed.</param>
/// <param name="Action">What was asked.</param>
/// <param name="Grid">The rows, or null after an error or refusal.</param>
/// <param name="Plan">A plan as indented text, when the plan reads better so than as a grid; else null.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Error">The error message (with the password never in it), or null.</param>
/// <param name="ErrorPosition">Where in <paramref name="Sql"/> the error points, zero-based, or null.</param>
/// <param name="ReadOnly">It ran in a read-only transaction that was rolled back.</param>
internal sealed record SqlOutcome(string Sql, SqlAction Action, ResultGrid? Grid, string? Plan, TimeSpan Duration, string? Error, int? ErrorPosition, bool ReadOnly)
{
    /// <summary>The 1-based line and column of <see cref="ErrorPosition"/>, or null.</summary>
    public (int Line, int Column)? ErrorLocation
    {
        get
        {
            if (ErrorPosition is not { } at || at > Sql.Length) return null;
            var before = Sql.AsSpan(0, at);
            var line = before.Count('\n') + 1;
            var column = at - (before.LastIndexOf('\n') + 1) + 1;
            return (line, column);
        }
    }
}
