using System.Text;
using Strata.Mapping;

namespace Strata;

/// <summary>
/// Turns a .NET member or type name into a column or table name. When rows are read, columns also match members by
/// their exact name and by their name with underscores between the words (<c>user_id</c> for <c>UserId</c>), ignoring
/// case, under every convention: a convention decides the names Strata writes (inserts, updates, typed queries) and
/// the preferred form when reading.
/// </summary>
/// <remarks>Implementations must be thread-safe and return the same output for the same input.</remarks>
public abstract class NamingConvention
{
    /// <summary><c>CreatedAt</c> → <c>created_at</c> (the default).</summary>
    public static NamingConvention SnakeCase { get; } = new SnakeCaseConvention();

    /// <summary>Names used as they are: <c>CreatedAt</c> → <c>CreatedAt</c>.</summary>
    public static NamingConvention Exact { get; } = new ExactConvention();

    /// <summary>Converts a member or type name.</summary>
    /// <param name="name">The .NET name.</param>
    public abstract string Convert(string name);

    private sealed class ExactConvention : NamingConvention
    {
        public override string Convert(string name) => name;
    }

    private sealed class SnakeCaseConvention : NamingConvention
    {
        public override string Convert(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            var builder = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (char.IsUpper(c))
                {
                    // A new word starts at an upper-case letter after a lower-case one or a digit, and at
                    // the last capital of an acronym followed by lower case ("HTTPServer" → "http_server").
                    var boundary = i > 0 && name[i - 1] != '_' &&
                        (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                         (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                    if (boundary) builder.Append('_');
                    builder.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    builder.Append(c);
                }
            }
            return builder.ToString();
        }
    }
}
