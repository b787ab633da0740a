using Strata.Schema;

namespace Strata.Sqlite;

/// <summary>Compiles schema-builder statements into Sqlite DDL.</summary>
public class SqliteDdlCompiler : DdlCompiler
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static SqliteDdlCompiler Instance { get; } = new();

    /// <inheritdoc />
    public override string TypeName(ColumnType type) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override Sql AutoIncrement(ColumnDefinition column) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override IEnumerable<Sql> VisitChangeColumn(string table, ChangeColumnAction action) => throw new NotImplementedException();
}
