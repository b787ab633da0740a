using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Caching;

/// <summary>A cached read, as Strata hands it to an <see cref="IQueryResultCache"/>.</summary>
/// <remarks>
/// <see cref="Key"/> is a SHA-256 of the database's identity, the result's type and shape, the SQL text and the parameter
/// values, so equal queries share an entry in every process and no value appears in the key in clear.
/// </remarks>
public sealed class QueryCacheRequest
{
    private string? _key;
    private readonly string _sql;
    private readonly object?[] _values;
    private readonly string _shape;

    internal QueryCacheRequest(string database, string shape, string sql, object?[] values, IReadOnlyList<string> tables, TimeSpan ttl)
    {
        Database = database;
        _shape = shape;
        _sql = sql;
        _values = values;
        Tables = tables;
        Ttl = ttl;
    }

    /// <summary>The identity of the database read (its target without password, and naming convention).</summary>
    public string Database { get; }

    /// <summary>The tables the result depends on, lower case and without schema: a write to any of them invalidates it.</summary>
    /// <remarks>Empty for raw SQL given no tables: such a result expires only by its <see cref="Ttl"/>.</remarks>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>How long the result may be kept.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>The SQL text as sent (placeholders, no values), for logs and traces.</summary>
    public string Sql => _sql;

    /// <summary>A stable key: hex SHA-256 of the database, the result's shape, the SQL text and the parameter values.</summary>
    public string Key => _key ??= ComputeKey();

    private string ComputeKey()
    {
        var text = new StringBuilder(_sql.Length + 64);
        text.Append(Database).Append('\n').Append(_shape).Append('\n').Append(_sql).Append('\n');
        foreach (var value in _values) AppendValue(text, value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void AppendValue(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                text.Append("null;");
                return;
            case string s:
                text.Append("s:").Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s).Append(';');
                return;
            case byte[] bytes:
                text.Append("b:").Append(Convert.ToBase64String(bytes)).Append(';');
                return;
            case DateTime d:
                text.Append("dt:").Append(d.Ticks.ToString(CultureInfo.InvariantCulture)).Append(':').Append((int)d.Kind).Append(';');
                return;
            case DateTimeOffset o:
                text.Append("dto:").Append(o.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append(':').Append(o.Offset.Ticks.ToString(CultureInfo.InvariantCulture)).Append(';');
                return;
            case System.Text.Json.JsonDocument json:
                text.Append("j:").Append(json.RootElement.GetRawText()).Append(';');
                return;
            case System.Text.Json.JsonElement element:
                text.Append("j:").Append(element.GetRawText()).Append(';');
                return;
            case IEnumerable items:
                text.Append('[');
                foreach (var item in items) AppendValue(text, item);
                text.Append("];");
                return;
            case IFormattable formattable:
                text.Append(value.GetType().Name).Append(':').Append(formattable.ToString(null, CultureInfo.InvariantCulture)).Append(';');
                return;
            default:
                text.Append(value.GetType().FullName).Append(':').Append(value).Append(';');
                return;
        }
    }
}
