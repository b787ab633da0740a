namespace Strata.Cli.CodeGen;

/// <summary>What <c>strata db introspect</c> writes for each table.</summary>
internal enum EntityStyle
{
    /// <summary>Plain classes with settable properties.</summary>
    Classes,

    /// <summary>Records with init-only properties.</summary>
    Records,

    /// <summary><c>Model&lt;T&gt;</c> classes with <c>BelongsTo</c>/<c>HasMany</c> relations from the foreign keys.</summary>
    Models,

    /// <summary>Plain classes and a <c>Repository&lt;T, TKey&gt;</c> subclass for each.</summary>
    Repositories,
}

/// <summary>One file the generator writes.</summary>
internal sealed record GeneratedFile(string Name, string Text);
