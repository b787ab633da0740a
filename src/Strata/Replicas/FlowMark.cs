namespace Strata.Replicas;

/// <summary>One flow's writes: how many are in progress and until when its reads stay on the primary (timestamps of the tracker's clock).</summary>
/// <remarks>Shared by every flow that inherits it, so updated with interlocked operations.</remarks>
internal sealed class FlowMark(long created, long deadline)
{
    private long _deadline = deadline;
    private int _pending;

    public long Created { get; } = created;

    public void Begin() => Interlocked.Increment(ref _pending);

    public void End(long deadline)
    {
        long current;
        while (deadline > (current = Volatile.Read(ref _deadline)) && Interlocked.CompareExchange(ref _deadline, deadline, current) != current) { }
        Interlocked.Decrement(ref _pending);
    }

    public bool IsSticky(long now) => Volatile.Read(ref _pending) > 0 || now < Volatile.Read(ref _deadline);

    /// <summary>The deadline a replacement mark starts with: this one's, or a full window from now while a write is still in progress.</summary>
    public long CarriedDeadline(long now, long window)
    {
        var deadline = Volatile.Read(ref _deadline);
        return Volatile.Read(ref _pending) > 0 ? Math.Max(deadline, now + window) : deadline;
    }
}
