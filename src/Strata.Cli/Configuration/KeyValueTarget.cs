using Strata.KeyValue;

namespace Strata.Cli.Configuration;

/// <summary>The key-value store a command works on (a <c>rocksdb:</c> URL, or a store of the configuration), and where it came from.</summary>
/// <param name="Options">Its options, the directory an absolute path.</param>
/// <param name="Source">Where it came from, for messages: <c>--url</c>, <c>Strata:KeyValue:kv in appsettings.json</c>, <c>DATABASE_URL</c>.</param>
internal sealed record KeyValueTarget(KeyValueOptions Options, string Source)
{
    /// <summary>The store's URL, for messages (a store has no secrets).</summary>
    public string DisplayUrl => Options.ToString();
}
