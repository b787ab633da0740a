using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strata.Testing;

/// <summary>
/// Test data from code and from files: <c>await db.SeedAsync(alice, bob, post)</c> saves entities through repositories, and
/// <c>await db.LoadFixturesAsync("Fixtures")</c> inserts the rows of JSON files named after their tables.
/// </summary>
public static partial class DataFixtures
{
    /// <summary>
    /// Saves each entity, in the order given, through a <see cref="Repository{TEntity, TKey}"/> of its type on
    /// <paramref name="session"/>: keys are filled in on the objects, and plugins (timestamps, tenants) apply.
    /// </summary>
    /// <param name="session">The database, or a transaction.</param>
    /// <param name="entities">Mapped entities (their table from <c>[Table]</c> or the type's name), parents before children; each gets the values the database filled in (key, timestamps).</param>
    /// <exception cref="ArgumentException">An entity's type has no key.</exception>
    /// <exception cref="DatabaseException">An insert failed; the entities saved before it stay.</exception>
    public static Task SeedAsync(this IDbSession session, params object[] entities) => SeedAsync(session, entities, CancellationToken.None);

    /// <summary>Saves each entity through a repository of its type (see <see cref="SeedAsync(IDbSession, object[])"/>).</summary>
    /// <param name="session">The database, or a transaction.</param>
    /// <param name="entities">Mapped entities, parents before children.</param>
    /// <param name="cancellationToken">Cancels the inserts; those done stay.</param>
    /// <exception cref="ArgumentException">An entity's type has no key.</exception>
    public static async Task SeedAsync(this IDbSession session, IEnumerable<object> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(entities);
        foreach (var entity in entities)
        {
            ArgumentNullException.ThrowIfNull(entity, nameof(entities));
            await EntityWriter.CreateAsync(session, entity, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Inserts the rows of every <c>*.json</c> file in <paramref name="folder"/>, in the order of the file names: the file
    /// <c>users.json</c> (or <c>01-users.json</c>, the number only ordering the files, parents first) holds an array of
    /// objects, one per row of <c>users</c>, whose properties are column names.
    /// </summary>
    /// <param name="session">The database, or a transaction.</param>
    /// <param name="folder">The folder of fixture files.</param>
    /// <param name="cancellationToken">Cancels the work; the rows inserted stay (unless the session is a transaction rolled back).</param>
    /// <returns>The number of rows inserted per table, in the order loaded.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="FormatException">A file is not an array of objects; the message names the file.</exception>
    public static async Task<IReadOnlyList<KeyValuePair<string, int>>> LoadFixturesAsync(this IDbSession session, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The fixture folder '{Path.GetFullPath(folder)}' does not exist.");
        var loaded = new List<KeyValuePair<string, int>>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var table = OrderPrefix().Replace(name, "");
            loaded.Add(KeyValuePair.Create(table, await LoadFixtureAsync(session, table, file, cancellationToken).ConfigureAwait(false)));
        }
        return loaded;
    }

    /// <summary>
    /// Inserts the rows of one JSON file (an array of objects whose properties are column names) into <paramref name="table"/>.
    /// JSON strings in ISO 8601 date form (<c>2024-05-01</c>, <c>2024-05-01T10:00:00Z</c>) are inserted as dates and times,
    /// nested objects and arrays as JSON text. Where rows carry their keys, the table's identity counter is moved past them
    /// (PostgreSQL), so later inserts without keys do not collide.
    /// </summary>
    /// <param name="session">The database, or a transaction.</param>
    /// <param name="table">The table.</param>
    /// <param name="file">The JSON file.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The number of rows inserted.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="FormatException">The file is not an array of objects.</exception>
    public static async Task<int> LoadFixtureAsync(this IDbSession session, string table, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        JsonDocument document;
        var stream = File.OpenRead(file);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new FormatException($"The fixture file '{file}' is not valid JSON: {e.Message}", e);
            }
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new FormatException($"The fixture file '{file}' must hold an array of objects, one per row of '{table}'; it holds a JSON {document.RootElement.ValueKind}.");
            var rows = 0;
            foreach (var row in document.RootElement.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"Row {rows + 1} of the fixture file '{file}' is a JSON {row.ValueKind}, not an object of column values.");
                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in row.EnumerateObject()) values[property.Name] = Value(property.Value);
                await session.From(table).InsertAsync(values, cancellationToken).ConfigureAwait(false);
                rows++;
            }
            if (rows > 0) await session.Dialect.Cleaner.SyncIdentityAsync(session, table, cancellationToken).ConfigureAwait(false);
            return rows;
        }
    }

    private static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.TryGetInt64(out var integer) ? integer : value.GetDecimal(),
        JsonValueKind.String => Text(value.GetString()!),
        _ => value.GetRawText(),
    };

    private static object Text(string text)
    {
        if (!IsoDate().IsMatch(text)) return text;
        if (text.Length == 10) return DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var moment) && HasOffset().IsMatch(text)
            ? moment.UtcDateTime
            : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    [GeneratedRegex(@"^\d+-")]
    private static partial Regex OrderPrefix();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex HasOffset();
}
