using Strata.Providers;

namespace Strata.Testing.Servers;

/// <summary>
/// Creates, copies, lists and drops whole databases on one kind of server, through the admin account. One small subclass per
/// kind of server, chosen by the URL's scheme: creating databases is outside what <see cref="Dialects.SqlDialect"/> describes.
/// </summary>
internal abstract class TestServer(string url, TestDatabaseOptions options)
{
    /// <summary>The test URL, with the database the test is given.</summary>
    protected string Url { get; } = url;

    /// <summary>The options.</summary>
    protected TestDatabaseOptions Options { get; } = options;

    /// <summary>The server for <paramref name="url"/>.</summary>
    /// <exception cref="NotSupportedException">The scheme is not one Strata.Testing can create databases on.</exception>
    public static TestServer For(string url, TestDatabaseOptions options)
    {
        var scheme = DatabaseUrl.Parse(url).Scheme;
        return scheme switch
        {
            "postgres" or "postgresql" => new PostgresTestServer(url, options),
            "mysql" or "mariadb" => new MySqlTestServer(url, options),
            _ => throw new NotSupportedException(
                $"Strata.Testing cannot create test databases for '{scheme}' URLs: use sqlite:, postgres:// or mariadb:// (or mysql://)."),
        };
    }

    /// <summary>Whether <see cref="CreateAsync"/> can copy a template.</summary>
    public abstract bool SupportsTemplates { get; }

    /// <summary>Creates the empty database <paramref name="name"/>, or a copy of <paramref name="template"/>.</summary>
    public abstract Task CreateAsync(string name, string? template, CancellationToken cancellationToken);

    /// <summary>Drops <paramref name="name"/> if it exists, closing what is still connected to it where the server can.</summary>
    public abstract Task DropAsync(string name, CancellationToken cancellationToken);

    /// <summary>The databases whose names start with <paramref name="prefix"/>.</summary>
    public abstract Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>The test URL with its database replaced by <paramref name="database"/>.</summary>
    public string UrlOf(string database)
    {
        var query = Url.IndexOf('?', StringComparison.Ordinal);
        var head = query < 0 ? Url : Url[..query];
        var tail = query < 0 ? "" : Url[query..];
        var authority = head.IndexOf("://", StringComparison.Ordinal) + 3;
        var slash = head.IndexOf('/', authority);
        return (slash < 0 ? head : head[..slash]) + "/" + database + tail;
    }

    /// <summary>Opens the admin account's database.</summary>
    protected Database OpenAdmin() => Database.Open(Options.Admin ?? new DatabaseOptions { Url = Url });

    /// <summary>Runs <paramref name="work"/> on the admin account's database.</summary>
    protected async Task<T> AdminAsync<T>(Func<Database, Task<T>> work)
    {
        var admin = OpenAdmin();
        await using (admin.ConfigureAwait(false))
            return await work(admin).ConfigureAwait(false);
    }

    /// <summary>The test URL's user.</summary>
    protected string? User => DatabaseUrl.Parse(Url).Username;

    /// <summary>Checks that a name is one Strata.Testing made (letters, digits, underscores), so it can be written into SQL as is.</summary>
    protected static string Checked(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
            ? name
            : throw new ArgumentException($"'{name}' is not a test database name: use lower-case letters, digits and underscores.", nameof(name));
}
