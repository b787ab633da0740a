using System.Data;

namespace Strata.IntegrationTests.Hosting;

public sealed class HostedNote
{
    public long Id { get; set; }

    public string Body { get; set; } = "";
}

/// <summary>The same rows as another entity type, to reach the open generic repository.</summary>
public sealed class HostedEntry
{
    public long Id { get; set; }

    public string Body { get; set; } = "";
}

/// <summary>A repository of the default database; its table comes from the <see cref="RepositoryOptions"/> in the container.</summary>
public sealed class HostedNoteRepository(IDbSession session, RepositoryOptions options) : Repository<HostedNote, long>(session, options)
{
    public IDbSession Injected { get; } = session;
}

/// <summary>A repository on the database named <c>analytics</c>.</summary>
[UseDatabase("analytics")]
public sealed class AnalyticsNoteRepository(IDatabase database, RepositoryOptions options) : Repository<HostedNote, long>(database, options)
{
    public IDatabase Database { get; } = database;
}

/// <summary>Takes the default and a named database, as an application's service would.</summary>
public sealed class ReportService(IDatabase main, [Microsoft.Extensions.DependencyInjection.FromKeyedServices("analytics")] IDatabase analytics)
{
    public IDatabase Main { get; } = main;

    public IDatabase Analytics { get; } = analytics;
}

public interface INoteService
{
    Task<long> AddAsync(string body, bool fail = false);

    Task AddAllAsync(IReadOnlyList<string> bodies, bool failAfter, bool catchInnerFailure);

    Task<bool> InTransactionAsync();

    Task<string> IsolationAsync(CancellationToken cancellationToken);

    ValueTask<int> AddWithDeadlockFirstAsync(string body);

    Task<long> CountAsync();
}

/// <summary>A service with transactional methods, calling a repository and itself through its interface (the way callers reach it).</summary>
public sealed class NoteService(HostedNoteRepository notes, IDatabase db, Lazy<INoteService> self, DeadlockCounter counter) : INoteService
{
    [Transactional]
    public async Task<long> AddAsync(string body, bool fail = false)
    {
        var note = await notes.CreateAsync(new HostedNote { Body = body });
        if (fail) throw new InvalidOperationException($"refused {body}");
        return note.Id;
    }

    [Transactional]
    public async Task AddAllAsync(IReadOnlyList<string> bodies, bool failAfter, bool catchInnerFailure)
    {
        foreach (var body in bodies)
        {
            try
            {
                await self.Value.AddAsync(body, fail: body.StartsWith("bad", StringComparison.Ordinal));
            }
            catch (InvalidOperationException) when (catchInnerFailure)
            {
            }
        }
        if (failAfter) throw new InvalidOperationException("the batch failed");
    }

    [Transactional]
    public Task<bool> InTransactionAsync() => Task.FromResult(db.CurrentTransaction is not null && notes.Injected.CurrentTransaction is not null);

    [Transactional(Isolation = IsolationLevel.Serializable)]
    public Task<string> IsolationAsync(CancellationToken cancellationToken) =>
        db.ScalarAsync<string>($"SHOW transaction_isolation", cancellationToken)!;

    [Transactional(Retries = 2)]
    public async ValueTask<int> AddWithDeadlockFirstAsync(string body)
    {
        var attempt = counter.Next();
        await notes.CreateAsync(new HostedNote { Body = body });
        if (attempt == 1) throw new DeadlockException("a deadlock, as the server would report it", new DatabaseErrorDetails("test", IsTransient: true), null);
        return attempt;
    }

    public Task<long> CountAsync() => notes.CountAsync();
}

public sealed class DeadlockCounter
{
    private int _attempts;

    public int Next() => Interlocked.Increment(ref _attempts);
}
