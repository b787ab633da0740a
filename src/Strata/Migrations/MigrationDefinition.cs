using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Strata.Scripts;

namespace Strata;

/// <summary>
/// One migration as its source describes it: version, name, kind, checksum and how to run each step. Built by the
/// <see cref="IMigrationSource"/>s; immutable.
/// </summary>
public sealed class MigrationDefinition
{
    /// <summary>What a C# migration's type must keep through trimming: its constructor, and its methods (to tell whether it has a down step).</summary>
    internal const DynamicallyAccessedMemberTypes TypeMembers = DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicMethods;

    [DynamicallyAccessedMembers(TypeMembers)]
    private readonly Type? _type;
    private readonly SqlMigrationText? _sql;

    private MigrationDefinition(string version, string name, MigrationKind kind, string source, string checksum, bool noTransaction, bool irreversible, bool hasDown,
        [DynamicallyAccessedMembers(TypeMembers)] Type? type, SqlMigrationText? sql, string? module)
    {
        Version = version;
        Name = name;
        Kind = kind;
        Source = source;
        Checksum = checksum;
        NoTransaction = noTransaction;
        Irreversible = irreversible;
        HasDown = hasDown && !irreversible;
        _type = type;
        _sql = sql;
        Module = module;
    }

    /// <summary>The version; migrations run in <see cref="MigrationVersion"/> order.</summary>
    public string Version { get; }

    /// <summary>The description.</summary>
    public string Name { get; }

    /// <summary>Code or SQL.</summary>
    public MigrationKind Kind { get; }

    /// <summary>Where it was found: the file path, resource name or type name.</summary>
    public string Source { get; }

    /// <summary>
    /// SHA-256 (hex) of the file's text with line endings and trailing spaces normalised, or of the type's full name for
    /// code; a changed checksum on an applied migration means its source changed after it ran.
    /// </summary>
    public string Checksum { get; }

    /// <summary>
    /// The migration runs without a transaction: each statement commits by itself, and a failure is recorded as on
    /// MySQL. SQLite still runs it inside the migration lock's transaction (it has no statement that refuses one but VACUUM).
    /// </summary>
    public bool NoTransaction { get; }

    /// <summary>Declared impossible to roll back.</summary>
    public bool Irreversible { get; }

    /// <summary>A plain SQL file without <c>-- UP</c>/<c>-- DOWN</c> lines: up-only, like <see cref="Irreversible"/> ones.</summary>
    internal bool PlainSql => _sql?.Plain == true;

    /// <summary>True when it has a down step (false for irreversible ones).</summary>
    public bool HasDown { get; }

    /// <summary>The module it belongs to, or null for the application's own migrations.</summary>
    public string? Module { get; }

    /// <summary>A copy that belongs to <paramref name="module"/>.</summary>
    internal MigrationDefinition ForModule(string module) =>
        new(Version, Name, Kind, Source, Checksum, NoTransaction, Irreversible, HasDown, _type, _sql, module);

    /// <summary>A migration from a C# type marked with <see cref="MigrationAttribute"/>.</summary>
    internal static MigrationDefinition FromType([DynamicallyAccessedMembers(TypeMembers)] Type type, MigrationAttribute attribute)
    {
        var down = type.GetMethod(nameof(IMigration.DownAsync), [typeof(MigrationContext), typeof(CancellationToken)]);
        var hasDown = down is not null && down.DeclaringType != typeof(Migration);
        return new MigrationDefinition(attribute.Version, attribute.Name, MigrationKind.Code, type.FullName ?? type.Name, Hash(type.FullName ?? type.Name),
            attribute.NoTransaction, attribute.Irreversible, hasDown, type, null, null);
    }

    /// <summary>A migration from SQL text (one file, or an up/down pair joined).</summary>
    internal static MigrationDefinition FromSql(MigrationFileName name, string source, SqlMigrationText sql, string checksumText) =>
        new(name.Version, name.Name, MigrationKind.Sql, source, Hash(Normalize(checksumText)), sql.NoTransaction, sql.Irreversible, sql.Down is not null, null, sql, null);

    /// <summary>Creates the C# migration's instance.</summary>
    internal IMigration CreateInstance() => (IMigration)Activator.CreateInstance(_type!)!;

    /// <summary>The SQL statements of a step, split by the dialect's rules; null for code migrations.</summary>
    internal IReadOnlyList<SqlScriptStatement>? Statements(bool up, SqlLexicalRules rules)
    {
        if (_sql is null) return null;
        var text = up ? _sql.Up : _sql.Down;
        return text is null ? [] : SqlScript.Split(text, rules, up ? _sql.UpLine : _sql.DownLine);
    }

    /// <summary>Line endings as LF, trailing spaces and blank edges removed: the text whose hash is the checksum.</summary>
    internal static string Normalize(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).Trim('\n');

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <inheritdoc />
    public override string ToString() => Module is null ? $"{Version} {Name}" : $"{Module}:{Version} {Name}";
}
