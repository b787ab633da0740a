namespace Strata;

/// <summary>For the write methods that report a count only: the rows affected of an <see cref="ExecuteResult"/> to come.</summary>
internal static class ExecuteResultTasks
{
    public static async Task<int> RowsAffectedAsync(this Task<ExecuteResult> execution) => (await execution.ConfigureAwait(false)).RowsAffected;
}
