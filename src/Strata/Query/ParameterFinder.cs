using System.Linq.Expressions;

namespace Strata.Query;

/// <summary>Finds whether an expression refers to the lambda's parameter.</summary>
internal sealed class ParameterFinder(ParameterExpression parameter) : ExpressionVisitor
{
    private bool _found;

    public static bool Uses(Expression expression, ParameterExpression parameter)
    {
        var finder = new ParameterFinder(parameter);
        finder.Visit(expression);
        return finder._found;
    }

    public override Expression? Visit(Expression? node) => _found ? node : base.Visit(node);

    protected override Expression VisitParameter(ParameterExpression node)
    {
        if (node == parameter) _found = true;
        return node;
    }
}
