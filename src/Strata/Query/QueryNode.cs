using System.Collections.Immutable;

namespace Strata.Query;

/// <summary>
/// The root of the query AST: every clause of a SELECT (and the table and WHERE of an UPDATE or
/// DELETE). Built by <see cref="SqlQuery"/>; compiled by <see cref="QueryCompiler"/>.
/// </summary>
/// <param name="Table">The table in FROM.</param>
/// <remarks>Immutable; a changed copy is made with <c>with</c>. Empty lists mean the clause is absent.</remarks>
public sealed record QueryNode(string Table)
{
    // The builder copies the node once per call; the clauses most queries never use live apart, shared by those copies,
    // so a copy is about half the size.
    private RareClauses _rare = RareClauses.None;

    private sealed record RareClauses
    {
        public static readonly RareClauses None = new();

        public bool IsDistinct { get; init; }
        public ImmutableArray<string> GroupBy { get; init; } = [];
        public ImmutableArray<ConditionClause> Having { get; init; } = [];
        public bool ForUpdate { get; init; }
        public bool AllRows { get; init; }
        public LockWait LockWait { get; init; }
        public ImmutableArray<CommonTableExpression> With { get; init; } = [];
        public ImmutableArray<SetOperation> Unions { get; init; } = [];
        public DerivedTable? FromSubquery { get; init; }
        public Sql? FromRaw { get; init; }
        public bool WithoutFrom { get; init; }
        public ImmutableArray<ImmutableArray<object?>> Rows { get; init; } = [];
        public ImmutableArray<DialectPart> DialectParts { get; init; } = [];
    }

    /// <summary>The name the query reads <see cref="Table"/> by (<c>FROM users AS u</c>), or null; columns are then qualified with it (<c>u.name</c>).</summary>
    public string? Alias { get; init; }

    /// <summary>The selected columns; empty selects <c>*</c>.</summary>
    public ImmutableArray<SelectItem> Columns { get; init; } = [];

    /// <summary>True for <c>SELECT DISTINCT</c>.</summary>
    public bool IsDistinct { get => _rare.IsDistinct; init => _rare = _rare with { IsDistinct = value }; }

    /// <summary>The joins, in order.</summary>
    public ImmutableArray<JoinClause> Joins { get; init; } = [];

    /// <summary>The WHERE conditions with their connectors.</summary>
    public ImmutableArray<ConditionClause> Where { get; init; } = [];

    /// <summary>The GROUP BY columns.</summary>
    public ImmutableArray<string> GroupBy { get => _rare.GroupBy; init => _rare = _rare with { GroupBy = value }; }

    /// <summary>The HAVING conditions with their connectors (a condition written in SQL is a <see cref="RawCondition"/>).</summary>
    public ImmutableArray<ConditionClause> Having { get => _rare.Having; init => _rare = _rare with { Having = value }; }

    /// <summary>The ORDER BY terms.</summary>
    public ImmutableArray<OrderClause> OrderBy { get; init; } = [];

    /// <summary>The most rows to return, or null for no limit.</summary>
    public int? Limit { get; init; }

    /// <summary>The rows to skip, or null.</summary>
    public int? Offset { get; init; }

    /// <summary>True to lock the selected rows (<c>FOR UPDATE</c>) where the dialect has row locks.</summary>
    public bool ForUpdate { get => _rare.ForUpdate; init => _rare = _rare with { ForUpdate = value }; }

    /// <summary>True when an UPDATE or DELETE without conditions was asked for on purpose.</summary>
    public bool AllRows { get => _rare.AllRows; init => _rare = _rare with { AllRows = value }; }

    /// <summary>What the row lock does with rows locked elsewhere (with <see cref="ForUpdate"/>).</summary>
    public LockWait LockWait { get => _rare.LockWait; init => _rare = _rare with { LockWait = value }; }

    /// <summary>The <c>WITH</c> entries, in order.</summary>
    public ImmutableArray<CommonTableExpression> With { get => _rare.With; init => _rare = _rare with { With = value }; }

    /// <summary>Queries combined with this one by UNION, INTERSECT or EXCEPT, in order; ORDER BY and paging of this node apply to the combined rows.</summary>
    public ImmutableArray<SetOperation> Unions { get => _rare.Unions; init => _rare = _rare with { Unions = value }; }

    /// <summary>A subquery read in FROM instead of <see cref="Table"/> (which then holds its alias), or null.</summary>
    public DerivedTable? FromSubquery { get => _rare.FromSubquery; init => _rare = _rare with { FromSubquery = value }; }

    /// <summary>A raw table expression read in FROM instead of <see cref="Table"/> (which then holds its alias), or null: <see cref="SqlQuery.FromRaw"/>.</summary>
    public Sql? FromRaw { get => _rare.FromRaw; init => _rare = _rare with { FromRaw = value }; }

    /// <summary>True for a SELECT without FROM (<see cref="SqlQuery.WithoutFrom"/>); <see cref="Table"/> is then empty.</summary>
    public bool WithoutFrom { get => _rare.WithoutFrom; init => _rare = _rare with { WithoutFrom = value }; }

    /// <summary>The rows of a <c>VALUES</c> list, each a parameter per column; when not empty the node renders as <c>VALUES (…), (…)</c> (a CTE body).</summary>
    public ImmutableArray<ImmutableArray<object?>> Rows { get => _rare.Rows; init => _rare = _rare with { Rows = value }; }

    /// <summary>Parts for one database only (<see cref="SqlQuery.ForDialect"/>), applied when the query is compiled for it.</summary>
    public ImmutableArray<DialectPart> DialectParts { get => _rare.DialectParts; init => _rare = _rare with { DialectParts = value }; }

    /// <summary>The columns an INSERT, UPDATE or DELETE returns (<c>RETURNING</c>); empty returns nothing.</summary>
    public ImmutableArray<string> Returning { get; init; } = [];
}
