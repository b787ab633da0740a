using System.Diagnostics;

namespace Strata.Diagnostics;

/// <summary>What a transaction needs to report its end: its span (null when nobody traces), when BEGIN started, and which run of a retried delegate it is.</summary>
internal readonly record struct TransactionTrace(Activity? Span, long Started, int Attempt);
