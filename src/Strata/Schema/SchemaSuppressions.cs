using System.Diagnostics.CodeAnalysis;

// The schema builder names its column kinds after the SQL types they create (String, Integer, Decimal, Float,
// Double), as schema builders in other ecosystems do; the clash with .NET type names is intended.
[assembly: SuppressMessage("Naming", "CA1720:Identifier contains type name", Scope = "namespaceanddescendants", Target = "~N:Strata.Schema",
    Justification = "Column kinds are named after the SQL types they create.")]
[assembly: SuppressMessage("Naming", "CA1720:Identifier contains type name", Scope = "type", Target = "~T:Strata.ColumnType",
    Justification = "Column kinds are named after the SQL types they create.")]
[assembly: SuppressMessage("Naming", "CA1720:Identifier contains type name", Scope = "type", Target = "~T:Strata.ColumnDeclarations",
    Justification = "Column kinds are named after the SQL types they create.")]
