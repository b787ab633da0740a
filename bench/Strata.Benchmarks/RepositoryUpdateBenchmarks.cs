using BenchmarkDotNet.Attributes;
using Dapper;
using LinqToDB;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Strata.Plugins.Timestamps;
using L2 = LinqToDB.Async.AsyncExtensions;

namespace Strata.Benchmarks;

/// <summary>What the update benchmarks share: a notes table of <see cref="Rows"/> rows, walked one id after another.</summary>
internal static class NoteUpdates
{
    public const int Rows = 1000;

    /// <summary>The next note to change, and the title to give it (one of two, so no contender formats a string).</summary>
    public static (long Id, string Title) Next(ref long counter)
    {
        counter++;
        return (counter % Rows + 1, (counter / Rows) % 2 == 0 ? "note a" : "note b");
    }

    /// <summary>Runs each contender once and checks the note it returned and the one stored.</summary>
    public static async Task VerifyAsync(Func<long> counter, Repository<Note, long> notes, (Func<Task<Note>> Run, string Who)[] contenders)
    {
        foreach (var (run, who) in contenders)
        {
            var next = counter();
            var (id, title) = Next(ref next);
            Check(await run(), id, title, who);
            Check((await notes.FindByIdAsync(id))!, id, title, who + " (stored)");
        }
    }

    /// <summary>A model's values as a note, for the checks.</summary>
    public static async Task<Note> AsNote<TModel>(Task<TModel> saving, Func<TModel, Note> values) => values(await saving);

    /// <summary>The note in the reader's current row of <c>id, title, created_at, updated_at</c>.</summary>
    public static Note Read(System.Data.Common.DbDataReader reader) =>
        new() { Id = reader.GetInt64(0), Title = reader.GetString(1), CreatedAt = reader.GetDateTime(2), UpdatedAt = reader.GetDateTime(3) };

    public static void Check(Note note, long id, string title, string who)
    {
        if (note.Id != id || note.Title != title || note.UpdatedAt < note.CreatedAt || note.UpdatedAt.Year < 2024)
            throw new InvalidOperationException($"{who} returned note {note.Id} '{note.Title}' ({note.CreatedAt:O} / {note.UpdatedAt:O}), expected {id} '{title}'.");
    }
}

/// <summary>The notes of the SQLite update benchmark as an Active Record model.</summary>
[System.ComponentModel.DataAnnotations.Schema.Table("notes")]
public sealed class SqliteNoteModel : Model<SqliteNoteModel>
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>The notes of the PostgreSQL update benchmark as an Active Record model.</summary>
[System.ComponentModel.DataAnnotations.Schema.Table(PostgresBenchmarkBase.NotesTableName)]
public sealed class PostgresNoteModel : Model<PostgresNoteModel>
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// Read a note by key, change its title and save it, with the timestamps plugin setting <c>updated_at</c>, on SQLite:
/// <c>repository.FindByIdAsync</c> then <c>repository.UpdateAsync</c>, against the hand-written read and update on one
/// connection (ADO.NET, the baseline), Dapper, EF Core (a tracked entity and <c>SaveChanges</c>) and linq2db.
/// </summary>
public class SqliteRepositoryUpdate : SqliteBenchmarkBase
{
    private const string Select = "select id, title, created_at, updated_at from notes where id = @id";
    private const string Update = "update notes set title = @title, updated_at = @updated_at where id = @id";
    private const string UpdateAll =
        "update notes set title = @title, created_at = @created_at, updated_at = @updated_at where id = @id returning id, title, created_at, updated_at";
    private Repository<Note, long> _notes = null!;
    private long _counter;

    [Benchmark(Baseline = true)]
    public async Task<Note> AdoNet()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        Note note;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = Select;
            read.Parameters.Add(new SqliteParameter("@id", SqliteType.Integer) { Value = id });
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException("No row.");
            note = NoteUpdates.Read(reader);
        }
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await using var write = connection.CreateCommand();
        write.CommandText = Update;
        write.Parameters.Add(new SqliteParameter("@title", SqliteType.Text) { Value = note.Title });
        write.Parameters.Add(new SqliteParameter("@updated_at", SqliteType.Text) { Value = note.UpdatedAt });
        write.Parameters.Add(new SqliteParameter("@id", SqliteType.Integer) { Value = note.Id });
        await write.ExecuteNonQueryAsync();
        return note;
    }

    /// <summary>
    /// What the repository does, by hand: the read and the write each on its own pooled connection (as two methods of a
    /// hand-written repository class would), every non-key column written and the row read back as stored.
    /// </summary>
    [Benchmark]
    public async Task<Note> AdoNetSameWork()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        Note note;
        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var read = connection.CreateCommand();
            read.CommandText = Select;
            read.Parameters.Add(new SqliteParameter("@id", SqliteType.Integer) { Value = id });
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException("No row.");
            note = NoteUpdates.Read(reader);
        }
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await using var again = new SqliteConnection(ConnectionString);
        await again.OpenAsync();
        await using var write = again.CreateCommand();
        write.CommandText = UpdateAll;
        write.Parameters.Add(new SqliteParameter("@title", SqliteType.Text) { Value = note.Title });
        write.Parameters.Add(new SqliteParameter("@created_at", SqliteType.Text) { Value = note.CreatedAt });
        write.Parameters.Add(new SqliteParameter("@updated_at", SqliteType.Text) { Value = note.UpdatedAt });
        write.Parameters.Add(new SqliteParameter("@id", SqliteType.Integer) { Value = note.Id });
        await using var stored = await write.ExecuteReaderAsync();
        if (!await stored.ReadAsync()) throw new InvalidOperationException("No row.");
        return NoteUpdates.Read(stored);
    }

    [Benchmark]
    public async Task<Note> Dapper()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        var note = await connection.QueryFirstAsync<Note>(Select, new { id });
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await connection.ExecuteAsync(Update, new { title = note.Title, updated_at = note.UpdatedAt, id = note.Id });
        return note;
    }

    [Benchmark]
    public async Task<Note> Strata()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        var note = (await _notes.FindByIdAsync(id))!;
        note.Title = title;
        return await _notes.UpdateAsync(note);
    }

    /// <summary>The same with the notes as an Active Record model: <c>FindAsync</c>, then <c>SaveAsync</c>.</summary>
    [Benchmark]
    public async Task<SqliteNoteModel> StrataModel()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        var note = (await SqliteNoteModel.FindAsync(id))!;
        note.Title = title;
        await note.SaveAsync();
        return note;
    }

    [Benchmark]
    public async Task<Note> EfCore()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        await using var context = EfCoreContexts.CreateDbContext();
        var note = (await context.Notes.FindAsync(id))!;
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await context.SaveChangesAsync();
        return note;
    }

    [Benchmark]
    public async Task<Note> Linq2Db()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        await using var db = new DataConnection(Linq2DbOptions);
        var note = await L2.FirstAsync(db.GetTable<Note>(), n => n.Id == id);
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await db.UpdateAsync(note);
        return note;
    }

    protected override void Configure(DatabaseOptions options) => options.Plugins.Add(new TimestampsPlugin(), "notes");

    protected override async Task PrepareAsync()
    {
        await Db.ExecuteAsync($"create table notes (id integer primary key, title text not null, created_at text not null, updated_at text not null)");
        var now = DateTime.UtcNow;
        await Db.BulkInsertAsync("notes", Enumerable.Range(1, NoteUpdates.Rows).Select(i => new Note { Id = i, Title = "note", CreatedAt = now, UpdatedAt = now }));
        _notes = new Repository<Note, long>(Db, RepositoryOptions.Default with { Table = "notes" });
        ModelDatabase.Configure(Db);
    }

    protected override Task VerifyAsync() =>
        NoteUpdates.VerifyAsync(() => _counter, _notes, [(AdoNet, "ADO.NET"), (AdoNetSameWork, "ADO.NET, same work"), (Dapper, "Dapper"), (Strata, "Strata"), (() => NoteUpdates.AsNote(StrataModel(), m => new Note { Id = m.Id, Title = m.Title, CreatedAt = m.CreatedAt, UpdatedAt = m.UpdatedAt }), "Strata model"), (EfCore, "EF Core"), (Linq2Db, "linq2db")]);
}

/// <summary>Read, change and save one note on PostgreSQL, as <see cref="SqliteRepositoryUpdate"/>.</summary>
public class PostgresRepositoryUpdate : PostgresBenchmarkBase
{
    private const string Notes = "strata_bench_notes";
    private const string Select = $"select id, title, created_at, updated_at from {Notes} where id = $1";
    private const string Update = $"update {Notes} set title = $1, updated_at = $2 where id = $3";
    private const string UpdateAll =
        $"update {Notes} set title = $1, created_at = $2, updated_at = $3 where id = $4 returning id, title, created_at, updated_at";
    private Repository<Note, long> _notes = null!;
    private long _counter;

    [Benchmark(Baseline = true)]
    public async Task<Note> AdoNet()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        await using var connection = await DataSource.OpenConnectionAsync();
        Note note;
        await using (var read = new NpgsqlCommand(Select, connection))
        {
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException("No row.");
            note = NoteUpdates.Read(reader);
        }
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await using var write = new NpgsqlCommand(Update, connection);
        write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = note.Title });
        write.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = note.UpdatedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        write.Parameters.Add(new NpgsqlParameter<long> { TypedValue = note.Id });
        await write.ExecuteNonQueryAsync();
        return note;
    }

    /// <summary>What the repository does, by hand, as <see cref="SqliteRepositoryUpdate.AdoNetSameWork"/>.</summary>
    [Benchmark]
    public async Task<Note> AdoNetSameWork()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        Note note;
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            await using var read = new NpgsqlCommand(Select, connection);
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException("No row.");
            note = NoteUpdates.Read(reader);
        }
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await using var again = await DataSource.OpenConnectionAsync();
        await using var write = new NpgsqlCommand(UpdateAll, again);
        write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = note.Title });
        write.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = note.CreatedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        write.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = note.UpdatedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        write.Parameters.Add(new NpgsqlParameter<long> { TypedValue = note.Id });
        await using var stored = await write.ExecuteReaderAsync();
        if (!await stored.ReadAsync()) throw new InvalidOperationException("No row.");
        return NoteUpdates.Read(stored);
    }

    [Benchmark]
    public async Task<Note> Dapper()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        await using var connection = await DataSource.OpenConnectionAsync();
        var note = await connection.QueryFirstAsync<Note>($"select id, title, created_at, updated_at from {Notes} where id = @id", new { id });
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await connection.ExecuteAsync($"update {Notes} set title = @title, updated_at = @updated_at where id = @id", new { title = note.Title, updated_at = note.UpdatedAt, id = note.Id });
        return note;
    }

    [Benchmark]
    public async Task<Note> Strata()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        var note = (await _notes.FindByIdAsync(id))!;
        note.Title = title;
        return await _notes.UpdateAsync(note);
    }

    /// <summary>The same with the notes as an Active Record model: <c>FindAsync</c>, then <c>SaveAsync</c>.</summary>
    [Benchmark]
    public async Task<PostgresNoteModel> StrataModel()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        var note = (await PostgresNoteModel.FindAsync(id))!;
        note.Title = title;
        await note.SaveAsync();
        return note;
    }

    [Benchmark]
    public async Task<Note> EfCore()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        await using var context = EfCoreContexts.CreateDbContext();
        var note = (await context.Notes.FindAsync(id))!;
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await context.SaveChangesAsync();
        return note;
    }

    [Benchmark]
    public async Task<Note> Linq2Db()
    {
        var (id, title) = NoteUpdates.Next(ref _counter);
        await using var db = new DataConnection(Linq2DbOptions);
        var note = await L2.FirstAsync(db.GetTable<Note>(), n => n.Id == id);
        note.Title = title;
        note.UpdatedAt = DateTime.UtcNow;
        await db.UpdateAsync(note);
        return note;
    }

    protected override void Configure(DatabaseOptions options) => options.Plugins.Add(new TimestampsPlugin(), Notes);

    protected override async Task PrepareAsync()
    {
        await Db.ExecuteAsync($"drop table if exists {(global::Strata.Sql.Identifier(Notes))}");
        await Db.ExecuteAsync($"create table {(global::Strata.Sql.Identifier(Notes))} (id bigint primary key, title text not null, created_at timestamptz not null, updated_at timestamptz not null)");
        var now = DateTime.UtcNow;
        await Db.BulkInsertAsync(Notes, Enumerable.Range(1, NoteUpdates.Rows).Select(i => new Note { Id = i, Title = "note", CreatedAt = now, UpdatedAt = now }));
        _notes = new Repository<Note, long>(Db, RepositoryOptions.Default with { Table = Notes });
        ModelDatabase.Configure(Db);
    }

    protected override Task CleanupExtraAsync() => Db.ExecuteAsync($"drop table if exists {(global::Strata.Sql.Identifier(Notes))}");

    protected override Task VerifyAsync() =>
        NoteUpdates.VerifyAsync(() => _counter, _notes, [(AdoNet, "ADO.NET"), (AdoNetSameWork, "ADO.NET, same work"), (Dapper, "Dapper"), (Strata, "Strata"), (() => NoteUpdates.AsNote(StrataModel(), m => new Note { Id = m.Id, Title = m.Title, CreatedAt = m.CreatedAt, UpdatedAt = m.UpdatedAt }), "Strata model"), (EfCore, "EF Core"), (Linq2Db, "linq2db")]);
}
