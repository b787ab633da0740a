using System.Diagnostics.CodeAnalysis;

namespace Strata.Mapping;

/// <summary>
/// What Strata reads of a mapped type by reflection: its public constructors (records are built through them), properties and
/// fields. Strata's generic APIs (<c>QueryAsync&lt;T&gt;</c>, <c>From&lt;T&gt;</c>, repositories, models) annotate their type
/// parameters with it so that trimming and native AOT keep those members; a generic method of your own that passes its type
/// parameter on to them needs the same annotation:
/// <c>Task&lt;IReadOnlyList&lt;T&gt;&gt; All&lt;[DynamicallyAccessedMembers(MappedMembers.Types)] T&gt;()</c>.
/// </summary>
public static class MappedMembers
{
    /// <summary>Public constructors, properties and fields.</summary>
    public const DynamicallyAccessedMemberTypes Types =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicFields;
}
