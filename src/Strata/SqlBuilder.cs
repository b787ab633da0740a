namespace Strata;

/// <summary>
/// Builds one fragment part by part into a single list, for compilers that write a statement in one pass: no
/// intermediate fragment per keyword, identifier or value.
/// </summary>
/// <remarks>Text given here is used as it is, like <see cref="Sql.Raw(string)"/>: only the compilers' own SQL, never input.</remarks>
internal readonly struct SqlBuilder(int capacity)
{
    private readonly List<SqlPart> _parts = new(capacity);

    public SqlBuilder Text(string text)
    {
        _parts.Add(new SqlPart(SqlPartKind.Text, text, null));
        return this;
    }

    /// <summary>An identifier, checked as <see cref="Sql.Identifier(string)"/> checks it.</summary>
    /// <exception cref="ArgumentException">The name is not a valid identifier.</exception>
    public SqlBuilder Identifier(string name)
    {
        SqlIdentifier.Validate(name);
        _parts.Add(new SqlPart(SqlPartKind.Identifier, name, null));
        return this;
    }

    /// <summary>A value: a <see cref="Sql"/> value inlined with its own parameters, anything else one parameter.</summary>
    public SqlBuilder Value(object? value)
    {
        if (value is Sql fragment) fragment.AppendPartsTo(_parts);
        else _parts.Add(new SqlPart(SqlPartKind.Parameter, null, value));
        return this;
    }

    public SqlBuilder Append(Sql fragment)
    {
        fragment.AppendPartsTo(_parts);
        return this;
    }

    public Sql ToSql() => Sql.FromParts(_parts);
}
