using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Studio.Access;

/// <summary>
/// The studio's secrets: one-time sign-in tokens (each good for one use, printed in the URL) and the session value the
/// browser gets for a token, kept in an HttpOnly, SameSite=Strict cookie. Thread-safe.
/// </summary>
internal sealed class StudioAccess
{
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
    private readonly byte[] _session = RandomNumberGenerator.GetBytes(32);

    /// <summary>The query-string key that carries a sign-in token.</summary>
    public const string TokenParameter = "token";

    /// <summary>The port the studio listens on, set once Kestrel has bound it; 0 before.</summary>
    public int Port { get; set; }

    /// <summary>The cookie's name, with the port in it: cookies are not kept apart by port, two studios on one machine are.</summary>
    public string CookieName => $"strata-studio-{Port}";

    /// <summary>The antiforgery cookie's name, per port for the same reason.</summary>
    public string AntiforgeryCookieName => $"strata-studio-af-{Port}";

    /// <summary>The value the session cookie carries.</summary>
    public string SessionValue => Convert.ToBase64String(_session);

    /// <summary>Makes a new one-time token.</summary>
    public string IssueToken()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = 0;
        return token;
    }

    /// <summary>Uses up <paramref name="token"/>: true the first time a token this studio issued comes back, false after.</summary>
    public bool Redeem(string? token) => token is not null && _tokens.TryRemove(token, out _);

    /// <summary>True when <paramref name="cookie"/> is the session value; compared in constant time.</summary>
    public bool IsSession(string? cookie) =>
        cookie is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(SessionValue));

    /// <summary>
    /// True when the Host header names this studio: 127.0.0.1 or localhost with its port. Anything else is a page on another
    /// name that resolves to loopback (DNS rebinding) and is refused.
    /// </summary>
    public bool IsAllowedHost(string? host) =>
        string.Equals(host, $"127.0.0.1:{Port}", StringComparison.Ordinal) || string.Equals(host, $"localhost:{Port}", StringComparison.OrdinalIgnoreCase);
}
