namespace Strata.KeyValue.Tests.Migrations;

/// <summary>Indexes users by email in a namespace of their own.</summary>
[Migration("001", "Index users by email")]
public sealed class IndexUsersByEmail : KeyValueMigration
{
    public override async Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken)
    {
        var index = context.Namespace("users-by-email");
        await foreach (var user in context.Transaction.ScanAsync<User>("user:", cancellationToken: cancellationToken))
            await index.PutAsync(user.Value.Email, user.KeyText, cancellationToken);
    }

    public override async Task DownAsync(KeyValueMigrationContext context, CancellationToken cancellationToken)
    {
        var index = context.Namespace("users-by-email");
        await foreach (var entry in index.ScanAsync("", cancellationToken: cancellationToken)) await index.DeleteAsync(entry.Key, cancellationToken);
    }
}

/// <summary>Renames the key prefix "user:" to "u:", reading the first migration's writes in a dry run.</summary>
[Migration("002", "Shorter user keys")]
public sealed class ShorterUserKeys : KeyValueMigration
{
    public override async Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken)
    {
        await foreach (var user in context.Transaction.ScanAsync("user:", cancellationToken: cancellationToken))
        {
            await context.Transaction.PutAsync("u:" + user.KeyText[5..], user.Value, cancellationToken);
            await context.Transaction.DeleteAsync(user.Key, cancellationToken);
        }
    }
}

/// <summary>Writes, then fails: none of it may stay.</summary>
[Migration("003", "Fails half way")]
public sealed class FailsHalfWay : KeyValueMigration
{
    public override async Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken)
    {
        await context.Transaction.PutAsync("half", new byte[] { 1 }, cancellationToken);
        throw new InvalidOperationException("the third migration broke");
    }
}

[Migration("004", "Cannot be undone", Irreversible = true)]
public sealed class CannotBeUndone : IKeyValueMigration
{
    public Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken) => context.Transaction.PutAsync("one-way", new byte[] { 1 }, cancellationToken).AsTask();

    public Task DownAsync(KeyValueMigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class NoAttribute : KeyValueMigration
{
    public override Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

[Migration("001", "Same version as the first")]
public sealed class DuplicateVersion : KeyValueMigration
{
    public override Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed record User(string Name, string Email);
