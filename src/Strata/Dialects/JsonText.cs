namespace Strata.Dialects;

/// <summary>
/// A JSON value as a dialect receives it in <see cref="SqlDialect.AddParameter"/> and in bulk insert rows: the text Strata serialized
/// (from a <see cref="System.Text.Json.JsonDocument"/>, <see cref="System.Text.Json.JsonElement"/>,
/// <see cref="System.Text.Json.Nodes.JsonNode"/>, <see cref="JsonParameter"/> or a type marked as JSON), to be bound as the
/// database's JSON type where it has one (PostgreSQL's <c>jsonb</c>) and as text elsewhere.
/// </summary>
/// <param name="Json">Valid JSON text.</param>
public sealed record JsonText(string Json)
{
    /// <summary>The length only: values are never shown.</summary>
    public override string ToString() => $"JSON ({Json.Length} characters)";
}
