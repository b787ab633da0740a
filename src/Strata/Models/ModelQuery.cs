using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using Strata.Mapping;
using Strata.Query;

namespace Strata;

/// <summary>
/// A query of models: the typed query's conditions, order and paging, plus eager loading of relations
/// (<see cref="With(string)"/>: one extra query per relation, with <c>IN</c> over the loaded models' keys, never one per model)
/// and relation counts (<see cref="WithCount"/>). Immutable: each call returns a new query.
/// </summary>
/// <typeparam name="TSelf">The model type.</typeparam>
public sealed class ModelQuery<[DynamicallyAccessedMembers(MappedMembers.Types)] TSelf> where TSelf : Model<TSelf>, new()
{
    private readonly ImmutableArray<string> _with;
    private readonly ImmutableArray<string> _counts;
    private readonly bool _asList;

    internal ModelQuery(SqlQuery<TSelf> query, ImmutableArray<string> with = default, ImmutableArray<string> counts = default, bool asList = false)
    {
        Query = query;
        _with = with.IsDefault ? [] : with;
        _counts = counts.IsDefault ? [] : counts;
        _asList = asList;
    }

    /// <summary>The typed query underneath, for what this type does not pass through.</summary>
    public SqlQuery<TSelf> Query { get; }

    /// <summary>Adds a condition (see <see cref="SqlQuery{T}.Where(Expression{Func{T, bool}})"/>).</summary>
    /// <param name="predicate">The condition.</param>
    public ModelQuery<TSelf> Where(Expression<Func<TSelf, bool>> predicate) => With(Query.Where(predicate));

    /// <summary>Adds <c>column = value</c> for each member or entry (see <see cref="SqlQuery{T}.Where(object)"/>): <c>User.Query().Where(new { active = true })</c>.</summary>
    /// <param name="columns">An object with readable properties, or a dictionary of column names to values.</param>
    /// <exception cref="ArgumentException">No members, an invalid column name, a list as a value, or a string in place of the object.</exception>
    public ModelQuery<TSelf> Where(object columns) => With(Query.Where(columns));

    /// <summary>Orders by <paramref name="key"/>, ascending.</summary>
    /// <param name="key">The member.</param>
    public ModelQuery<TSelf> OrderBy<TKey>(Expression<Func<TSelf, TKey>> key) => With(Query.OrderBy(key));

    /// <summary>Orders by <paramref name="key"/>, descending.</summary>
    /// <param name="key">The member.</param>
    public ModelQuery<TSelf> OrderByDescending<TKey>(Expression<Func<TSelf, TKey>> key) => With(Query.OrderByDescending(key));

    /// <summary>Returns at most <paramref name="count"/> models.</summary>
    /// <param name="count">The limit.</param>
    public ModelQuery<TSelf> Limit(int count) => With(Query.Limit(count));

    /// <summary>Skips <paramref name="count"/> models.</summary>
    /// <param name="count">The offset.</param>
    public ModelQuery<TSelf> Offset(int count) => With(Query.Offset(count));

    /// <summary>Eager-loads a relation of the loaded models: <c>.With(u =&gt; u.Posts)</c>.</summary>
    /// <param name="relation">The relation's property.</param>
    public ModelQuery<TSelf> With(Expression<Func<TSelf, IRelation>> relation) => new(Query, _with.Add(MemberName(relation)), _counts, _asList);

    /// <summary>Eager-loads a relation path, each step one query: <c>.With("posts.comments")</c> (names match properties, case and underscores aside).</summary>
    /// <param name="path">Relation names separated by dots.</param>
    /// <exception cref="ArgumentException">An empty path.</exception>
    public ModelQuery<TSelf> With(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new(Query, _with.Add(path), _counts, _asList);
    }

    /// <summary>Counts a to-many relation of each loaded model into <see cref="ModelRelation.Count"/>, with one grouped query.</summary>
    /// <param name="relation">The relation's property.</param>
    public ModelQuery<TSelf> WithCount(Expression<Func<TSelf, IRelation>> relation) => new(Query, _with, _counts.Add(MemberName(relation)), _asList);

    /// <summary>Runs the query, then the eager loads and counts.</summary>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <exception cref="ArgumentException">A With path names a relation the model does not have.</exception>
    public async Task<IReadOnlyList<TSelf>> ToListAsync(CancellationToken cancellationToken = default)
    {
        var models = await Query.ToListAsync(cancellationToken).ConfigureAwait(false);
        var fromList = _asList || models.Count > 1;
        foreach (IModel model in models)
        {
            model.Exists = true;
            model.FromList = fromList;
        }
        foreach (var path in _with) await LoadAsync([.. models.Cast<IModel>()], path.Split('.'), 0, cancellationToken).ConfigureAwait(false);
        foreach (var name in _counts)
        {
            if (models.Count == 0) break;
            var property = RelationProperty(typeof(TSelf), name);
            await Relations(models.Cast<IModel>().ToList(), property)[0].CountAllAsync(Relations(models.Cast<IModel>().ToList(), property), cancellationToken).ConfigureAwait(false);
        }
        return models;
    }

    /// <summary>Runs the query (the same as <see cref="ToListAsync"/>, read as a relation's rows).</summary>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public Task<IReadOnlyList<TSelf>> GetAsync(CancellationToken cancellationToken = default) => ToListAsync(cancellationToken);

    /// <summary>The first model, or null; eager loads apply to it.</summary>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public async Task<TSelf?> FirstOrDefaultAsync(CancellationToken cancellationToken = default)
    {
        var models = await Limit(1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return models.Count > 0 ? models[0] : null;
    }

    /// <summary>How many models match.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) => Query.CountAsync(cancellationToken);

    internal ModelQuery<TSelf> WhereColumn(string column, object? value) => With(Query.ByNameChanged(q => value is null ? q.WhereNull(column) : q.Where(column, value)));

    internal ModelQuery<TSelf> WhereIn(string column, IReadOnlyList<object?> values) => With(Query.ByNameChanged(q => q.WhereIn(column, values)));

    /// <summary>Marks the results as coming from a multi-row load even when there is one (they were loaded for many owners).</summary>
    internal ModelQuery<TSelf> AsList() => new(Query, _with, _counts, asList: true);

    internal async Task<Dictionary<string, long>> CountByAsync(string column, CancellationToken cancellationToken)
    {
        var rows = await Query.ByName.Select(column).SelectRaw(Sql.Raw("COUNT(*)"), "strata_count").GroupBy(column)
            .ToListAsync<(object Key, long Count)>(cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => Convert.ToString(r.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", r => r.Count);
    }

    private ModelQuery<TSelf> With(SqlQuery<TSelf> query) => new(query, _with, _counts, _asList);

    private static async Task LoadAsync(IReadOnlyList<IModel> models, string[] path, int step, CancellationToken cancellationToken)
    {
        if (models.Count == 0 || step >= path.Length) return;
        var property = RelationProperty(models[0].GetType(), path[step]);
        var relations = Relations(models, property);
        // A step another path loaded already ("posts" before "posts.comments") is not queried again.
        var related = relations.TrueForAll(r => r.IsLoaded)
            ? [.. relations.SelectMany(r => r.Loaded).Distinct()]
            : await relations[0].LoadAllAsync(relations, cancellationToken).ConfigureAwait(false);
        await LoadAsync(related, path, step + 1, cancellationToken).ConfigureAwait(false);
    }

    private static List<ModelRelation> Relations(IReadOnlyList<IModel> models, PropertyInfo property) =>
        [.. models.Select(m => property.GetValue(m) as ModelRelation ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} returned no relation."))];

    // The type is a Model<TSelf>'s own (typeof(TSelf), or a loaded model's), and Model<TSelf> keeps TSelf's public properties for
    // trimming, relation properties among them.
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Models are instances of TSelf of Model<TSelf>, whose annotation keeps their public properties.")]
    private static PropertyInfo RelationProperty(Type type, string name)
    {
        var wanted = Simplify(name);
        var relations = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => typeof(ModelRelation).IsAssignableFrom(p.PropertyType)).ToList();
        return relations.FirstOrDefault(p => Simplify(p.Name) == wanted) ?? throw new ArgumentException(
            $"{type.Name} has no relation '{name}'. Its relations: {(relations.Count == 0 ? "none" : string.Join(", ", relations.Select(p => p.Name)))}.", nameof(name));
    }

    private static string Simplify(string name) => name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string MemberName(Expression<Func<TSelf, IRelation>> relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var body = relation.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : relation.Body;
        return body is MemberExpression member && member.Expression == relation.Parameters[0]
            ? member.Member.Name
            : throw new ArgumentException($"With and WithCount take a relation property, such as u => u.Posts; '{relation}' is not one.", nameof(relation));
    }
}
