using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class NamespaceTests
{
    [Fact]
    public async Task Namespaces_hold_separate_keys_and_outlive_a_reopen()
    {
        await using var s = TestStore.Open();
        var users = s.Store.Namespace("users");
        var sessions = s.Store.Namespace("sessions");
        await users.PutAsync("k", Bytes.Of("user"));
        await sessions.PutAsync("k", Bytes.Of("session"));
        await s.Store.PutAsync("k", Bytes.Of("default"));
        Assert.Equal("user", Bytes.Text(await users.GetAsync("k")));
        Assert.Equal("session", Bytes.Text(await sessions.GetAsync("k")));
        Assert.Same(users, s.Store.Namespace("users"));
        Assert.Same(s.Store, s.Store.Namespace("default"));
        Assert.Equal("users", users.Name);

        await s.ReopenAsync();
        Assert.Equal(["default", "sessions", "users"], s.Store.NamespaceNames);
        Assert.Equal("user", Bytes.Text(await s.Store.Namespace("users").GetAsync("k")));
        Assert.Equal("default", Bytes.Text(await s.Store.GetAsync("k")));
    }

    [Fact]
    public async Task A_dropped_namespace_loses_its_keys_and_its_old_object_refuses_use()
    {
        await using var s = TestStore.Open();
        var temp = s.Store.Namespace("temp");
        await temp.PutAsync("k", [1]);
        await s.Store.DropNamespaceAsync("temp");
        Assert.DoesNotContain("temp", s.Store.NamespaceNames);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await temp.GetAsync("k"));
        Assert.Contains("dropped", error.Message);
        Assert.False(await s.Store.Namespace("temp").ExistsAsync("k"));
        await s.Store.DropNamespaceAsync("never-created");
    }

    [Theory]
    [InlineData("")]
    [InlineData("__strata")]
    [InlineData("_private")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    public async Task Invalid_or_reserved_names_are_refused(string name)
    {
        await using var s = TestStore.Open();
        var error = Assert.Throws<ArgumentException>(() => s.Store.Namespace(name));
        Assert.Contains("not a valid namespace name", error.Message);
    }

    [Fact]
    public async Task The_default_namespace_cannot_be_dropped()
    {
        await using var s = TestStore.Open();
        await Assert.ThrowsAsync<ArgumentException>(async () => await s.Store.DropNamespaceAsync("default"));
    }
}
