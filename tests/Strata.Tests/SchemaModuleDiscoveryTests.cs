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

    private IReadOnlyList<SchemaModule> Discover() =>
        new SchemaModules(Database.Open("sqlite::memory:"), new SchemaModuleOptions().AddFolder(_root), new MigrationOptions()).Discover();

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
    [InlineData("{ \"version\": \"1\" }", "has no \"name\"")]
    [InlineData("{ \"name\": \"a\" }", "has no \"version\"")]
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
