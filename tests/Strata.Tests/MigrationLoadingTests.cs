
namespace Strata.Tests;

/// <summary>Reading migration files and classes: names, sections, versions, and the errors for bad input.</summary>
public class MigrationLoadingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "strata-loading", Guid.NewGuid().ToString("N"));

    public MigrationLoadingTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private IReadOnlyList<MigrationDefinition> Load(params (string Name, string Text)[] files)
    {
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(_folder, name), text);
        return new Migrator(Database.Open("sqlite::memory:"), new MigrationOptions().AddFolder(_folder)).LoadMigrations();
    }

    private MigrationException Refused(params (string Name, string Text)[] files) => Assert.Throws<MigrationException>(() => Load(files));

    [Theory]
    [InlineData("001_create_users.sql", "001", "create_users", MigrationFilePart.Both)]
    [InlineData("20250103143000_add-email.sql", "20250103143000", "add-email", MigrationFilePart.Both)]
    [InlineData("20250103_001_seed.up.sql", "20250103_001", "seed", MigrationFilePart.Up)]
    [InlineData("7_x.DOWN.sql", "7", "x", MigrationFilePart.Down)]
    public void File_names_give_version_name_and_part(string file, string version, string name, MigrationFilePart part) =>
        Assert.Equal(new MigrationFileName(version, name, part), MigrationFileName.TryParse(file));

    [Theory]
    [InlineData("002_audit.postgres.sql", "audit", MigrationFilePart.Both, "postgres")]
    [InlineData("002_audit.up.MySQL.sql", "audit", MigrationFilePart.Up, "mysql")]
    [InlineData("002_audit.down.sqlite.sql", "audit", MigrationFilePart.Down, "sqlite")]
    [InlineData("002_audit.up.sql", "audit", MigrationFilePart.Up, null)]
    public void A_database_tag_before_sql_makes_a_variant(string file, string name, MigrationFilePart part, string? tag) =>
        Assert.Equal(new MigrationFileName("002", name, part) { Tag = tag }, MigrationFileName.TryParse(file));

    [Fact]
    public void The_variant_for_the_database_replaces_the_plain_file_and_others_are_ignored()
    {
        var loaded = Load(
            ("001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);"),
            ("001_a.postgres.sql", "CREATE TABLE a (id SERIAL PRIMARY KEY);"),
            ("002_b.sql", "CREATE TABLE b (id INTEGER);"),
            ("002_b.sqlite.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);"),
            ("003_c.up.mysql.sql", "CREATE TABLE c (id INTEGER);"),
            ("003_c.up.sql", "CREATE TABLE c (id INTEGER);"));

        Assert.Equal(["001", "002", "003"], loaded.Select(m => m.Version));
        Assert.EndsWith("001_a.sql", loaded[0].Source, StringComparison.Ordinal);
        Assert.EndsWith("002_b.sqlite.sql", loaded[1].Source, StringComparison.Ordinal);
        Assert.EndsWith("003_c.up.sql", loaded[2].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_with_variants_for_other_databases_only_is_refused()
    {
        var error = Refused(("004_only_pg.postgres.sql", "CREATE EXTENSION citext;"));

        Assert.Contains("only variants for other databases", error.Message, StringComparison.Ordinal);
        Assert.Contains("'004_only_pg.sql'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'004_only_pg.sqlite.sql'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_section_lines_is_a_plain_up_only_migration()
    {
        var text = SqlMigrationText.Parse("f.sql", "-- adds the priority column\n-- strata:no-transaction\nALTER TABLE a ADD COLUMN priority INTEGER;\n");

        Assert.Equal(("-- adds the priority column\n-- strata:no-transaction\nALTER TABLE a ADD COLUMN priority INTEGER;\n", 1, null, true, true, true),
            (text.Up, text.UpLine, text.Down, text.NoTransaction, text.Irreversible, text.Plain));
        var loaded = Assert.Single(Load(("001_add_priority_column.sql", "ALTER TABLE a ADD COLUMN priority INTEGER;\nUPDATE a SET priority = 1;")));
        Assert.Equal(("add_priority_column", false, true), (loaded.Name, loaded.HasDown, loaded.Irreversible));
        Assert.Contains("unknown directive", Assert.Throws<MigrationException>(() => SqlMigrationText.Parse("f.sql", "-- strata:fast\nSELECT 1;")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create_users.sql")]
    [InlineData("001.sql")]
    [InlineData("001_1st.sql")]
    [InlineData("001_a b.sql")]
    [InlineData("001_users.txt")]
    public void Other_names_are_not_migration_names(string file) => Assert.Null(MigrationFileName.TryParse(file));

    [Fact]
    public void Versions_compare_as_numbers_group_by_group()
    {
        string[] versions = ["10", "2", "20250103_010", "20250103_002", "001", "20250103", "3"];
        Assert.Equal(["001", "2", "3", "10", "20250103", "20250103_002", "20250103_010"], versions.Order(MigrationVersion.Comparer));
        Assert.Equal(0, MigrationVersion.Comparer.Compare("007", "007"));
        Assert.NotEqual(0, MigrationVersion.Comparer.Compare("007", "7"));
    }

    [Fact]
    public void Sections_directives_and_lines_are_read()
    {
        var text = SqlMigrationText.Parse("f.sql", "-- a comment\n-- strata:no-transaction\n\n-- UP\nCREATE TABLE a (id int);\n-- DOWN\nDROP TABLE a;\n");

        Assert.Equal(("CREATE TABLE a (id int);", 5, "DROP TABLE a;\n", 7, true, false),
            (text.Up, text.UpLine, text.Down, text.DownLine, text.NoTransaction, text.Irreversible));
        Assert.Null(SqlMigrationText.Parse("f.sql", "-- UP\nSELECT 1;").Down);
        Assert.True(SqlMigrationText.Parse("f.sql", "-- strata:irreversible\n-- up\nSELECT 1;").Irreversible);
    }

    [Theory]
    [InlineData("", "is empty", 1)]
    [InlineData("   \n-- just a comment\n", "is empty", 1)]
    [InlineData("-- notes\nSELECT 1;\n-- UP\nSELECT 2;", "SQL before its '-- UP'", 2)]
    [InlineData("-- DOWN\nDROP TABLE a;\n-- UP\nCREATE TABLE a (id int);", "'-- DOWN' before '-- UP'", 1)]
    [InlineData("-- UP\nSELECT 1;\n-- UP\nSELECT 2;", "second '-- UP'", 3)]
    [InlineData("-- UP\nSELECT 1;\n-- DOWN\nSELECT 2;\n-- DOWN\n", "second '-- DOWN'", 5)]
    [InlineData("-- strata:transactionless\n-- UP\nSELECT 1;", "unknown directive", 1)]
    [InlineData("-- strata:irreversible\n-- UP\nSELECT 1;\n-- DOWN\nSELECT 2;", "irreversible", 4)]
    public void Malformed_files_are_refused_with_the_file_and_line(string text, string what, int line)
    {
        var error = Refused(("001_bad.sql", text));

        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("001_bad.sql", error.File, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        Assert.Contains($"(line {line})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_only_comments_and_no_up_line_says_so()
    {
        var error = Assert.Throws<MigrationException>(() => SqlMigrationText.Parse("f.sql", "-- DOWN is not here\n-- nor UP\n"));
        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_names_duplicate_versions_and_orphan_down_files_are_refused()
    {
        Assert.Contains("not named as a migration", Refused(("create_users.sql", "-- UP\nSELECT 1;")).Message, StringComparison.Ordinal);
        Directory.Delete(_folder, true);
        Directory.CreateDirectory(_folder);

        var duplicate = Refused(("001_a.sql", "-- UP\nSELECT 1;"), ("001_b.sql", "-- UP\nSELECT 2;"));
        Assert.Contains("001_a.sql", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("001_b.sql", duplicate.Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(_folder, "001_b.sql"));

        Assert.Contains("without its", Refused(("002_x.down.sql", "DROP TABLE x;")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Up_and_down_file_pairs_form_one_migration_with_a_checksum_over_both()
    {
        var first = Load(("003_pair.up.sql", "CREATE TABLE p (id int);"), ("003_pair.down.sql", "DROP TABLE p;"), ("004_up_only.up.sql", "SELECT 1;"));
        Assert.Equal([("003", true), ("004", false)], first.Select(m => (m.Version, m.HasDown)));

        File.WriteAllText(Path.Combine(_folder, "003_pair.down.sql"), "DROP TABLE p; -- changed");
        var changed = new Migrator(Database.Open("sqlite::memory:"), new MigrationOptions().AddFolder(_folder)).LoadMigrations();
        Assert.NotEqual(first[0].Checksum, changed[0].Checksum);
    }

    [Fact]
    public void Checksums_ignore_line_endings_and_trailing_spaces()
    {
        var unix = Load(("005_a.sql", "-- UP\nSELECT 1;\n-- DOWN\nSELECT 2;\n"));
        File.WriteAllText(Path.Combine(_folder, "005_a.sql"), "-- UP  \r\nSELECT 1;\r\n-- DOWN\r\nSELECT 2;\r\n\r\n");
        var windows = new Migrator(Database.Open("sqlite::memory:"), new MigrationOptions().AddFolder(_folder)).LoadMigrations();
        Assert.Equal(unix[0].Checksum, windows[0].Checksum);
        Assert.Equal(64, unix[0].Checksum.Length);
    }

    [Fact]
    public void Classes_need_the_attribute_a_valid_version_and_a_constructor()
    {
        Assert.Contains("no [Migration", Assert.Throws<MigrationException>(() => AssemblyMigrationSource.FromTypes(typeof(NoAttribute)).Load()).Message, StringComparison.Ordinal);
        Assert.Contains("not digits", Assert.Throws<MigrationException>(() => AssemblyMigrationSource.FromTypes(typeof(BadVersion)).Load()).Message, StringComparison.Ordinal);
        Assert.Contains("constructor", Assert.Throws<MigrationException>(() => AssemblyMigrationSource.FromTypes(typeof(NoConstructor)).Load()).Message, StringComparison.Ordinal);

        var loaded = AssemblyMigrationSource.FromTypes(typeof(UpOnly), typeof(Reversible)).Load();
        Assert.Equal([("1", false, MigrationKind.Code), ("2", true, MigrationKind.Code)], loaded.Select(m => (m.Version, m.HasDown, m.Kind)));
    }

    [Fact]
    public void A_code_and_a_file_migration_with_one_version_are_both_named()
    {
        File.WriteAllText(Path.Combine(_folder, "1_file.sql"), "-- UP\nSELECT 1;");
        var options = new MigrationOptions().AddFolder(_folder).AddTypes(typeof(UpOnly));

        var error = Assert.Throws<MigrationException>(() => new Migrator(Database.Open("sqlite::memory:"), options).LoadMigrations());

        Assert.Contains("1_file.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(UpOnly), error.Message, StringComparison.Ordinal);
    }

    private sealed class NoAttribute : Migration
    {
        public override Task UpAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Migration("v1", "bad")]
    private sealed class BadVersion : Migration
    {
        public override Task UpAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Migration("3", "needs an argument")]
    private sealed class NoConstructor(int value) : Migration
    {
        public override Task UpAsync(MigrationContext context, CancellationToken cancellationToken) => Task.FromResult(value);
    }

    [Migration("1", "up only")]
    public sealed class UpOnly : Migration
    {
        public override Task UpAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Migration("2", "reversible")]
    public sealed class Reversible : Migration
    {
        public override Task UpAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Migrations and modules shipped inside an assembly, read through its embedded-files manifest.</summary>
public class EmbeddedMigrationTests
{
    [Fact]
    public async Task Embedded_migrations_and_modules_load_and_apply_like_files_on_disk()
    {
        var assembly = typeof(EmbeddedMigrationTests).Assembly;
        var options = new DatabaseOptions { Url = "sqlite::memory:" };
        options.Migrations.AddEmbedded(assembly, "Embedded/migrations");
        options.Modules.AddAssembly(assembly, "Embedded/modules");
        await using var db = Database.Open(options);

        Assert.Equal([("001", true), ("002", false)], db.Migrator.LoadMigrations().Select(m => (m.Version, m.HasDown)));
        Assert.StartsWith("Strata.Tests:Embedded/migrations", db.Migrator.LoadMigrations()[0].Source, StringComparison.Ordinal);
        await db.Migrator.UpAsync();
        var module = Assert.Single(await db.Schemas.ApplyAsync());

        Assert.Equal(("shop", Strata.Modules.SchemaModuleState.UpToDate), (module.Module.Name, module.State));
        Assert.True(await db.Schema.HasTableAsync("embedded_b"));
        Assert.True(await db.Schema.HasColumnAsync("shop_items", "name"));
    }

    [Fact]
    public void An_assembly_without_a_manifest_is_refused_with_what_to_add() =>
        Assert.Contains("GenerateEmbeddedFilesManifest",
            Assert.Throws<MigrationException>(() => FileMigrationSource.FromAssembly(typeof(Database).Assembly, "Migrations")).Message, StringComparison.Ordinal);
}
