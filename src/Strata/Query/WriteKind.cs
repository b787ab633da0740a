namespace Strata.Query;

/// <summary>The statement a <c>RETURNING</c> clause is attached to.</summary>
internal enum WriteKind
{
    Insert,
    Update,
    Delete,
}
