using Strata.Modules;

namespace Strata.Tests;

/// <summary>Module discovery: manifests, dependency order, and the errors for bad manifests, cycles and missing modules.</summary>
public class SchemaModuleDiscoveryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "strata-modules", Guid.NewGuid().ToString("N"));

    public SchemaModuleDiscoveryTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Module(string folder, string manifest)
    {
        Directory.CreateDirectory(Path.Combine(_root, folder));
        File.WriteAllText(Path.Combine(_root, folder, "module.json"), manifest);
    }

    private IReadOnlyList<SchemaModule> Discover() => Modules().Discover();

    private SchemaModules Modules() => new(Database.Open("sqlite::memory:"), new SchemaModuleOptions().AddFolder(_root), new MigrationOptions());

    /// <summary>Writes <paramref name="path"/> (under the root) with <paramref name="text"/>, creating its folders.</summary>
    private void Write(string path, string text = "CREATE TABLE t (id INTEGER);")
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    [Fact]
    public void A_database_folder_with_schema_sql_is_a_module_named_by_its_path_without_a_manifest()
    {
        Write("core/config/database/schema.sql");
        Write("core/config/database/init.sql", "INSERT INTO t (id) VALUES (1);");
        Write("core/config/database/models/index.ts", "export interface T { id: number; }");
        Write("core/config/database/migrations/001_add_priority_column.sql", "ALTER TABLE t ADD COLUMN priority INTEGER;");
        Write("core/config/database/migrations/002_create_audit_table.sql", "CREATE TABLE audit (id INTEGER);");
        Write("core/auth/database/schema.sql");
        Write("core/auth/module.json", """{ "dependsOn": ["core/config"] }""");
        Write("core/README.md", "not a module");

        var modules = Modules().GetAll();

        Assert.Empty(modules.Warnings);
        Assert.Equal(["core/config", "core/auth"], modules.Select(m => m.Module.Name));
        var config = modules[0].Module;
        Assert.Equal(("002", 2, true), (config.Version, config.Migrations.Count, config.Init is not null));
        Assert.All(config.Migrations, m => Assert.Equal(("core/config", false), (m.Module, m.HasDown)));
        Assert.Equal("0", modules[1].Module.Version);
        Assert.Equal(["core/config"], modules[1].Module.DependsOn);
        Assert.Equal(Path.Combine(_root, "core", "auth"), modules[1].Module.Location);
    }

    [Fact]
    public void A_database_variant_of_a_file_is_chosen_when_present()
    {
        Write("shop/database/schema.sql", "CREATE TABLE items (id SERIAL PRIMARY KEY);");
        Write("shop/database/schema.sqlite.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT);");
        Write("shop/database/schema.postgres.sql", "CREATE TABLE items (id SERIAL PRIMARY KEY);");
        Write("shop/database/init.sql", "INSERT INTO items DEFAULT VALUES;");
        Write("shop/database/init.mysql.sql", "INSERT IGNORE INTO items () VALUES ();");

        var shop = Assert.Single(Discover());

        Assert.EndsWith("schema.sqlite.sql", shop.Schema!.Path, StringComparison.Ordinal);
        Assert.EndsWith("init.sql", shop.Init!.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_folder_without_schema_sql_is_a_warning_naming_it_and_its_dependents_are_left_out_with_one()
    {
        Write("core/users/database/init.sql", "INSERT INTO t (id) VALUES (1);");
        Write("app/profile/database/schema.sql");
        Write("app/profile/module.json", """{ "dependsOn": ["core/users"] }""");
        Write("app/other/database/schema.sql");

        var modules = Modules().GetAll();

        Assert.Equal(["app/other"], modules.Select(m => m.Module.Name));
        Assert.Equal([Path.Combine(_root, "app", "profile"), Path.Combine(_root, "core", "users")], modules.Warnings.Select(w => w.Location).Order(StringComparer.Ordinal));
        var missing = modules.Warnings.Single(w => w.Module == "core/users");
        Assert.Contains($"'{Path.Combine(_root, "core", "users")}' has a database folder but no database/schema.sql", missing.Message, StringComparison.Ordinal);
        Assert.Contains("depends on 'core/users', which is not usable", modules.Warnings.Single(w => w.Module == "app/profile").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_badly_named_migration_file_is_a_warning_naming_the_module_folder_and_the_file()
    {
        Write("billing/database/schema.sql");
        Write("billing/database/migrations/001_ok.sql", "ALTER TABLE t ADD COLUMN a INTEGER;");
        Write("billing/database/migrations/add_column.sql", "ALTER TABLE t ADD COLUMN b INTEGER;");
        Write("billing/database/migrations/notes.txt", "other files are ignored");

        var modules = Modules().GetAll();

        Assert.Empty(modules);
        var warning = Assert.Single(modules.Warnings);
        Assert.Equal((Path.Combine(_root, "billing"), "billing"), (warning.Location, warning.Module));
        Assert.Contains("(add_column.sql)", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("notes.txt", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_migration_file_in_a_module_is_an_error_naming_the_file()
    {
        Write("billing/database/schema.sql");
        Write("billing/database/migrations/001_bad.sql", "-- DOWN\nDROP TABLE t;\n-- UP\nCREATE TABLE t (id INTEGER);");

        var error = Assert.Throws<MigrationException>(Discover);

        Assert.EndsWith("001_bad.sql", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Modules_at_any_depth_are_ordered_after_their_dependencies()
    {
        Module("a", """{ "name": "a", "version": "1", "dependsOn": ["core/c", "b"] }""");
        Module("b", """{ "name": "b", "version": "1", "dependsOn": ["core/c"] }""");
        Module("core/c", """{ "Name": "core/c", "Version": "1", /* comments and trailing commas are fine */ }""");
        Module("z", """{ "name": "z", "version": "1" }""");

        Assert.Equal(["core/c", "b", "a", "z"], Discover().Select(m => m.Name));
    }

    [Fact]
    public void A_cycle_names_the_modules_in_it()
    {
        Module("a", """{ "name": "a", "version": "1", "dependsOn": ["b"] }""");
        Module("b", """{ "name": "b", "version": "1", "dependsOn": ["c"] }""");
        Module("c", """{ "name": "c", "version": "1", "dependsOn": ["a"] }""");

        var error = Assert.Throws<MigrationException>(Discover);

        Assert.Contains("cycle: a → b → c → a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_dependency_names_both_modules()
    {
        Module("a", """{ "name": "app/auth", "version": "1", "dependsOn": ["core/users"] }""");

        var error = Assert.Throws<MigrationException>(Discover);

        Assert.Contains("'app/auth' depends on 'core/users', which was not found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"name\": \"a\", \"version\": ", "not valid JSON at line 1")]
    [InlineData("{\n  \"name\": \"a\",\n  \"version\" \"1\"\n}", "not valid JSON at line 3")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{ \"name\": \"a b\", \"version\": \"1\" }", "not a module name")]
    [InlineData("{ \"name\": \"a\", \"version\": 1 }", "\"version\" that is not a non-empty string")]
    [InlineData("{ \"name\": \"a\", \"version\": \"1\", \"dependsOn\": \"b\" }", "not a list")]
    public void A_bad_manifest_names_its_file_and_what_is_expected(string manifest, string what)
    {
        Module("a", manifest);

        var error = Assert.Throws<MigrationException>(Discover);

        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("module.json", error.File, StringComparison.Ordinal);
        Assert.Contains("Expected {\"name\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_modules_with_one_name_are_refused()
    {
        Module("x", """{ "name": "same", "version": "1" }""");
        Module("y", """{ "name": "same", "version": "2" }""");

        Assert.Contains("Two modules are named 'same'", Assert.Throws<MigrationException>(Discover).Message, StringComparison.Ordinal);
    }
}
