namespace Strata.Redis;

/// <summary>
/// Sessions with a sliding expiry and a per-user index, as <see cref="SessionStore"/> keeps them in Redis; code that takes this
/// interface can be given an in-memory implementation in unit tests (Strata.Testing.Redis).
/// </summary>
public interface IRedisSessionStore
{
    /// <summary>Its options.</summary>
    SessionStoreOptions Options { get; }

    /// <summary>Creates a session holding <paramref name="data"/>'s top-level members and returns its new id.</summary>
    /// <param name="data">An object or dictionary of fields.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<string> CreateAsync(object data, CancellationToken cancellationToken = default);

    /// <summary>The session <paramref name="id"/>, or null when it does not exist or has expired. Reading does not extend it.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<SessionRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Extends the session by the store's time to live (the sliding expiry); false when it is gone.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<bool> TouchAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Merges <paramref name="changes"/>' members into the session and extends it; false when it is gone.</summary>
    /// <param name="id">The id.</param>
    /// <param name="changes">An object or dictionary of fields.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<bool> UpdateAsync(string id, object changes, CancellationToken cancellationToken = default);

    /// <summary>Ends the session; false when it was gone already.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<bool> DestroyAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The live sessions of <paramref name="userId"/>.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<IReadOnlyList<SessionRecord>> GetUserSessionsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of <paramref name="userId"/> and returns how many there were.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<int> DestroyUserSessionsAsync(string userId, CancellationToken cancellationToken = default);
}
