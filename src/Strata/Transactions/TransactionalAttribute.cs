using System.Data;

namespace Strata;

/// <summary>
/// Runs a method of a service registered with <c>AddTransactional&lt;IService, Service&gt;()</c> inside a transaction:
/// committed when the returned task completes, rolled back when it throws. Repositories and queries on the same
/// database called from the method join it. On a class or interface it applies to every method.
/// </summary>
/// <remarks>
/// Only methods returning <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or
/// <see cref="ValueTask{TResult}"/> can be transactional; registration fails for any other. Called while a
/// transaction on the same database is already running (from another transactional method, say), the method runs in
/// a savepoint of it, so its failure undoes only its own work; <see cref="Isolation"/> and <see cref="Retries"/>
/// then do not apply. With retries the whole method runs again, so it must not have effects outside the database.
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Interface, Inherited = true)]
public sealed class TransactionalAttribute : Attribute
{
    /// <summary>The isolation level; the database's default when unspecified.</summary>
    public IsolationLevel Isolation { get; set; } = IsolationLevel.Unspecified;

    /// <summary>The database by name; the default database when null.</summary>
    public string? Database { get; set; }

    /// <summary>How many times to run the method again after a deadlock or serialization failure.</summary>
    public int Retries { get; set; }

    /// <summary>A read-only transaction.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>The options this attribute stands for.</summary>
    public TransactionOptions ToOptions() => new() { Isolation = Isolation, Retries = Retries, ReadOnly = ReadOnly };
}
