using Strata.IntegrationTests.Infrastructure;
using Strata.Modules;

namespace Strata.IntegrationTests.Migrations;

/// <summary>Modules that bring their own schema, data and migrations, discovered and applied on every database.</summary>
public class SchemaModuleTests
{
    private static void WriteModule(MigrationScope s, string folder, string manifest, string? schema = null, string? init = null, params (string Name, string Text)[] migrations)
    {
        var root = Path.Combine(s.Folder, "modules", folder);
        Directory.CreateDirectory(Path.Combine(root, "database", "migrations"));
        File.WriteAllText(Path.Combine(root, "module.json"), manifest);
        if (schema is not null) File.WriteAllText(Path.Combine(root, "database", "schema.sql"), schema.Replace("{p}", s.Prefix, StringComparison.Ordinal));
        if (init is not null) File.WriteAllText(Path.Combine(root, "database", "init.sql"), init.Replace("{p}", s.Prefix, StringComparison.Ordinal));
        foreach (var (name, text) in migrations)
            File.WriteAllText(Path.Combine(root, "database", "migrations", name), text.Replace("{p}", s.Prefix, StringComparison.Ordinal));
    }

    private static void WriteThree(MigrationScope s)
    {
        WriteModule(s, "core/users", """{ "name": "core/users", "version": "1.0.0" }""",
            "CREATE TABLE {p}_users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL);");
        WriteModule(s, "core/roles", """{ "name": "core/roles", "version": "2.1.0" }""",
            "CREATE TABLE {p}_roles (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);",
            "INSERT INTO {p}_roles (id, name) VALUES (1, 'admin');\nINSERT INTO {p}_roles (id, name) VALUES (2, 'user');");
        WriteModule(s, "app/auth", """{ "name": "app/auth", "version": "0.3.0", "dependsOn": ["core/users", "core/roles"] }""",
            "CREATE TABLE {p}_user_roles (user_id INTEGER NOT NULL REFERENCES {p}_users (id), role_id INTEGER NOT NULL REFERENCES {p}_roles (id));",
            null,
            ("001_granted_at.sql", "-- UP\nALTER TABLE {p}_user_roles ADD COLUMN granted_at VARCHAR(30);\n-- DOWN\nALTER TABLE {p}_user_roles DROP COLUMN granted_at;\n"));
    }

    private static SchemaModules Modules(MigrationScope s) =>
        new(s.Db, new SchemaModuleOptions { VersionsTable = s.Prefix + "_versions" }.AddFolder(Path.Combine(s.Folder, "modules")), s.Options());

    [Theory, AllDatabases]
    public async Task Modules_are_initialized_dependencies_first_then_migrated_and_a_second_run_changes_nothing(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        var modules = Modules(s);

        Assert.Equal(["core/roles", "core/users", "app/auth"], modules.Discover().Select(m => m.Name));
        Assert.All(modules.GetAll(), m => Assert.Equal(SchemaModuleState.Discovered, m.State));
        var first = await modules.ApplyAsync();
        var second = await Modules(s).ApplyAsync();

        Assert.All(first, m => Assert.Equal(SchemaModuleState.UpToDate, m.State));
        Assert.All(second, m => Assert.Equal(SchemaModuleState.UpToDate, m.State));
        Assert.Equal(2, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(s.Table("roles"))}"));
        Assert.True(await s.Db.Schema.HasColumnAsync(s.Table("user_roles"), "granted_at"));
        Assert.Equal([("app/auth", "0.3.0"), ("core/roles", "2.1.0"), ("core/users", "1.0.0")],
            await s.Db.QueryAsync<(string, string)>($"SELECT module, version FROM {Sql.Identifier(s.Prefix + "_versions")} ORDER BY module"));
        Assert.Equal([("app/auth", "001")], await s.Db.QueryAsync<(string, string)>($"SELECT module, version FROM {Sql.Identifier(s.History)}"));
        Assert.Equal(SchemaModuleState.UpToDate, modules.Get("app/auth")?.State);
        Assert.Null(modules.Get("nope"));
    }

    [Theory, AllDatabases]
    public async Task A_module_added_later_is_initialized_on_the_next_run_and_a_changed_schema_is_reported_not_rerun(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteThree(s);
        await Modules(s).ApplyAsync();

        WriteModule(s, "billing", """{ "name": "billing", "version": "1.0.0", "dependsOn": ["core/users"] }""",
            "CREATE TABLE {p}_invoices (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES {p}_users (id));");
        WriteModule(s, "core/roles", """{ "name": "core/roles", "version": "2.2.0" }""",
            "CREATE TABLE {p}_roles (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL);",
            "INSERT INTO {p}_roles (id, name) VALUES (1, 'admin');\nINSERT INTO {p}_roles (id, name) VALUES (2, 'user');");
        WriteModule(s, "app/auth", """{ "name": "app/auth", "version": "0.4.0", "dependsOn": ["core/users", "core/roles"] }""",
            "CREATE TABLE {p}_user_roles (user_id INTEGER NOT NULL REFERENCES {p}_users (id), role_id INTEGER NOT NULL REFERENCES {p}_roles (id));",
            null,
            ("001_granted_at.sql", "-- UP\nALTER TABLE {p}_user_roles ADD COLUMN granted_at VARCHAR(30);\n-- DOWN\nALTER TABLE {p}_user_roles DROP COLUMN granted_at;\n"),
            ("002_note.sql", "-- UP\nALTER TABLE {p}_user_roles ADD COLUMN note VARCHAR(30);\n-- DOWN\nALTER TABLE {p}_user_roles DROP COLUMN note;\n"));
        var pending = (await Modules(s).StatusAsync()).ToDictionary(m => m.Module.Name, m => m.State);
        var states = (await Modules(s).ApplyAsync()).ToDictionary(m => m.Module.Name, m => m.State);

        Assert.Equal(SchemaModuleState.Pending, pending["billing"]);
        Assert.Equal(SchemaModuleState.MigrationsPending, pending["app/auth"]);
        Assert.Equal(SchemaModuleState.UpToDate, states["billing"]);
        Assert.Equal(SchemaModuleState.SchemaChanged, states["core/roles"]);
        Assert.Equal(SchemaModuleState.UpToDate, states["app/auth"]);
        Assert.True(await s.HasTableAsync("invoices"));
        Assert.True(await s.Db.Schema.HasColumnAsync(s.Table("user_roles"), "note"));
        Assert.Equal(2, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(s.Table("roles"))}"));
        Assert.Equal(50, (await s.Db.Schema.IntrospectTableAsync(s.Table("roles")))!.FindColumn("name")!.MaxLength);
    }

    [Theory, AllDatabases]
    public async Task A_failing_schema_file_names_the_module_file_and_line(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        WriteModule(s, "broken", """{ "name": "broken", "version": "1.0.0" }""",
            "CREATE TABLE {p}_first (id INTEGER);\n\nCREATE TABLE {p}_second (id INTEGER, id INTEGER);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Modules(s).ApplyAsync());

        Assert.Contains("'broken'", error.Message, StringComparison.Ordinal);
        Assert.Equal((3, 2), (error.Line, error.Statement));
        Assert.EndsWith("schema.sql", error.File, StringComparison.Ordinal);
        Assert.Equal(SchemaModuleState.Pending, (await Modules(s).StatusAsync()).Single().State);
        Assert.Equal(!s.Db.Dialect.SupportsTransactionalDdl, await s.HasTableAsync("first"));
    }
}
