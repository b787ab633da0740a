using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Strata.Mapping;

namespace Strata;

/// <summary>
/// A model's relationship to other rows, declared in a property getter (<c>public HasMany&lt;Post&gt; Posts =&gt; HasMany&lt;Post&gt;(p =&gt; p.UserId);</c>)
/// and kept per model instance. Loaded lazily (<c>GetAsync</c>) or eagerly for many models at once
/// (<see cref="ModelQuery{TSelf}.With(string)"/>), with one query per relation however many models there are.
/// </summary>
/// <remarks>Not thread-safe: a model and its relations belong to one flow at a time.</remarks>
public abstract class ModelRelation : IRelation
{
    private protected ModelRelation(IModel owner, string name)
    {
        Owner = owner;
        Name = name;
    }

    internal IModel Owner { get; }

    /// <summary>The relation's name: the property it is declared in.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public abstract bool IsLoaded { get; }

    /// <summary>The number of related rows, once counted by <see cref="ModelQuery{TSelf}.WithCount"/>; null before.</summary>
    public long? Count { get; internal set; }

    /// <summary>The related models once loaded (empty before).</summary>
    internal abstract IEnumerable<IModel> Loaded { get; }

    /// <summary>Loads this relation for every owner in <paramref name="relations"/> (the same relation of many models) with one query, and returns the related models.</summary>
    internal abstract Task<IReadOnlyList<IModel>> LoadAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken);

    /// <summary>Counts the related rows of every owner in <paramref name="relations"/> with one query.</summary>
    internal abstract Task CountAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken);

    /// <summary>Refuses a lazy load that strict loading forbids: the owner came from a multi-row query, so loading per model would be N+1 queries.</summary>
    private protected void RequireLazyAllowed()
    {
        if (Owner.FromList && ModelDatabase.StrictLoading)
            throw new InvalidOperationException(
                $"Lazily loading '{Name}' of a {Owner.GetType().Name} that came from a multi-row query would run one query per {Owner.GetType().Name} (N+1). " +
                $"Eager-load it with .With(\"{Name}\") on the query, or turn strict loading off for this flow.");
    }

    /// <summary>A key as a string, so keys of different numeric types (int, long) group together.</summary>
    private protected static string Normalize(object? key) => Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The member a relation's key selector names, checked to be a mapped member of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">The selector is not a member access, or the member is not mapped.</exception>
    internal static MemberInfo MemberOf<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(LambdaExpression selector)
    {
        var body = selector.Body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert ? convert.Operand : selector.Body;
        if (body is not MemberExpression member || member.Expression != selector.Parameters[0])
            throw new ArgumentException($"A relation's key is a member of {typeof(T).Name}, such as p => p.UserId; '{selector}' is not.", nameof(selector));
        // Whether a member is mapped does not depend on the naming convention, only its column's name does.
        if (EntityMap.For<T>().Find(member.Member) is null)
            throw new ArgumentException($"{typeof(T).Name}.{member.Member.Name} is not a mapped column, so it cannot be a relation's key.", nameof(selector));
        return member.Member;
    }

    /// <summary>
    /// The column <paramref name="member"/> is stored in, named by the naming convention of the models' current database
    /// (<see cref="ModelDatabase.Current"/>), as the model's own queries and writes name it.
    /// </summary>
    internal static string ColumnOf<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(MemberInfo member) => EntityMap.For<T>(ModelDatabase.Convention).Find(member)!.Name;
}
