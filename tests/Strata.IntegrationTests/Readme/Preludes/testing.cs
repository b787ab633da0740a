// What the testing example assumes: the application's User entity and its migrations in the application's assembly.
using Strata;

var application = typeof(User).Assembly;

public sealed class User
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public bool IsAdmin { get; set; }
}
