using System.Data.Common;

namespace Strata.Benchmarks;

/// <summary>The table contents and the rotation of keys shared by every benchmark.</summary>
public static class Workload
{
    /// <summary>Rows in the table.</summary>
    public const int RowCount = 10_000;

    /// <summary>Rows read by the list benchmarks.</summary>
    public const int PageSize = 1_000;

    /// <summary>Step between consecutive single-row keys: coprime with <see cref="RowCount"/>, so every row is visited in turn and neighbouring calls land on different pages.</summary>
    private const int IdStride = 97;

    public static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string NameOf(long id) => "user " + id;

    public static string EmailOf(long id) => "user" + id + "@example.com";

    public static int AgeOf(long id) => 18 + (int)(id % 60);

    public static DateTime CreatedAtOf(long id) => Epoch.AddMinutes(id);

    /// <summary>The next key in 1..<see cref="RowCount"/>.</summary>
    public static long NextId(ref long current) => current = (current + IdStride) % RowCount + 1;

    /// <summary>The next page start (rows start+1 .. start+<see cref="PageSize"/>).</summary>
    public static long NextPageStart(ref long current) => current = (current + PageSize) % RowCount;

    /// <summary>The hand-written mapping: typed getters by ordinal.</summary>
    public static User Read(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Name = reader.GetString(1),
        Email = reader.GetString(2),
        Age = reader.GetInt32(3),
        CreatedAt = reader.GetDateTime(4),
    };

    /// <summary>Throws unless <paramref name="actual"/> holds the seeded values for <paramref name="id"/>.</summary>
    public static void Check(User actual, long id, string who)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (actual.Id != id || actual.Name != NameOf(id) || actual.Email != EmailOf(id) || actual.Age != AgeOf(id) ||
            actual.CreatedAt.Ticks != CreatedAtOf(id).Ticks)
        {
            throw new InvalidOperationException(
                $"{who} read a wrong row for id {id}: {actual.Id}, {actual.Name}, {actual.Email}, {actual.Age}, {actual.CreatedAt:O}.");
        }
    }

    /// <summary>
    /// Throws unless a note read back from the table holds what <paramref name="note"/> was created with: the title, and
    /// both times to within a millisecond (a library may store fewer fractional digits; a time-zone shift is hours).
    /// </summary>
    public static void CheckStoredNote(Note note, string title, DateTime createdAt, DateTime updatedAt, string who)
    {
        ArgumentNullException.ThrowIfNull(note);
        var tolerance = TimeSpan.FromMilliseconds(1);
        if (title != note.Title || (createdAt - note.CreatedAt).Duration() >= tolerance || (updatedAt - note.UpdatedAt).Duration() >= tolerance)
        {
            throw new InvalidOperationException(
                $"{who} stored note {note.Id} as {title}, {createdAt:O}, {updatedAt:O} instead of {note.Title}, {note.CreatedAt:O}, {note.UpdatedAt:O}.");
        }
    }

    /// <summary>Throws unless <paramref name="page"/> is the full page after <paramref name="start"/>, in key order.</summary>
    public static void CheckPage(IReadOnlyList<User> page, long start, string who)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Count != PageSize) throw new InvalidOperationException($"{who} read {page.Count} rows instead of {PageSize}.");
        for (var i = 0; i < page.Count; i++) Check(page[i], start + i + 1, who);
    }
}
