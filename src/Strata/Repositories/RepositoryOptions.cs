using Strata.Validation;

namespace Strata;

/// <summary>How a repository validates, pages and which plugins it adds to those of its entity and table.</summary>
public sealed record RepositoryOptions
{
    /// <summary>The options every repository uses unless given others.</summary>
    public static RepositoryOptions Default { get; } = new();

    /// <summary>The table to use instead of the entity's mapped one (a copy of the table, a partition, a test's table); null for the mapped table.</summary>
    public string? Table { get; init; }

    /// <summary>Validate before writing (the default) or not.</summary>
    public ValidationStrategy Validation { get; init; } = ValidationStrategy.Strict;

    /// <summary>The page size when a page of 0 rows or fewer is asked for (20).</summary>
    public int DefaultPageSize { get; init; } = 20;

    /// <summary>The largest page; larger requests are cut to it, never unbounded (100).</summary>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>
    /// The key that signs keyset cursors, so a tampered cursor is refused. A random key per process when null: set one (32
    /// bytes or more) for cursors that must survive a restart or work across instances.
    /// </summary>
    public byte[]? CursorKey { get; init; }

    /// <summary>Plugins to enable for this repository by name (<c>softDelete</c>, <c>timestamps</c>, <c>audit</c>, registered ones).</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];
}
