using System.Collections;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Linq.Expressions;
using System.Reflection;
using Strata.Mapping;

namespace Strata.Query;

/// <summary>
/// Translates the lambdas of <see cref="SqlQuery{T}"/> into the query AST, when the query is built: member
/// access on the lambda's parameter becomes a column (through the <see cref="EntityMap{T}"/>), and any
/// sub-expression that does not use the parameter (constants, captured variables, fields and properties of
/// captured objects) is evaluated there and then and becomes a parameter, never text.
/// </summary>
/// <remarks>
/// There is one visit method per expression kind handled. Anything else throws
/// <see cref="NotSupportedException"/> naming the expression, so a query that cannot be translated fails
/// where it is written, not when it runs.
/// </remarks>
internal sealed class ExpressionTranslator
{
    /// <summary>The LIKE escape character: not special in any dialect's string literals (unlike the backslash in MySQL).</summary>
    internal const char LikeEscape = '!';

    private const string WhereHelp =
        "a Where lambda translates member access, captured values, == != < <= > >=, && || !, == null / != null, " +
        "string Contains/StartsWith/EndsWith (with StringComparison.OrdinalIgnoreCase for a case-insensitive match), ToLower/ToUpper/Trim, a collection's Contains(x.Member), " +
        "an array member's Contains(value), comparisons of a step inside a JSON member (x.Meta.Address.City == city), JsonElement/JsonNode.DeepEquals(x.Doc, value), " +
        "a date member's Year/Month/Day/Hour/Minute/Second/Date/TimeOfDay compared with a value, and the Sql.Like/ILike/Between/In/Lower/Upper/Trim functions. " +
        "Write other conditions with WhereRaw(Sql).";

    private const string LikeEscapeClause = " ESCAPE '!'";

    private readonly ReadOnlyCollection<ParameterExpression> _parameters;
    private readonly ColumnScope[] _scopes;
    private readonly string _clause;

    private ExpressionTranslator(LambdaExpression lambda, ColumnScope[] scopes, string clause)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        if (lambda.Parameters.Count != scopes.Length)
            throw new ArgumentException($"The {clause} lambda has {lambda.Parameters.Count} parameters where {scopes.Length} were expected.", nameof(lambda));
        _parameters = lambda.Parameters;
        _scopes = scopes;
        _clause = clause;
    }

    /// <summary>The conditions of a Where lambda, to be joined to the query's others with AND (a top-level <c>&amp;&amp;</c> is split).</summary>
    public static ImmutableArray<ConditionClause> Where(LambdaExpression predicate, params ColumnScope[] scopes)
    {
        var condition = new ExpressionTranslator(predicate, scopes, "Where").Visit(predicate.Body);
        return condition is GroupCondition { Clauses: var clauses } && predicate.Body.NodeType == ExpressionType.AndAlso
            ? clauses
            : [new ConditionClause(LogicalOperator.And, condition)];
    }

    /// <summary>The column a selector such as <c>u => u.Name</c> (or <c>(u, o) => o.Total</c>) names.</summary>
    public static string Column(LambdaExpression selector, string clause, params ColumnScope[] scopes) =>
        new ExpressionTranslator(selector, scopes, clause).ColumnOf(selector.Body);

    /// <summary>
    /// The column pairs of a join condition, <c>(u, o) => u.Id == o.UserId &amp;&amp; …</c>: comparisons of one column with
    /// another, joined with <c>&amp;&amp;</c>. Values belong in Where.
    /// </summary>
    public static ImmutableArray<JoinOn> JoinOn(LambdaExpression on, params ColumnScope[] scopes)
    {
        var translator = new ExpressionTranslator(on, scopes, "Join");
        var pairs = ImmutableArray.CreateBuilder<JoinOn>();
        void Add(Expression expression)
        {
            if (expression.NodeType == ExpressionType.AndAlso && expression is BinaryExpression both)
            {
                Add(both.Left);
                Add(both.Right);
                return;
            }
            if (expression is not BinaryExpression comparison || !translator.UsesParameter(comparison.Left) || !translator.UsesParameter(comparison.Right)
                || translator.Visit(comparison) is not RawCondition)
                throw translator.Unsupported(expression, "a join condition compares a column with a column, like (u, o) => u.Id == o.UserId, joined with &&; put conditions on values in Where.");
            var op = comparison.NodeType switch
            {
                ExpressionType.Equal => ComparisonOperator.Equal,
                ExpressionType.NotEqual => ComparisonOperator.NotEqual,
                ExpressionType.LessThan => ComparisonOperator.LessThan,
                ExpressionType.LessThanOrEqual => ComparisonOperator.LessThanOrEqual,
                ExpressionType.GreaterThan => ComparisonOperator.GreaterThan,
                _ => ComparisonOperator.GreaterThanOrEqual,
            };
            pairs.Add(new JoinOn(translator.ColumnOf(comparison.Left), op, translator.ColumnOf(comparison.Right)));
        }
        Add(on.Body);
        return pairs.ToImmutable();
    }

    /// <summary>The select list of a projection: <c>new { u.Id, u.Email }</c>, <c>new Summary(u.Id, u.Email)</c>, an object initializer, or one member.</summary>
    public static ImmutableArray<SelectItem> Projection(LambdaExpression selector, params ColumnScope[] scopes)
    {
        var translator = new ExpressionTranslator(selector, scopes, "Select");
        return selector.Body switch
        {
            NewExpression n => translator.VisitNew(n),
            MemberInitExpression m => translator.VisitMemberInit(m),
            var body => [translator.SelectItemOf(body, null)],
        };
    }

    private Condition Visit(Expression expression)
    {
        if (!UsesParameter(expression)) return VisitConstantCondition(expression);
        return expression.NodeType switch
        {
            ExpressionType.AndAlso or ExpressionType.OrElse => VisitLogical((BinaryExpression)expression),
            ExpressionType.Not => VisitNot((UnaryExpression)expression),
            ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
                or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual => VisitComparison((BinaryExpression)expression),
            ExpressionType.MemberAccess => VisitBooleanMember((MemberExpression)expression),
            ExpressionType.Call => VisitCall((MethodCallExpression)expression),
            _ => throw Unsupported(expression, WhereHelp),
        };
    }

    /// <summary>A condition that does not use the parameter: evaluated now to a constant true or false.</summary>
    private static RawCondition VisitConstantCondition(Expression expression) =>
        new(Sql.Raw(CapturedValue.Evaluate(expression) is true ? "1 = 1" : "1 = 0"));

    /// <summary><c>a &amp;&amp; b &amp;&amp; c</c> or <c>a || b</c>: one parenthesized group, nested operators of the same kind flattened.</summary>
    private GroupCondition VisitLogical(BinaryExpression expression)
    {
        var connector = expression.NodeType == ExpressionType.AndAlso ? LogicalOperator.And : LogicalOperator.Or;
        var clauses = ImmutableArray.CreateBuilder<ConditionClause>();
        void Flatten(Expression operand)
        {
            if (operand.NodeType == expression.NodeType && operand is BinaryExpression nested)
            {
                Flatten(nested.Left);
                Flatten(nested.Right);
            }
            else
            {
                clauses.Add(new ConditionClause(connector, Visit(operand)));
            }
        }
        Flatten(expression);
        return new GroupCondition(clauses.ToImmutable());
    }

    /// <summary><c>!u.Active</c> becomes <c>active = false</c>, <c>!(u.X == null)</c> IS NOT NULL, anything else NOT (…).</summary>
    private Condition VisitNot(UnaryExpression expression)
    {
        if (IsBooleanColumn(expression.Operand, out var column)) return new ComparisonCondition(column, ComparisonOperator.Equal, false);
        return Visit(expression.Operand) switch
        {
            NullCondition n => n with { Negated = !n.Negated },
            var operand => new NotCondition(operand),
        };
    }

    /// <summary><c>column op value</c>, <c>value op column</c> (the operator turned round), <c>column op column</c>, or a null check.</summary>
    private Condition VisitComparison(BinaryExpression expression)
    {
        var op = expression.NodeType switch
        {
            ExpressionType.Equal => ComparisonOperator.Equal,
            ExpressionType.NotEqual => ComparisonOperator.NotEqual,
            ExpressionType.LessThan => ComparisonOperator.LessThan,
            ExpressionType.LessThanOrEqual => ComparisonOperator.LessThanOrEqual,
            ExpressionType.GreaterThan => ComparisonOperator.GreaterThan,
            _ => ComparisonOperator.GreaterThanOrEqual,
        };
        var leftIsColumn = UsesParameter(expression.Left);
        var rightIsColumn = UsesParameter(expression.Right);
        if (leftIsColumn && rightIsColumn)
            return new RawCondition(Operand(expression.Left) + Sql.Raw(ComparisonOperators.ToPaddedSql(op)) + Operand(expression.Right));
        var columnSide = leftIsColumn ? expression.Left : expression.Right;
        var value = CapturedValue.Evaluate(leftIsColumn ? expression.Right : expression.Left);
        if (!leftIsColumn) op = Flip(op);
        if (DatePartOf(columnSide) is var (dateColumn, part))
        {
            if (value is null) throw Unsupported(expression, "a part of a date is compared with a value; test the member itself with == null.");
            return new DatePartCondition(dateColumn, part, op, DatePartValue(part, value));
        }
        if (JsonPathOf(columnSide) is var (jsonColumn, path, json))
            return JsonPathValues.Condition(jsonColumn, path, op, value is null ? null : Coerce(columnSide, value), json);
        var function = FunctionOf(StripConversions(columnSide)) is not null;
        if (value is null)
        {
            var negated = op switch
            {
                ComparisonOperator.Equal => false,
                ComparisonOperator.NotEqual => true,
                _ => throw Unsupported(expression, "an ordering comparison with null is never true; compare with a value, or test == null."),
            };
            return function
                ? new RawCondition(Operand(columnSide) + Sql.Raw(negated ? " IS NOT NULL" : " IS NULL"))
                : new NullCondition(ColumnOf(columnSide), negated);
        }
        if (function) return new RawCondition(Operand(columnSide) + Sql.Raw(ComparisonOperators.ToPaddedSql(op)) + Sql.Parameter(value));
        return new ComparisonCondition(ColumnOf(columnSide), op, Coerce(columnSide, value));
    }

    /// <summary>
    /// <c>x.CreatedAt.Year</c> (Month, Day, Hour, Minute, Second), <c>x.CreatedAt.Date</c> and <c>x.CreatedAt.TimeOfDay</c> on a
    /// DateTime, DateTimeOffset, DateOnly or TimeOnly column (nullable ones through <c>.Value</c>): the column and the part, or null.
    /// </summary>
    private (string Column, DatePart Part)? DatePartOf(Expression expression)
    {
        if (StripConversions(expression) is not MemberExpression { Expression: { } owner } member) return null;
        var type = Nullable.GetUnderlyingType(owner.Type) ?? owner.Type;
        var dated = type == typeof(DateTime) || type == typeof(DateTimeOffset);
        if (!dated && type != typeof(DateOnly) && type != typeof(TimeOnly)) return null;
        var stripped = StripConversions(owner);
        if (stripped is MemberExpression { Member.Name: "Value", Expression: { } inner } && Nullable.GetUnderlyingType(inner.Type) is not null)
            stripped = StripConversions(inner);
        if (stripped is not MemberExpression { Expression: ParameterExpression parameter } || !_parameters.Contains(parameter)) return null;
        DatePart? part = member.Member.Name switch
        {
            "Year" => DatePart.Year,
            "Month" => DatePart.Month,
            "Day" => DatePart.Day,
            "Hour" => DatePart.Hour,
            "Minute" => DatePart.Minute,
            "Second" => DatePart.Second,
            "Date" when dated => DatePart.Date,
            "TimeOfDay" when dated => DatePart.Time,
            _ => null,
        };
        return part is { } found ? (ColumnOf(owner), found) : null;
    }

    /// <summary>The value a date part is compared with: a DateOnly for the date, a TimeOnly for the time of day, the number otherwise.</summary>
    private static object DatePartValue(DatePart part, object value) => (part, value) switch
    {
        (DatePart.Date, DateTime at) => DateOnly.FromDateTime(at),
        (DatePart.Date, DateTimeOffset at) => DateOnly.FromDateTime(at.DateTime),
        (DatePart.Time, TimeSpan time) => TimeOnly.FromTimeSpan(time),
        _ => value,
    };

    /// <summary>
    /// C# compares enums and chars as their numbers (<c>Convert(u.Status) == 1</c>); the value is turned back into the
    /// member's type so the pipeline stores it as the column holds it (an enum by name or number, a char as text).
    /// </summary>
    private static object Coerce(Expression columnSide, object value)
    {
        var stripped = StripConversions(columnSide);
        var type = Nullable.GetUnderlyingType(stripped.Type) ?? stripped.Type;
        if (type == value.GetType()) return value;
        if (type.IsEnum && value is IConvertible) return Enum.ToObject(type, value);
        if (type == typeof(char) && value is int code) return (char)code;
        return value;
    }

    /// <summary>A bool column on its own (<c>u => u.Active</c>): <c>active = true</c>, with true as a parameter so every dialect reads it.</summary>
    private Condition VisitBooleanMember(MemberExpression expression)
    {
        if (IsBooleanColumn(expression, out var column)) return new ComparisonCondition(column, ComparisonOperator.Equal, true);
        if ((Nullable.GetUnderlyingType(expression.Type) ?? expression.Type) == typeof(bool) && JsonPathOf(expression) is var (jsonColumn, path, json))
            return JsonPathValues.Condition(jsonColumn, path, ComparisonOperator.Equal, true, json);
        if (expression is { Member.Name: "HasValue", Expression: { } inner } && Nullable.GetUnderlyingType(inner.Type) is not null)
            return new NullCondition(ColumnOf(inner), Negated: true);
        throw Unsupported(expression, WhereHelp);
    }

    /// <summary>String Contains/StartsWith/EndsWith (LIKE with the value's wildcards escaped) and a collection's Contains (IN).</summary>
    private Condition VisitCall(MethodCallExpression call)
    {
        var method = call.Method;
        if (method.DeclaringType == typeof(string) && call.Object is not null && UsesParameter(call.Object)
            && (call.Arguments.Count == 1 || (call.Arguments.Count == 2 && call.Arguments[1].Type == typeof(StringComparison)))
            && method.Name is nameof(string.Contains) or nameof(string.StartsWith) or nameof(string.EndsWith))
            return VisitLike(call);
        if (method.Name == nameof(Enumerable.Contains) && CollectionAndItem(call) is var (collection, item) && !UsesParameter(collection))
            return VisitIn(call, collection, item);
        if (method.Name == nameof(Enumerable.Contains) && CollectionAndItem(call) is var (arrayMember, element) && !UsesParameter(element))
            return VisitArrayContains(call, arrayMember, element);
        if (method.DeclaringType == typeof(Sql)) return VisitSqlFunction(call);
        if (method is { IsStatic: true, Name: "DeepEquals" } && call.Arguments.Count == 2
            && (method.DeclaringType == typeof(System.Text.Json.JsonElement) || method.DeclaringType == typeof(System.Text.Json.Nodes.JsonNode)))
            return VisitDeepEquals(call);
        throw Unsupported(call, WhereHelp);
    }

    /// <summary>
    /// <c>JsonElement.DeepEquals(x.Doc, element)</c> and <c>JsonNode.DeepEquals(x.Doc, node)</c>, in either order: the JSON column (or
    /// the value at a path inside a JSON member) compared with the document, as <c>==</c> compares other values; a null node is NULL.
    /// </summary>
    private Condition VisitDeepEquals(MethodCallExpression call)
    {
        var (left, right) = (call.Arguments[0], call.Arguments[1]);
        var leftIsColumn = UsesParameter(left);
        if (leftIsColumn == UsesParameter(right)) throw Unsupported(call, "DeepEquals must compare a member with a captured JSON value.");
        var columnSide = leftIsColumn ? left : right;
        var value = CapturedValue.Evaluate(leftIsColumn ? right : left);
        if (JsonPathOf(columnSide) is var (jsonColumn, path, json))
            return JsonPathValues.Condition(jsonColumn, path, ComparisonOperator.Equal, value is null ? null : Coerce(columnSide, value), json);
        return value is null
            ? new NullCondition(ColumnOf(columnSide), Negated: false)
            : new ComparisonCondition(ColumnOf(columnSide), ComparisonOperator.Equal, Coerce(columnSide, value));
    }

    /// <summary>The <see cref="Sql"/> functions that are conditions: Like, ILike (pattern wildcards kept), Between and In (a subquery).</summary>
    private Condition VisitSqlFunction(MethodCallExpression call)
    {
        var arguments = call.Arguments;
        foreach (var argument in arguments.Skip(1))
        {
            if (UsesParameter(argument)) throw Unsupported(call, "only the first argument may name a member; the others must be values.");
        }
        switch (call.Method.Name)
        {
            case nameof(Sql.Like):
                return new RawCondition(Operand(arguments[0]) + Sql.Raw(" LIKE ") + Sql.Parameter(Pattern(call)));
            case nameof(Sql.ILike) when FunctionOf(StripConversions(arguments[0])) is null:
                return new ILikeCondition(ColumnOf(arguments[0]), Pattern(call), Negated: false);
            case nameof(Sql.ILike):
                return new RawCondition(Sql.Raw("LOWER(") + Operand(arguments[0]) + Sql.Raw(") LIKE LOWER(") + Sql.Parameter(Pattern(call)) + Sql.Raw(")"));
            case nameof(Sql.Between):
                var low = CapturedValue.Evaluate(arguments[1]);
                var high = CapturedValue.Evaluate(arguments[2]);
                if (low is null || high is null) throw Unsupported(call, "a bound of BETWEEN is null, so it would match nothing.");
                return new BetweenCondition(ColumnOf(arguments[0]), Coerce(arguments[0], low), Coerce(arguments[0], high));
            case nameof(Sql.In):
                var subquery = CapturedValue.Evaluate(arguments[1]) as SqlQuery ?? throw Unsupported(call, "the subquery is null.");
                return new InSubqueryCondition(ColumnOf(arguments[0]), subquery.Node, Negated: false);
            default:
                throw Unsupported(call, WhereHelp);
        }
    }

    private string Pattern(MethodCallExpression call) => CapturedValue.Evaluate(call.Arguments[1]) switch
    {
        string s => s,
        null => throw Unsupported(call, "the pattern is null."),
        var other => throw Unsupported(call, $"a {other.GetType().Name} pattern is not text."),
    };

    /// <summary>A column, or a SQL function of one: <c>LOWER("email")</c> for <c>Sql.Lower(u.Email)</c> or <c>u.Email.ToLower()</c>.</summary>
    private Sql Operand(Expression expression)
    {
        var stripped = StripConversions(expression);
        if (stripped is MethodCallExpression call && FunctionOf(call) is var (open, argument))
            return Sql.Raw(open) + Operand(argument) + Sql.Raw(")");
        return Sql.Identifier(ColumnOf(expression));
    }

    /// <summary>The SQL function a call stands for (its opening text) and its argument, or null when it is not one.</summary>
    private static (string Open, Expression Argument)? FunctionOf(Expression expression)
    {
        if (expression is not MethodCallExpression call) return null;
        var open = call.Method.Name switch
        {
            "Lower" or "ToLower" or "ToLowerInvariant" => "LOWER(",
            "Upper" or "ToUpper" or "ToUpperInvariant" => "UPPER(",
            "Trim" => "TRIM(",
            _ => null,
        };
        if (open is null) return null;
        if (call.Method.DeclaringType == typeof(Sql) && call.Arguments.Count == 1) return (open, call.Arguments[0]);
        if (call.Method.DeclaringType == typeof(string) && call.Object is not null && call.Arguments.Count == 0) return (open, call.Object);
        return null;
    }

    /// <summary>
    /// <c>x.Name.Contains(s)</c> (and StartsWith/EndsWith): LIKE with the value's wildcards escaped, case sensitivity as the database's
    /// LIKE. With an IgnoreCase <see cref="StringComparison"/>, a case-insensitive match on every database (ILIKE, or LOWER on both sides).
    /// </summary>
    private Condition VisitLike(MethodCallExpression call)
    {
        var ignoreCase = call.Arguments.Count == 2 && IgnoresCase(call);
        var column = Operand(call.Object!);
        if (UsesParameter(call.Arguments[0])) throw Unsupported(call, "the searched text must be a value, not another column.");
        var text = CapturedValue.Evaluate(call.Arguments[0]) switch
        {
            string s => s,
            char c => c.ToString(),
            null => throw Unsupported(call, "the searched text is null."),
            var other => throw Unsupported(call, $"a {other.GetType().Name} argument is not text."),
        };
        var escaped = EscapeLike(text);
        var pattern = call.Method.Name switch
        {
            nameof(string.StartsWith) => escaped + "%",
            nameof(string.EndsWith) => "%" + escaped,
            _ => "%" + escaped + "%",
        };
        if (!ignoreCase) return new RawCondition(column + Sql.Raw(" LIKE ") + Sql.Parameter(pattern) + Sql.Raw(LikeEscapeClause));
        if (FunctionOf(StripConversions(call.Object!)) is null)
            return new ILikeCondition(ColumnOf(call.Object!), pattern, Negated: false) { Escape = LikeEscape };
        return new RawCondition(Sql.Raw("LOWER(") + column + Sql.Raw(") LIKE LOWER(") + Sql.Parameter(pattern) + Sql.Raw(")" + LikeEscapeClause));
    }

    /// <summary>True for an IgnoreCase comparison; a case-sensitive one is refused, since LIKE does not promise case sensitivity everywhere.</summary>
    private bool IgnoresCase(MethodCallExpression call)
    {
        if (UsesParameter(call.Arguments[1])) throw Unsupported(call, "the StringComparison must be a value.");
        return CapturedValue.Evaluate(call.Arguments[1]) switch
        {
            StringComparison.OrdinalIgnoreCase or StringComparison.InvariantCultureIgnoreCase or StringComparison.CurrentCultureIgnoreCase => true,
            var comparison => throw Unsupported(call,
                $"StringComparison.{comparison} asks for a case-sensitive match, which LIKE does not give on every database (SQLite's and MySQL's usual " +
                $"collations ignore case). Leave the comparison out for the database's own LIKE, or pass StringComparison.OrdinalIgnoreCase for a " +
                "case-insensitive match everywhere."),
        };
    }

    private InCondition VisitIn(MethodCallExpression call, Expression collection, Expression item)
    {
        var column = ColumnOf(item);
        var values = CapturedValue.Evaluate(collection) switch
        {
            string => throw Unsupported(call, "a string is not a list of values."),
            IEnumerable list => list,
            null => throw Unsupported(call, "the collection is null."),
            var other => throw Unsupported(call, $"a {other.GetType().Name} is not a list of values."),
        };
        var builder = ImmutableArray.CreateBuilder<object?>();
        foreach (var value in values) builder.Add(value);
        return new InCondition(column, builder.ToImmutable(), Negated: false);
    }

    /// <summary>
    /// <c>x.Tags.Contains(tag)</c> over an array member with a captured value: <c>tag = ANY(tags)</c> on databases with arrays. A member stored
    /// as JSON is refused (its array is inside a document).
    /// </summary>
    private ArrayCondition VisitArrayContains(MethodCallExpression call, Expression member, Expression item)
    {
        var stripped = StripConversions(member);
        if (stripped is MemberExpression { Expression: ParameterExpression parameter } m && _parameters.IndexOf(parameter) is >= 0 and var index
            && _scopes[index].Find(m.Member) is { } column && (column.IsJson || _scopes[index].Json.IsJsonType(column.Type)))
            throw Unsupported(call, $"{m.Member.Name} is stored as JSON, not in an array column; compare a path inside it with WhereJson.");
        var value = CapturedValue.Evaluate(item) ?? throw Unsupported(call, "the value is null, and NULL = ANY(…) is never true.");
        return new ArrayCondition(ColumnOf(member), ArrayOperator.Any, Coerce(item, value));
    }

    /// <summary>A projected member: its column, or for a step inside a JSON member the value at that path.</summary>
    private SelectItem SelectItemOf(Expression expression, string? alias)
    {
        if (WindowOf(expression) is { } window)
            return new SelectWindow(window, alias ?? throw Unsupported(expression, "a window function fills a member: new { Place = TypedWindow.Rank()….Value }."));
        return JsonPathOf(expression) is var (column, path, _) ? new SelectJsonPath(column, path, alias) : new SelectColumn(ColumnOf(expression), alias);
    }

    /// <summary>The window function of <c>TypedWindow.F(…).PartitionBy(…).OrderBy(…).Value</c>, or null for anything else.</summary>
    private WindowExpression? WindowOf(Expression expression)
    {
        if (StripConversions(expression) is not MemberExpression { Member.Name: "Value", Expression: { } chain }
            || !chain.Type.IsGenericType || chain.Type.GetGenericTypeDefinition() != typeof(WindowValue<>))
            return null;
        var steps = new List<MethodCallExpression>();
        while (chain is MethodCallExpression { Object: { } target } step)
        {
            steps.Add(step);
            chain = target;
        }
        if (chain is not MethodCallExpression root || root.Method.DeclaringType != typeof(TypedWindow))
            throw Unsupported(expression, "a window function starts with a TypedWindow call written in the lambda, such as TypedWindow.RowNumber().");
        var window = root.Method.Name switch
        {
            nameof(TypedWindow.RowNumber) => Window.RowNumber(),
            nameof(TypedWindow.Rank) => Window.Rank(),
            nameof(TypedWindow.DenseRank) => Window.DenseRank(),
            nameof(TypedWindow.Lag) => Window.Lag(ColumnOf(root.Arguments[0]), Offset(root.Arguments[1])),
            nameof(TypedWindow.Lead) => Window.Lead(ColumnOf(root.Arguments[0]), Offset(root.Arguments[1])),
            nameof(TypedWindow.Count) => Aggregate.Count().Over(),
            nameof(TypedWindow.Sum) => Aggregate.Sum(ColumnOf(root.Arguments[0])).Over(),
            nameof(TypedWindow.Avg) => Aggregate.Avg(ColumnOf(root.Arguments[0])).Over(),
            nameof(TypedWindow.Min) => Aggregate.Min(ColumnOf(root.Arguments[0])).Over(),
            _ => Aggregate.Max(ColumnOf(root.Arguments[0])).Over(),
        };
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            var step = steps[i];
            window = step.Method.Name switch
            {
                nameof(WindowValue<int>.PartitionBy) when step.Arguments[0] is NewArrayExpression members =>
                    window.PartitionBy([.. members.Expressions.Select(ColumnOf)]),
                nameof(WindowValue<int>.PartitionBy) => throw Unsupported(step, "PartitionBy takes the members themselves, PartitionBy(x.A, x.B), not an array."),
                nameof(WindowValue<int>.OrderBy) => window.OrderBy(ColumnOf(step.Arguments[0])),
                _ => window.OrderByDescending(ColumnOf(step.Arguments[0])),
            };
        }
        return window;

        int Offset(Expression offset) => CapturedValue.Evaluate(offset) is int value ? value : 1;
    }

    /// <summary>The JSON column and path of a step inside a JSON member (<c>x.Meta.Address.City</c>), or null.</summary>
    private (string Column, JsonPath Path, JsonMapping Json)? JsonPathOf(Expression expression) => JsonMemberPath.Resolve(expression, _parameters, _scopes);

    /// <summary>Projection into an anonymous type or a constructor: each argument a column aliased to its member or parameter name.</summary>
    private ImmutableArray<SelectItem> VisitNew(NewExpression expression)
    {
        if (expression.Arguments.Count == 0) throw Unsupported(expression, "a projection must select at least one member.");
        var parameters = expression.Constructor?.GetParameters();
        var items = ImmutableArray.CreateBuilder<SelectItem>();
        for (var i = 0; i < expression.Arguments.Count; i++)
        {
            var alias = expression.Members?[i].Name ?? parameters?[i].Name
                ?? throw Unsupported(expression, "the constructor's parameters have no names.");
            items.Add(SelectItemOf(expression.Arguments[i], alias));
        }
        return items.ToImmutable();
    }

    /// <summary>Projection with an object initializer: <c>new Summary { Id = u.Id }</c>, each column aliased to the assigned member.</summary>
    private ImmutableArray<SelectItem> VisitMemberInit(MemberInitExpression expression)
    {
        var items = expression.NewExpression.Arguments.Count > 0 ? VisitNew(expression.NewExpression).ToBuilder() : ImmutableArray.CreateBuilder<SelectItem>();
        foreach (var binding in expression.Bindings)
        {
            if (binding is not MemberAssignment assignment) throw Unsupported(expression, "only plain member assignments can be projected.");
            items.Add(SelectItemOf(assignment.Expression, assignment.Member.Name));
        }
        if (items.Count == 0) throw Unsupported(expression, "a projection must select at least one member.");
        return items.ToImmutable();
    }

    /// <summary>
    /// The column a member access on the parameter names, through conversions, <c>Nullable.Value</c> and the property of a type that
    /// wraps one value (<c>u.Id.Value</c> for <c>record struct UserId(Guid Value)</c> names the column of <c>u.Id</c>, compared as a Guid).
    /// </summary>
    private string ColumnOf(Expression expression)
    {
        var stripped = StripConversions(expression);
        while (stripped is MemberExpression { Expression: { } inner } access && StripConversions(inner) is MemberExpression owner
            && ((access.Member.Name == "Value" && Nullable.GetUnderlyingType(inner.Type) is not null)
                || (IsWrappedProperty(inner.Type, access.Member) && !IsJsonColumn(owner))))
            stripped = StripConversions(inner);
        if (stripped is MemberExpression { Expression: ParameterExpression parameter } member && _parameters.IndexOf(parameter) is >= 0 and var index)
        {
            return _scopes[index].Resolve(member.Member)
                ?? throw Unsupported(expression, $"{member.Member.Name} is not a mapped column ([NotMapped] or not a public property or field).");
        }
        throw Unsupported(expression, _clause == "Where" ? WhereHelp : $"a {_clause} lambda must name a mapped member of its parameter, like x => x.Name.");
    }

    private static bool IsWrappedProperty(Type type, MemberInfo member) =>
        ValueWrapper.Property(type) is { } property && property.Name == member.Name && property.DeclaringType == member.DeclaringType;

    /// <summary>
    /// True when <paramref name="member"/> is a column stored as JSON: a property inside it is a step of a JSON path, never the value a
    /// wrapper type stores (<c>x.Contact.Value</c> of a <c>[JsonColumn] Email Contact</c> is <c>$.value</c> in the document).
    /// </summary>
    private bool IsJsonColumn(MemberExpression member) =>
        member.Expression is ParameterExpression parameter && _parameters.IndexOf(parameter) is >= 0 and var index
        && _scopes[index].Find(member.Member) is { } column && (column.IsJson || _scopes[index].Json.IsJsonType(column.Type));

    private bool IsBooleanColumn(Expression expression, out string column)
    {
        var stripped = StripConversions(expression);
        if (stripped is MemberExpression { Member.Name: "Value", Expression: { } inner } && Nullable.GetUnderlyingType(inner.Type) is not null)
            stripped = StripConversions(inner);
        if (stripped is MemberExpression { Expression: ParameterExpression parameter } member && _parameters.Contains(parameter)
            && (Nullable.GetUnderlyingType(member.Type) ?? member.Type) == typeof(bool))
        {
            column = ColumnOf(member);
            return true;
        }
        column = "";
        return false;
    }

    private static (Expression Collection, Expression Item)? CollectionAndItem(MethodCallExpression call)
    {
        if (call.Object is not null && call.Arguments.Count == 1 && call.Object.Type != typeof(string)) return (call.Object, call.Arguments[0]);
        if (call.Object is null && (call.Method.DeclaringType == typeof(Enumerable) || call.Method.DeclaringType == typeof(MemoryExtensions))
            && call.Arguments.Count is 2 or 3)
        {
            // MemoryExtensions.Contains(span, item[, comparer]) is what C# 14 binds array.Contains(item) to.
            if (call.Arguments.Count == 3 && !(call.Arguments[2] is ConstantExpression { Value: null })) return null;
            return (UnwrapSpan(call.Arguments[0]), call.Arguments[1]);
        }
        return null;
    }

    private static Expression UnwrapSpan(Expression expression) => expression switch
    {
        MethodCallExpression { Method.Name: "op_Implicit", Arguments: [var inner] } => inner,
        UnaryExpression { NodeType: ExpressionType.Convert, Method.Name: "op_Implicit" } u => u.Operand,
        _ => expression,
    };

    private static Expression StripConversions(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u) expression = u.Operand;
        return expression;
    }

    private bool UsesParameter(Expression expression) => ParameterFinder.Uses(expression, _parameters);

    internal static string EscapeLike(string text) => text
        .Replace(LikeEscape.ToString(), $"{LikeEscape}{LikeEscape}", StringComparison.Ordinal)
        .Replace("%", $"{LikeEscape}%", StringComparison.Ordinal)
        .Replace("_", $"{LikeEscape}_", StringComparison.Ordinal);

    private static ComparisonOperator Flip(ComparisonOperator op) => op switch
    {
        ComparisonOperator.LessThan => ComparisonOperator.GreaterThan,
        ComparisonOperator.LessThanOrEqual => ComparisonOperator.GreaterThanOrEqual,
        ComparisonOperator.GreaterThan => ComparisonOperator.LessThan,
        ComparisonOperator.GreaterThanOrEqual => ComparisonOperator.LessThanOrEqual,
        _ => op,
    };

    private NotSupportedException Unsupported(Expression expression, string reason) =>
        new($"{expression} is not supported in a {_clause} lambda: {reason}");
}
