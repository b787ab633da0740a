using BenchmarkDotNet.Attributes;
using Dapper;
using LinqToDB;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Strata.Plugins.Timestamps;
using L2 = LinqToDB.Async.AsyncExtensions;

namespace Strata.Benchmarks;

/// <summary>A note written by the create benchmarks: a generated key, a title and the two timestamps.</summary>
public sealed class Note
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// <c>repository.FindByIdAsync(id)</c> on SQLite with the timestamps plugin on, against the hand-written read of the same row
/// (ADO.NET, the baseline) and Dapper.
/// </summary>
public class SqliteRepositoryFind : SqliteBenchmarkBase
{
    private const string Sql = "select id, name, email, age, created_at from users where id = @id";

    private static readonly Func<SqliteBenchContext, long, Task<User?>> CompiledFind =
        EF.CompileAsyncQuery((SqliteBenchContext context, long id) => context.Users.AsNoTracking().FirstOrDefault(u => u.Id == id));

    private Repository<User, long> _users = null!;
    private long _id;

    [Benchmark(Baseline = true)]
    public async Task<User> AdoNet()
    {
        var id = Workload.NextId(ref _id);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.Parameters.Add(new SqliteParameter("@id", SqliteType.Integer) { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException("No row.");
        return Workload.Read(reader);
    }

    [Benchmark]
    public async Task<User> Dapper()
    {
        var id = Workload.NextId(ref _id);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return await connection.QueryFirstAsync<User>(Sql, new { id });
    }

    [Benchmark]
    public async Task<User> Strata() => (await _users.FindByIdAsync(Workload.NextId(ref _id)))!;

    [Benchmark]
    public async Task<User> EfCore()
    {
        var id = Workload.NextId(ref _id);
        await using var context = EfCoreContexts.CreateDbContext();
        return (await context.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id))!;
    }

    [Benchmark]
    public async Task<User> EfCoreCompiled()
    {
        var id = Workload.NextId(ref _id);
        await using var context = EfCoreContexts.CreateDbContext();
        return (await CompiledFind(context, id))!;
    }

    [Benchmark]
    public async Task<User> Linq2Db()
    {
        var id = Workload.NextId(ref _id);
        await using var db = new DataConnection(Linq2DbOptions);
        return (await L2.FirstOrDefaultAsync(db.GetTable<User>(), u => u.Id == id))!;
    }

    protected override void Configure(DatabaseOptions options) => options.Plugins.Add(new TimestampsPlugin(), "users");

    protected override Task PrepareAsync()
    {
        _users = new Repository<User, long>(Db, RepositoryOptions.Default with { Table = "users" });
        return Task.CompletedTask;
    }

    protected override async Task VerifyAsync()
    {
        var id = _id;
        Workload.Check(await AdoNet(), Workload.NextId(ref id), "ADO.NET");
        Workload.Check(await Dapper(), Workload.NextId(ref id), "Dapper");
        Workload.Check(await Strata(), Workload.NextId(ref id), "Strata");
        Workload.Check(await EfCore(), Workload.NextId(ref id), "EF Core");
        Workload.Check(await EfCoreCompiled(), Workload.NextId(ref id), "EF Core compiled");
        Workload.Check(await Linq2Db(), Workload.NextId(ref id), "linq2db");
    }
}

/// <summary>
/// <c>repository.CreateAsync(note)</c> on SQLite with the timestamps plugin setting both times, against hand-written inserts that set
/// them too and read back the generated key (ADO.NET, the baseline) and Dapper.
/// </summary>
public class SqliteRepositoryCreate : SqliteBenchmarkBase
{
    private const string Sql = "insert into notes (title, created_at, updated_at) values (@title, @created_at, @updated_at) returning id";
    private Repository<Note, long> _notes = null!;

    [Benchmark(Baseline = true)]
    public async Task<Note> AdoNet()
    {
        var now = DateTime.UtcNow;
        var note = new Note { Title = "note", CreatedAt = now, UpdatedAt = now };
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.Parameters.Add(new SqliteParameter("@title", SqliteType.Text) { Value = note.Title });
        command.Parameters.Add(new SqliteParameter("@created_at", SqliteType.Text) { Value = now });
        command.Parameters.Add(new SqliteParameter("@updated_at", SqliteType.Text) { Value = now });
        note.Id = (long)(await command.ExecuteScalarAsync())!;
        return note;
    }

    [Benchmark]
    public async Task<Note> Dapper()
    {
        var now = DateTime.UtcNow;
        var note = new Note { Title = "note", CreatedAt = now, UpdatedAt = now };
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        note.Id = await connection.ExecuteScalarAsync<long>(Sql, new { title = note.Title, created_at = now, updated_at = now });
        return note;
    }

    [Benchmark]
    public Task<Note> Strata() => _notes.CreateAsync(new Note { Title = "note" });

    [Benchmark]
    public async Task<Note> EfCore()
    {
        var now = DateTime.UtcNow;
        var note = new Note { Title = "note", CreatedAt = now, UpdatedAt = now };
        await using var context = EfCoreContexts.CreateDbContext();
        context.Notes.Add(note);
        await context.SaveChangesAsync();
        return note;
    }

    [Benchmark]
    public async Task<Note> Linq2Db()
    {
        var now = DateTime.UtcNow;
        var note = new Note { Title = "note", CreatedAt = now, UpdatedAt = now };
        await using var db = new DataConnection(Linq2DbOptions);
        note.Id = await db.InsertWithInt64IdentityAsync(note);
        return note;
    }

    protected override void Configure(DatabaseOptions options) => options.Plugins.Add(new TimestampsPlugin(), "notes");

    protected override async Task PrepareAsync()
    {
        await Db.ExecuteAsync($"create table notes (id integer primary key autoincrement, title text not null, created_at text not null, updated_at text not null)");
        _notes = new Repository<Note, long>(Db, RepositoryOptions.Default with { Table = "notes" });
    }

    protected override async Task VerifyAsync()
    {
        var ado = await AdoNet();
        var dapper = await Dapper();
        var strata = await Strata();
        var efCore = await EfCore();
        var linq2Db = await Linq2Db();
        if (dapper.Id != ado.Id + 1 || strata.Id != ado.Id + 2 || strata.CreatedAt.Year < 2024 || strata.CreatedAt != strata.UpdatedAt)
            throw new InvalidOperationException($"Inserted ids {ado.Id}, {dapper.Id}, {strata.Id}; Strata's times {strata.CreatedAt:O}, {strata.UpdatedAt:O}.");
        if (efCore.Id != ado.Id + 3 || linq2Db.Id != ado.Id + 4)
            throw new InvalidOperationException($"EF Core inserted id {efCore.Id} and linq2db {linq2Db.Id}, expected {ado.Id + 3} and {ado.Id + 4}.");
        await CheckStoredAsync(efCore, "EF Core");
        await CheckStoredAsync(linq2Db, "linq2db");
    }

    private async Task CheckStoredAsync(Note note, string who)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "select title, created_at, updated_at from notes where id = @id";
        command.Parameters.Add(new SqliteParameter("@id", SqliteType.Integer) { Value = note.Id });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException($"{who} stored no note with id {note.Id}.");
        Workload.CheckStoredNote(note, reader.GetString(0), reader.GetDateTime(1), reader.GetDateTime(2), who);
    }
}

/// <summary><c>repository.FindByIdAsync(id)</c> on PostgreSQL, as <see cref="SqliteRepositoryFind"/>.</summary>
public class PostgresRepositoryFind : PostgresBenchmarkBase
{
    private const string Sql = $"select id, name, email, age, created_at from {Table} where id = $1";

    private static readonly Func<PostgresBenchContext, long, Task<User?>> CompiledFind =
        EF.CompileAsyncQuery((PostgresBenchContext context, long id) => context.Users.AsNoTracking().FirstOrDefault(u => u.Id == id));

    private Repository<User, long> _users = null!;
    private long _id;

    [Benchmark(Baseline = true)]
    public async Task<User> AdoNet()
    {
        var id = Workload.NextId(ref _id);
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException("No row.");
        return Workload.Read(reader);
    }

    [Benchmark]
    public async Task<User> Dapper()
    {
        var id = Workload.NextId(ref _id);
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.QueryFirstAsync<User>($"select id, name, email, age, created_at from {Table} where id = @id", new { id });
    }

    [Benchmark]
    public async Task<User> Strata() => (await _users.FindByIdAsync(Workload.NextId(ref _id)))!;

    [Benchmark]
    public async Task<User> EfCore()
    {
        var id = Workload.NextId(ref _id);
        await using var context = EfCoreContexts.CreateDbContext();
        return (await context.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id))!;
    }

    [Benchmark]
    public async Task<User> EfCoreCompiled()
    {
        var id = Workload.NextId(ref _id);
        await using var context = EfCoreContexts.CreateDbContext();
        return (await CompiledFind(context, id))!;
    }

    [Benchmark]
    public async Task<User> Linq2Db()
    {
        var id = Workload.NextId(ref _id);
        await using var db = new DataConnection(Linq2DbOptions);
        return (await L2.FirstOrDefaultAsync(db.GetTable<User>(), u => u.Id == id))!;
    }

    protected override void Configure(DatabaseOptions options) => options.Plugins.Add(new TimestampsPlugin(), Table);

    protected override Task PrepareAsync()
    {
        _users = new Repository<User, long>(Db, RepositoryOptions.Default with { Table = Table });
        return Task.CompletedTask;
    }

    protected override async Task VerifyAsync()
    {
        var start = _id;
        var id = start;
        Workload.Check(await AdoNet(), Workload.NextId(ref id), "ADO.NET");
        Workload.Check(await Dapper(), Workload.NextId(ref id), "Dapper");
        Workload.Check(await Strata(), Workload.NextId(ref id), "Strata");
        Workload.Check(await EfCore(), Workload.NextId(ref id), "EF Core");
        Workload.Check(await EfCoreCompiled(), Workload.NextId(ref id), "EF Core compiled");
        Workload.Check(await Linq2Db(), Workload.NextId(ref id), "linq2db");
    }
}

/// <summary><c>repository.CreateAsync(note)</c> on PostgreSQL, as <see cref="SqliteRepositoryCreate"/>.</summary>
public class PostgresRepositoryCreate : PostgresBenchmarkBase
{
    private const string Notes = NotesTableName;
    private Repository<Note, long> _notes = null!;

    [Benchmark(Baseline = true)]
    public async Task<Note> AdoNet()
    {
        var now = DateTime.UtcNow;
        var note = new Note { Title = "note", CreatedAt = now, UpdatedAt = now };
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"insert into {Notes} (title, created_at, updated_at) values ($1, $2, $3) returning id", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = note.Title });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        note.Id = (long)(await command.ExecuteScalarAsync())!;
        return note;
    }

    [Benchmark]
    public async Task<Note> Dapper()
    {
        var now = DateTime.UtcNow;
        var note = new Note { Title = "note", CreatedAt = now, UpdatedAt = now };
        await using var connection = await DataSource.OpenConnectionAsync();
        note.Id = await connection.ExecuteScalarAsync<long>(
            $"insert into {Notes} (title, created_at, updated_at) values (@title, @created_at, @updated_at) returning id", new { title = note.Title, created_at = now, updated_at = now });
        return note;
    }

    [Benchmark]
    public Task<Note> Strata() => _notes.CreateAsync(new Note { Title = "note" });

    [Benchmark]
    public async Task<Note> EfCore()
    {
        var now = DateTime.UtcNow;
        var note = new Note { Title = "note", CreatedAt = now, UpdatedAt = now };
        await using var context = EfCoreContexts.CreateDbContext();
        context.Notes.Add(note);
        await context.SaveChangesAsync();
        return note;
    }

    [Benchmark]
    public async Task<Note> Linq2Db()
    {
        var now = DateTime.UtcNow;
        var note = new Note { Title = "note", CreatedAt = now, UpdatedAt = now };
        await using var db = new DataConnection(Linq2DbOptions);
        note.Id = await db.InsertWithInt64IdentityAsync(note);
        return note;
    }

    protected override void Configure(DatabaseOptions options) => options.Plugins.Add(new TimestampsPlugin(), Notes);

    protected override async Task PrepareAsync()
    {
        await Db.ExecuteAsync($"drop table if exists {(global::Strata.Sql.Identifier(Notes))}");
        await Db.ExecuteAsync($"create table {(global::Strata.Sql.Identifier(Notes))} (id bigint generated by default as identity primary key, title text not null, created_at timestamptz not null, updated_at timestamptz not null)");
        _notes = new Repository<Note, long>(Db, RepositoryOptions.Default with { Table = Notes });
    }

    protected override Task CleanupExtraAsync() => Db.ExecuteAsync($"drop table if exists {(global::Strata.Sql.Identifier(Notes))}");

    protected override async Task VerifyAsync()
    {
        var ado = await AdoNet();
        var strata = await Strata();
        var efCore = await EfCore();
        var linq2Db = await Linq2Db();
        if (strata.Id <= ado.Id || strata.CreatedAt != strata.UpdatedAt || strata.CreatedAt.Year < 2024)
            throw new InvalidOperationException($"Inserted ids {ado.Id}, {strata.Id}; Strata's times {strata.CreatedAt:O}, {strata.UpdatedAt:O}.");
        if (efCore.Id <= strata.Id || linq2Db.Id <= efCore.Id)
            throw new InvalidOperationException($"EF Core inserted id {efCore.Id} and linq2db {linq2Db.Id} after {strata.Id}.");
        await CheckStoredAsync(efCore, "EF Core");
        await CheckStoredAsync(linq2Db, "linq2db");
    }

    private async Task CheckStoredAsync(Note note, string who)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"select title, created_at, updated_at from {Notes} where id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = note.Id });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException($"{who} stored no note with id {note.Id}.");
        Workload.CheckStoredNote(note, reader.GetString(0), reader.GetDateTime(1), reader.GetDateTime(2), who);
    }
}
