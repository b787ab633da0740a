using System.Text;

namespace Strata.KeyValue;

/// <summary>
/// A key: a string (stored as its UTF-8 bytes) or bytes. Keys are ordered bytewise, so string keys sort by their UTF-8
/// bytes (which is code-point order, not culture order) and numbers sort correctly only when written big-endian or
/// zero-padded. Converts implicitly from <see cref="string"/> and <see cref="byte"/> arrays.
/// </summary>
/// <remarks>
/// A byte array is used as it is, not copied: do not change it while a call that was given it runs. Null and empty keys
/// are rejected by the methods that take a key (an empty prefix is allowed where it means "every key").
/// </remarks>
public readonly struct StoreKey : IEquatable<StoreKey>
{
    // Strings up to this many UTF-16 characters are encoded on the stack (3 bytes a character at most).
    internal const int StackChars = 128;
    private readonly object? _value;

    private StoreKey(object? value) => _value = value;

    /// <summary>True when the key was made from a null string or array.</summary>
    public bool IsNull => _value is null;

    /// <summary>True for a null key, an empty string or an empty array.</summary>
    public bool IsEmpty => _value switch { string s => s.Length == 0, byte[] b => b.Length == 0, _ => true };

    /// <summary>A key from a string, stored as its UTF-8 bytes.</summary>
    /// <param name="key">The key.</param>
    public static StoreKey FromString(string? key) => new(key);

    /// <summary>A key from bytes, used as they are (not copied).</summary>
    /// <param name="key">The key.</param>
    public static StoreKey FromBytes(byte[]? key) => new(key);

    /// <summary>A key from a string, stored as its UTF-8 bytes.</summary>
    /// <param name="key">The key.</param>
    public static implicit operator StoreKey(string? key) => new(key);

    /// <summary>A key from bytes, used as they are.</summary>
    /// <param name="key">The key.</param>
    public static implicit operator StoreKey(byte[]? key) => new(key);

    /// <summary>The key's bytes: a new array for a string key, the array itself for a byte key (empty for a null key).</summary>
    public byte[] ToArray() => _value switch { string s => Encoding.UTF8.GetBytes(s), byte[] b => b, _ => [] };

    /// <summary>The key as text: the string it was made from, or its bytes read as UTF-8.</summary>
    public override string ToString() => _value switch { string s => s, byte[] b => Encoding.UTF8.GetString(b), _ => "" };

    /// <summary>
    /// The stack buffer <see cref="Encode"/> wants: three bytes a character for a string key of up to <see cref="StackChars"/>
    /// characters, none for bytes (used as they are) or a longer string. Sized to the key so that callers zero no more stack
    /// than it needs.
    /// </summary>
    internal int StackBufferLength => _value is string { Length: <= StackChars } text ? text.Length * 3 : 0;

    /// <summary>The key's bytes in <paramref name="buffer"/> when a string key fits there, else in a new array; checks it first.</summary>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty and <paramref name="allowEmpty"/> is false.</exception>
    internal ReadOnlySpan<byte> Encode(Span<byte> buffer, string parameter, bool allowEmpty = false)
    {
        Check(parameter, allowEmpty);
        if (_value is byte[] bytes) return bytes;
        var text = (string)_value!;
        if (text.Length <= StackChars && buffer.Length >= text.Length * 3)
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            return buffer[..written];
        }
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The key's bytes in an array of their own (byte keys are copied, so later changes to the caller's array do not reach it).</summary>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty and <paramref name="allowEmpty"/> is false.</exception>
    internal byte[] ToOwnedArray(string parameter, bool allowEmpty = false)
    {
        Check(parameter, allowEmpty);
        return _value is byte[] bytes ? bytes.ToArray() : Encoding.UTF8.GetBytes((string)_value!);
    }

    private void Check(string parameter, bool allowEmpty)
    {
        if (_value is null) throw new ArgumentNullException(parameter, "The key is null: give a non-empty string or byte array.");
        if (!allowEmpty && IsEmpty)
            throw new ArgumentException("The key is empty: give at least one character or byte (keys order the store, and an empty key cannot be told from 'no key').", parameter);
    }

    /// <inheritdoc />
    public bool Equals(StoreKey other) => ToArray().AsSpan().SequenceEqual(other.ToArray());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StoreKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(ToArray());
        return hash.ToHashCode();
    }

    /// <summary>True when both keys have the same bytes.</summary>
    public static bool operator ==(StoreKey left, StoreKey right) => left.Equals(right);

    /// <summary>True when the keys' bytes differ.</summary>
    public static bool operator !=(StoreKey left, StoreKey right) => !left.Equals(right);
}
