namespace Strata.Modules;

/// <summary>
/// A folder that looks like a module but cannot be used (a <c>database/</c> folder without <c>schema.sql</c>, a file in its
/// migrations folder not named as a migration, a dependency that cannot be used): it is left out of the run, logged as a
/// warning, and reported here.
/// </summary>
/// <param name="Location">The folder (or assembly and folder) it was found at.</param>
/// <param name="Module">The module's name as far as it could be told, or null.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record SchemaModuleWarning(string Location, string? Module, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
