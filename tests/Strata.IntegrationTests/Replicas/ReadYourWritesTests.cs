using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.Extensions.Time.Testing;
using Strata.IntegrationTests.Infrastructure;
using Strata.Query;

namespace Strata.IntegrationTests.Replicas;

/// <summary>
/// <see cref="DatabaseOptions.ReadYourWritesWindow"/>: after a write, reads in the same async flow stay on the primary
/// for the window, measured on a fake clock so that its end is exact.
/// </summary>
[Collection(ReplicaServer.Collection)]
public class ReadYourWritesTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    private static Task<bool> OnReplicaAsync(Database db) => db.ScalarAsync<bool>($"SELECT pg_is_in_recovery()");

    private static async Task<(Database Db, FakeTimeProvider Clock, string Table)> OpenAsync()
    {
        var clock = new FakeTimeProvider();
        var db = await ReplicaServer.OpenAsync(o =>
        {
            TestDatabase.SnakeCase(o); // the table's body column is written through an entity's Body member
            o.TimeProvider = clock;
            o.ReadYourWritesWindow = Window;
        });
        var table = TestDatabase.Table("replica_ryw");
        await db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body TEXT NOT NULL)");
        clock.Advance(Window);
        return (db, clock, table);
    }

    private static async Task DropAsync(Database db, string table)
    {
        await db.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        await db.DisposeAsync();
    }

    [ReplicaFact]
    public async Task After_a_write_reads_stay_on_the_primary_until_the_window_ends()
    {
        var (db, clock, table) = await OpenAsync();
        try
        {
            Assert.True(await OnReplicaAsync(db));
            await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (body) VALUES ('a')");

            Assert.False(await OnReplicaAsync(db));
            Assert.Equal(1, await db.From(table).CountAsync());
            clock.Advance(Window - TimeSpan.FromMilliseconds(1));
            Assert.False(await OnReplicaAsync(db));
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(await OnReplicaAsync(db));
        }
        finally
        {
            await DropAsync(db, table);
        }
    }

    [ReplicaFact]
    public async Task Transactions_builder_writes_bulk_inserts_and_repositories_mark_the_flow()
    {
        var (db, clock, table) = await OpenAsync();
        var writes = new (string Name, Func<Task> Write)[]
        {
            ("TransactionAsync", () => db.TransactionAsync(tx => tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (body) VALUES ('tx')"))),
            ("BeginTransactionAsync", async () =>
            {
                await using var tx = await db.BeginTransactionAsync();
                await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (body) VALUES ('manual')");
                await tx.CommitAsync();
            }),
            ("builder InsertAsync", () => db.From(table).InsertAsync(new { body = "builder" })),
            ("BulkInsertAsync", () => db.BulkInsertAsync(table, ["body"], new[] { new object?[] { "bulk" } })),
            ("repository CreateAsync", () => new Repository<Note, long>(db, new RepositoryOptions { Table = table }).CreateAsync(new Note { Body = "repo" })),
        };
        try
        {
            foreach (var (name, write) in writes)
            {
                Assert.True(await OnReplicaAsync(db), $"before {name}");
                await write();
                Assert.False(await OnReplicaAsync(db), $"right after {name}");
                clock.Advance(Window);
            }

            // A read-only transaction writes nothing, so it leaves reads where they were.
            await db.TransactionAsync(tx => tx.ScalarAsync<int>($"SELECT 1"), new TransactionOptions { ReadOnly = true });
            Assert.True(await OnReplicaAsync(db));

            // While a transaction is open, reads beside it stay on the primary too.
            await using (var open = await db.BeginTransactionAsync())
            {
                await open.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (body) VALUES ('open')");
                clock.Advance(Window * 10);
                Assert.False(await OnReplicaAsync(db));
            }
            clock.Advance(Window);
            Assert.True(await OnReplicaAsync(db));
        }
        finally
        {
            await DropAsync(db, table);
        }
    }

    [ReplicaFact]
    public async Task A_write_inside_an_async_helper_marks_the_callers_flow()
    {
        var (db, clock, table) = await OpenAsync();
        async Task AddNoteAsync(string body) => await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (body) VALUES ({body})");
        try
        {
            Assert.True(await OnReplicaAsync(db));
            await AddNoteAsync("from a helper");
            Assert.False(await OnReplicaAsync(db));
            clock.Advance(Window);
            Assert.True(await OnReplicaAsync(db));
        }
        finally
        {
            await DropAsync(db, table);
        }
    }

    [ReplicaFact]
    public async Task Another_flow_reads_from_the_replica_right_after_this_one_wrote()
    {
        var (db, _, table) = await OpenAsync();
        try
        {
            await db.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (body) VALUES ('mine')");
            Task<bool> other;
            using (ExecutionContext.SuppressFlow()) other = Task.Run(() => OnReplicaAsync(db));

            Assert.True(await other);
            Assert.False(await OnReplicaAsync(db));
        }
        finally
        {
            await DropAsync(db, table);
        }
    }

    [ReplicaFact]
    public async Task A_models_writes_mark_the_callers_flow_on_every_call()
    {
        var (db, clock, table) = await OpenAsync();
        await db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(RywModel.Table)} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body TEXT NOT NULL)");
        // Each call in a flow of its own, as each request is: the first makes the model's repository, the next ones reuse it.
        async Task<(bool AfterCreate, bool AfterSave, bool AfterUpdateByKey)> WriteThenReadAsync(int call)
        {
            using var models = ModelDatabase.Use(db);
            var note = await RywModel.CreateAsync(new RywModel { Body = $"call {call}" });
            var afterCreate = await OnReplicaAsync(db);
            clock.Advance(Window);
            note.Body = $"call {call}, saved";
            await note.SaveAsync();
            var afterSave = await OnReplicaAsync(db);
            clock.Advance(Window);
            await RywModel.UpdateAsync(note.Id, new { body = $"call {call}, updated" });
            return (afterCreate, afterSave, await OnReplicaAsync(db));
        }
        try
        {
            for (var call = 1; call <= 3; call++)
            {
                Task<(bool, bool, bool)> run;
                using (ExecutionContext.SuppressFlow()) run = Task.Run(() => WriteThenReadAsync(call));
                Assert.Equal((false, false, false), await run);
                clock.Advance(Window);
            }
            // The test's own flow wrote nothing through the models.
            Assert.True(await OnReplicaAsync(db));
        }
        finally
        {
            await db.ExecuteAsync($"DROP TABLE {Sql.Identifier(RywModel.Table)}");
            await DropAsync(db, table);
        }
    }

    [ReplicaFact]
    public async Task A_zero_window_turns_it_off()
    {
        await using var db = await ReplicaServer.OpenAsync(o => o.ReadYourWritesWindow = TimeSpan.Zero);
        var table = Sql.Identifier(TestDatabase.Table("replica_ryw_off"));
        await db.ExecuteAsync($"CREATE TABLE {table} (id INT)");
        try
        {
            Assert.True(await OnReplicaAsync(db));
        }
        finally
        {
            await db.ExecuteAsync($"DROP TABLE {table}");
        }
    }

    public sealed class Note
    {
        [DatabaseGenerated(DatabaseGeneratedOption.Identity)]
        public long Id { get; set; }

        public string Body { get; set; } = "";
    }

    [Table(Table)]
    public sealed class RywModel : Model<RywModel>
    {
        public const string Table = "replica_ryw_models";

        [DatabaseGenerated(DatabaseGeneratedOption.Identity)]
        public long Id { get; set; }

        public string Body { get; set; } = "";
    }
}
