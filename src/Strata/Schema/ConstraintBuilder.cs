using Strata.Schema;
namespace Strata;

/// <summary>Names a primary key, unique or check constraint declared on a table: <c>t.Unique("email").Named("users_email")</c>.</summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class ConstraintBuilder
{
    internal ConstraintBuilder()
    {
    }

    internal string? Name { get; private set; }

    /// <summary>Gives the constraint a name instead of the generated one (see <see cref="ConstraintNames"/>).</summary>
    /// <param name="name">The constraint name.</param>
    public ConstraintBuilder Named(string name)
    {
        Name = SchemaNames.Simple(name, "constraint");
        return this;
    }
}
