namespace Strata.Testing.Servers;

/// <summary>Test databases on PostgreSQL: <c>CREATE DATABASE … TEMPLATE …</c> copies, <c>DROP DATABASE … WITH (FORCE)</c>.</summary>
internal sealed class PostgresTestServer(string url, TestDatabaseOptions options) : TestServer(url, options)
{
    public override bool SupportsTemplates => true;

    public override async Task CreateAsync(string name, string? template, CancellationToken cancellationToken)
    {
        var sql = $"CREATE DATABASE {Checked(name)}";
        if (template is not null) sql += $" TEMPLATE {Checked(template)}";
        if (Options.Admin is not null && User is { } user) sql += $" OWNER {Sql.Identifier(user)}";
        await AdminAsync(async admin =>
        {
            // A copy fails while anything (autovacuum, say) is connected to the template; such a visit is brief.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await admin.ExecuteAsync(Sql.Raw(sql), cancellationToken).ConfigureAwait(false);
                }
                catch (DatabaseException e) when (template is not null && attempt < 10 && e.Message.Contains("being accessed by other users", StringComparison.Ordinal))
                {
                    await Task.Delay(100 * attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
    }

    public override Task DropAsync(string name, CancellationToken cancellationToken) =>
        AdminAsync(admin => admin.ExecuteAsync(Sql.Raw($"DROP DATABASE IF EXISTS {Checked(name)} WITH (FORCE)"), cancellationToken));

    public override Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        AdminAsync(admin => admin.QueryAsync<string>($"SELECT datname FROM pg_database WHERE starts_with(datname, {prefix})", cancellationToken));
}
