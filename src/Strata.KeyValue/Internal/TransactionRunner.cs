using System.Data;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Polly;
using Polly.Retry;
using Strata.Diagnostics;

namespace Strata.KeyValue.Internal;

/// <summary>Runs <see cref="KeyValueStore.TransactionAsync{T}"/>: one transaction per attempt, retried on conflicts with Polly, as the SQL side does.</summary>
internal static class TransactionRunner
{
    /// <summary>Refuses the options a key-value transaction cannot honour, rather than ignoring them.</summary>
    public static void Check(TransactionOptions options)
    {
        if (options.Isolation is not (IsolationLevel.Unspecified or IsolationLevel.Snapshot))
            throw new ArgumentException(
                $"TransactionOptions.Isolation ({options.Isolation}) is not available on a key-value store: its transactions read a snapshot and fail on a conflicting write " +
                "(snapshot isolation, with the keys read by GetAsync checked too). Leave Isolation unset or use IsolationLevel.Snapshot.", nameof(options));
        if (options.Mode is not null)
            throw new ArgumentException($"TransactionOptions.Mode ({options.Mode}) is a SQLite setting; a key-value transaction takes no locks. Leave it unset.", nameof(options));
        if (options.VerifyCommit is not null)
            throw new ArgumentException("TransactionOptions.VerifyCommit is for servers that can drop a connection during COMMIT; a key-value store commits in this process, so the outcome is always known. Leave it unset.", nameof(options));
        if (options.Retries < 0)
            throw new ArgumentException($"TransactionOptions.Retries ({options.Retries}) must not be negative.", nameof(options));
    }

    public static Task<T> RunAsync<T>(KeyValueStore store, Func<KeyValueTransaction, Task<T>> work, TransactionOptions options, CancellationToken cancellationToken)
    {
        if (options.Retries == 0) return RunOnceAsync(store, work, options, 1, cancellationToken);
        var attempts = new StrongBox<int>();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = store.Time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<SerializationFailureException>(),
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    KeyValueLog.Retrying(store.Logger, store.Path, args.AttemptNumber + 2, options.Retries + 1, (long)args.RetryDelay.TotalMilliseconds);
                    KeyValueTelemetry.RecordRetry(store.Path, args.Outcome.Exception);
                    return default;
                },
            })
            .Build();
        return pipeline.ExecuteAsync(
            static async (state, token) => await RunOnceAsync(state.store, state.work, state.options, ++state.attempts.Value, token).ConfigureAwait(false),
            (store, work, options, attempts), cancellationToken).AsTask();
    }

    private static async Task<T> RunOnceAsync<T>(KeyValueStore store, Func<KeyValueTransaction, Task<T>> work, TransactionOptions options, int attempt,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = KeyValueTelemetry.Source.HasListeners()
            ? KeyValueTelemetry.Source.StartActivity("transaction " + System.IO.Path.GetFileName(store.Path), ActivityKind.Internal)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryNames.DbSystemName, KeyValueStore.SystemName);
            activity.SetTag(TelemetryNames.DbNamespace, store.Path);
            activity.SetTag(TelemetryNames.TransactionAttempt, attempt);
        }
        var transaction = KeyValueTransaction.Begin(store, options.ReadOnly, null);
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                var result = await work(transaction).ConfigureAwait(false);
                if (transaction.IsActive) await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                activity?.SetTag(TelemetryNames.TransactionOutcome, "committed");
                return result;
            }
            catch (Exception e)
            {
                if (activity is not null)
                {
                    activity.SetTag(TelemetryNames.TransactionOutcome, e is SerializationFailureException ? "failed" : "rolled_back");
                    KeyValueTelemetry.Fail(activity, e);
                }
                throw;
            }
        }
    }
}
