using System.Linq.Expressions;
using System.Reflection;

namespace Strata.Query;

/// <summary>Reads the value of a lambda sub-expression that does not use the lambda's parameter, when the query is built.</summary>
internal static class CapturedValue
{
    /// <summary>Evaluates a sub-expression that does not use the parameter; plain constants and member chains without compiling.</summary>
    public static object? Evaluate(Expression expression)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                return constant.Value;
            case MemberExpression { Member: FieldInfo field } member:
                return field.GetValue(member.Expression is null ? null : Evaluate(member.Expression));
            case MemberExpression { Member: PropertyInfo property } member when property.GetIndexParameters().Length == 0:
                var target = member.Expression is null ? null : Evaluate(member.Expression);
                return target is null && member.Expression is not null ? throw new InvalidOperationException($"{member.Expression} is null when the query is built, so {member} cannot be read.") : property.GetValue(target);
            case UnaryExpression { NodeType: ExpressionType.Convert, Method: null } convert when !convert.Type.IsByRefLike && !convert.Operand.Type.IsByRefLike:
                var value = Evaluate(convert.Operand);
                return value is null || convert.Type.IsInstanceOfType(value) ? value : Compile(expression);
            default:
                return Compile(expression);
        }
    }

    private static object? Compile(Expression expression) =>
        Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)();
}
