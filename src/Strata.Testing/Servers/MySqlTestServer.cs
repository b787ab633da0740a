namespace Strata.Testing.Servers;

/// <summary>
/// Test databases on MariaDB and MySQL. With an admin account the test URL's user is granted the new database, and the grant
/// is revoked when it is dropped (MariaDB keeps grants on dropped databases).
/// </summary>
internal sealed class MySqlTestServer(string url, TestDatabaseOptions options) : TestServer(url, options)
{
    public override bool SupportsTemplates => false;

    public override async Task CreateAsync(string name, string? template, CancellationToken cancellationToken)
    {
        if (template is not null) throw new NotSupportedException("MariaDB and MySQL have no template databases.");
        var grantee = await GranteeAsync(cancellationToken).ConfigureAwait(false);
        await AdminAsync(async admin =>
        {
            await admin.ExecuteAsync(Sql.Raw($"CREATE DATABASE {Checked(name)}"), cancellationToken).ConfigureAwait(false);
            if (grantee is not null) await admin.ExecuteAsync(Sql.Raw($"GRANT ALL PRIVILEGES ON {name}.* TO {grantee}"), cancellationToken).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false);
    }

    public override Task DropAsync(string name, CancellationToken cancellationToken) =>
        AdminAsync(async admin =>
        {
            await admin.ExecuteAsync(Sql.Raw($"DROP DATABASE IF EXISTS {Checked(name)}"), cancellationToken).ConfigureAwait(false);
            // MariaDB keeps grants on a dropped database: revoke each account's, whoever granted it.
            var grantees = await admin.QueryAsync<string>(
                $"SELECT DISTINCT grantee FROM information_schema.schema_privileges WHERE table_schema = {name}", cancellationToken).ConfigureAwait(false);
            foreach (var grantee in grantees)
                await admin.ExecuteAsync(Sql.Raw($"REVOKE ALL PRIVILEGES ON {name}.* FROM {grantee}"), cancellationToken).ConfigureAwait(false);
            return 0;
        });

    /// <remarks>Names that only a grant still mentions (its database dropped, the revoke missed) are listed too, so a sweep revokes them.</remarks>
    public override Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        AdminAsync(admin => admin.QueryAsync<string>(
            $"""
            SELECT schema_name FROM information_schema.schemata WHERE left(schema_name, {prefix.Length}) = {prefix}
            UNION SELECT DISTINCT table_schema FROM information_schema.schema_privileges WHERE left(table_schema, {prefix.Length}) = {prefix}
            """, cancellationToken));

    /// <summary>The test URL's account as <c>'user'@'host'</c> (asked of the server), or null when there is no admin account.</summary>
    private async Task<string?> GranteeAsync(CancellationToken cancellationToken)
    {
        if (Options.Admin is null) return null;
        var self = Database.Open(Url);
        await using (self.ConfigureAwait(false))
        {
            var account = await self.ScalarAsync<string>($"SELECT current_user()", cancellationToken).ConfigureAwait(false) ?? "";
            var at = account.LastIndexOf('@');
            return $"'{account[..at].Replace("'", "''", StringComparison.Ordinal)}'@'{account[(at + 1)..].Replace("'", "''", StringComparison.Ordinal)}'";
        }
    }
}
