using Strata.Schema;

namespace Strata.MySql;

/// <summary>Compiles schema-builder statements into MySql DDL.</summary>
public class MySqlDdlCompiler : DdlCompiler
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static MySqlDdlCompiler Instance { get; } = new();

    /// <inheritdoc />
    public override string TypeName(ColumnType type) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override Sql AutoIncrement(ColumnDefinition column) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override IEnumerable<Sql> VisitChangeColumn(string table, ChangeColumnAction action) => throw new NotImplementedException();
}
