using System.Text;
using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class BasicOperationTests
{
    [Fact]
    public async Task A_put_value_is_read_back_and_a_deleted_one_is_gone()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("greeting", "hello"u8.ToArray());
        Assert.Equal("hello", Encoding.UTF8.GetString((await s.Store.GetAsync("greeting"))!));
        Assert.True(await s.Store.ExistsAsync("greeting"));

        await s.Store.DeleteAsync("greeting");
        Assert.Null(await s.Store.GetAsync("greeting"));
        Assert.False(await s.Store.ExistsAsync("greeting"));
    }

    [Fact]
    public async Task A_put_replaces_the_value_and_an_empty_value_is_a_value()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("k", "first"u8.ToArray());
        await s.Store.PutAsync("k", "second"u8.ToArray());
        Assert.Equal("second", Bytes.Text(await s.Store.GetAsync("k")));
        await s.Store.PutAsync("empty", Array.Empty<byte>());
        Assert.Equal("", Bytes.Text(await s.Store.GetAsync("empty")));
        Assert.True(await s.Store.ExistsAsync("empty"));
    }

    [Fact]
    public async Task String_keys_and_byte_keys_are_the_same_key_when_their_utf8_bytes_are()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("clé", "v"u8.ToArray());
        Assert.Equal("v", Encoding.UTF8.GetString((await s.Store.GetAsync(Encoding.UTF8.GetBytes("clé")))!));
        var binary = new byte[] { 0, 255, 7 };
        await s.Store.PutAsync(binary, "b"u8.ToArray());
        Assert.Equal("b", Bytes.Text(await s.Store.GetAsync(new byte[] { 0, 255, 7 })));
    }

    [Fact]
    public async Task Typed_values_round_trip_through_the_json_serializer()
    {
        await using var s = TestStore.Open();
        var user = new User("ada", "ada@example.com", 36);
        await s.Store.PutAsync("user:ada", user);
        Assert.Equal(user, await s.Store.GetAsync<User>("user:ada"));
        Assert.Null(await s.Store.GetAsync<User>("user:nobody"));
        Assert.Null(await s.Store.GetAsync<int?>("missing"));
        await s.Store.PutAsync("n", 0);
        Assert.Equal(0, await s.Store.GetAsync<int?>("n"));
        Assert.Equal("{\"name\":\"ada\",\"email\":\"ada@example.com\",\"age\":36}", Encoding.UTF8.GetString((await s.Store.GetAsync("user:ada"))!));
    }

    [Fact]
    public async Task A_value_that_is_not_the_type_asked_for_is_a_format_error()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("text", "not json"u8.ToArray());
        var error = await Assert.ThrowsAsync<FormatException>(async () => await s.Store.GetAsync<User>("text"));
        Assert.Contains("User", error.Message);
    }

    [Fact]
    public async Task Values_survive_closing_and_reopening()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("kept", 42);
        await s.ReopenAsync();
        Assert.False(s.Store.Created);
        Assert.Equal(42, await s.Store.GetAsync<int>("kept"));
    }

    [Fact]
    public async Task The_work_completes_synchronously_on_the_callers_thread()
    {
        await using var s = TestStore.Open();
        var put = s.Store.PutAsync("k", "v"u8.ToArray()).AsTask();
        var get = s.Store.GetAsync("k").AsTask();
        Assert.True(put.IsCompletedSuccessfully);
        Assert.True(get.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_token_stops_a_call_before_it_runs()
    {
        await using var s = TestStore.Open();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await s.Store.PutAsync("k", "v"u8.ToArray(), cancelled.Token));
        Assert.False(await s.Store.ExistsAsync("k"));
    }

    public sealed record User(string Name, string Email, int Age);
}
