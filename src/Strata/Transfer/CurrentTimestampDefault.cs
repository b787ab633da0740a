using System.Text.RegularExpressions;

namespace Strata.Transfer;

/// <summary>The standard spellings of a current-timestamp default, which <see cref="Dialects.SqlDialect.IsCurrentTimestampDefault"/> recognises.</summary>
internal static partial class CurrentTimestampDefault
{
    [GeneratedRegex(@"^(current_timestamp(\(\d*\))?|now\(\)|localtimestamp(\(\d*\))?)$", RegexOptions.IgnoreCase)]
    public static partial Regex Standard();
}
