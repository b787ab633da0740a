using System.Collections.ObjectModel;
using System.Linq.Expressions;

namespace Strata.Query;

/// <summary>Finds whether an expression refers to any of the lambda's parameters.</summary>
internal sealed class ParameterFinder(ReadOnlyCollection<ParameterExpression> parameters) : ExpressionVisitor
{
    private bool _found;

    public static bool Uses(Expression expression, ReadOnlyCollection<ParameterExpression> parameters)
    {
        var finder = new ParameterFinder(parameters);
        finder.Visit(expression);
        return finder._found;
    }

    public override Expression? Visit(Expression? node) => _found ? node : base.Visit(node);

    protected override Expression VisitParameter(ParameterExpression node)
    {
        if (parameters.Contains(node)) _found = true;
        return node;
    }
}
