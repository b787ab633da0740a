namespace Strata.IntegrationTests.TypeMapping;

/// <summary>A strongly-typed id of one Guid: converted without registration (it wraps one value).</summary>
public readonly record struct UserId(Guid Value);

/// <summary>A record class wrapping a string: converted without registration.</summary>
public sealed record Email(string Value);

/// <summary>A long id the database generates, wrapping one value.</summary>
public readonly record struct OrderId(long Value);

/// <summary>A strongly-typed id with no public constructor: only a registered converter teaches it (<see cref="DomainTypes.Register"/>).</summary>
public sealed class CustomerId : IEquatable<CustomerId>
{
    private CustomerId(Guid value) => Value = value;

    public Guid Value { get; }

    public static CustomerId From(Guid value) => new(value);

    public bool Equals(CustomerId? other) => other is not null && other.Value == Value;

    public override bool Equals(object? obj) => Equals(obj as CustomerId);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => $"customer {Value}";
}

/// <summary>A money amount in one column, made through a factory (no public constructor), with a converter class of its own.</summary>
public readonly struct Money : IEquatable<Money>
{
    private Money(decimal amount) => Amount = amount;

    public decimal Amount { get; }

    public static Money Of(decimal amount) => new(amount);

    public bool Equals(Money other) => Amount == other.Amount;

    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    public override int GetHashCode() => Amount.GetHashCode();

    public override string ToString() => Amount.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool operator ==(Money a, Money b) => a.Equals(b);

    public static bool operator !=(Money a, Money b) => !a.Equals(b);

    public static bool operator >(Money a, Money b) => a.Amount > b.Amount;

    public static bool operator <(Money a, Money b) => a.Amount < b.Amount;
}

/// <summary>Stores <see cref="Money"/> as its amount.</summary>
public sealed class MoneyConverter : ValueConverter<Money, decimal>
{
    public override decimal ToProvider(Money value) => value.Amount;

    public override Money FromProvider(decimal value) => Money.Of(value);
}

/// <summary>An enum-like smart type: a fixed set of instances with a code, stored as the code.</summary>
public sealed class Currency
{
    private Currency(string code, int digits)
    {
        Code = code;
        Digits = digits;
    }

    public static Currency Euro { get; } = new("EUR", 2);

    public static Currency Yen { get; } = new("JPY", 0);

    public static IReadOnlyList<Currency> All { get; } = [Euro, Yen];

    public string Code { get; }

    public int Digits { get; }

    public static Currency FromCode(string code) =>
        All.FirstOrDefault(c => c.Code == code) ?? throw new ArgumentException($"'{code}' is not a known currency code.", nameof(code));

    public override string ToString() => Code;
}

/// <summary>A nested document stored as JSON (marked on the type), with a list and nullable members.</summary>
[JsonColumn]
public sealed record Profile(string Name, List<string> Tags, Address? Home, int? Age);

public sealed record Address(string City, string? Zip);

/// <summary>Marked as JSON and also of the shape of a type that wraps one value: JSON comes first, so it is a document.</summary>
[JsonColumn]
public sealed record Label(string Text);

/// <summary>Of the shape of a type that wraps one value, listed in the options' JSON types: a document too.</summary>
public sealed record Note(string Text);

public static class DomainTypes
{
    /// <summary>Registers the converters the test types need (the wrappers need none).</summary>
    public static void Register(DatabaseOptions options)
    {
        options.Types
            .Add<CustomerId, Guid>(id => id.Value, CustomerId.From)
            .Add(new MoneyConverter())
            .Add<Currency, string>(c => c.Code, Currency.FromCode);
    }
}
