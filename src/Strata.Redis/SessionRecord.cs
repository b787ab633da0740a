using System.Text.Json;

namespace Strata.Redis;

/// <summary>A session as <see cref="SessionStore.GetAsync"/> read it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Data">Its fields, each a JSON value.</param>
/// <param name="UserId">The user it belongs to (the <see cref="SessionStoreOptions.UserIdField"/> field), or null.</param>
/// <param name="ExpiresAt">When it expires unless touched or updated.</param>
public sealed record SessionRecord(string Id, IReadOnlyDictionary<string, JsonElement> Data, string? UserId, DateTimeOffset ExpiresAt)
{
    /// <summary>The field <paramref name="name"/> read as <typeparamref name="T"/>, or default when it is missing.</summary>
    /// <param name="name">The field's name.</param>
    /// <exception cref="RedisSerializationException">The field is not a <typeparamref name="T"/>.</exception>
    public T? Get<T>(string name)
    {
        if (!Data.TryGetValue(name, out var value)) return default;
        try
        {
            return value.Deserialize<T>(SessionStore.Json);
        }
        catch (JsonException e)
        {
            throw new RedisSerializationException($"The session field '{name}' is not a {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>The whole session read as <typeparamref name="T"/> (fields matched to its members, case-insensitively).</summary>
    public T? As<T>() => JsonSerializer.SerializeToElement(Data, SessionStore.Json).Deserialize<T>(SessionStore.Json);
}
