using System.Text;

namespace Strata.Cli.CodeGen;

/// <summary>C# names from database names: <c>order_lines</c> → <c>OrderLines</c>, singular type names, keywords escaped.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue", "decimal", "default",
        "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto",
        "if", "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc",
        "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using",
        "virtual", "void", "volatile", "while",
    };

    /// <summary>PascalCase from snake_case, kebab-case or spaced words; a leading digit gets an underscore.</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (builder.Length == 0) builder.Append("Item");
        if (char.IsDigit(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }

    /// <summary>A type name for a table: its PascalCase name made singular where English makes it plainly (<c>categories</c> → <c>Category</c>).</summary>
    public static string TypeName(string table)
    {
        var pascal = Pascal(table);
        if (pascal.EndsWith("ies", StringComparison.Ordinal) && pascal.Length > 4) return pascal[..^3] + "y";
        if (pascal.EndsWith("sses", StringComparison.Ordinal) || pascal.EndsWith("xes", StringComparison.Ordinal) || pascal.EndsWith("ches", StringComparison.Ordinal)) return pascal[..^2];
        if (pascal.EndsWith('s') && !pascal.EndsWith("ss", StringComparison.Ordinal) && !pascal.EndsWith("us", StringComparison.Ordinal) && !pascal.EndsWith("is", StringComparison.Ordinal) && pascal.Length > 2)
            return pascal[..^1];
        return pascal;
    }

    /// <summary><paramref name="name"/> with <c>@</c> before it when it is a C# keyword.</summary>
    public static string Identifier(string name) => Keywords.Contains(name) ? "@" + name : name;

    /// <summary>A valid namespace (dotted PascalCase parts), or a usage error.</summary>
    public static string Namespace(string name)
    {
        var parts = name.Split('.');
        if (parts.Any(p => p.Length == 0 || !(char.IsLetter(p[0]) || p[0] == '_') || !p.All(c => char.IsLetterOrDigit(c) || c == '_') || Keywords.Contains(p)))
            throw new UsageException($"'{name}' is not a C# namespace: use dotted identifiers such as MyApp.Data.");
        return name;
    }

    /// <summary>The name, when it is letters, digits and underscores starting with a letter; else a usage error naming what is wrong.</summary>
    public static string RequireName(string name, string what)
    {
        if (name.Length == 0 || !char.IsLetter(name[0]) || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
            throw new UsageException($"'{name}' is not a {what} name: use letters, digits and underscores, starting with a letter (add_users_email).");
        return name;
    }
}
