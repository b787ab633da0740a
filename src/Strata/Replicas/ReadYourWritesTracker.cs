namespace Strata.Replicas;

/// <summary>
/// Remembers, per async flow, that the flow wrote to the primary, so that its reads stay there for
/// <see cref="DatabaseOptions.ReadYourWritesWindow"/> after the write ends.
/// </summary>
/// <remarks>
/// <para>
/// The flow carries a <see cref="FlowMark"/> in an <see cref="AsyncLocal{T}"/>. An AsyncLocal value set inside an
/// async method is gone when that method returns, so the mark is attached where the caller's own code calls Strata
/// (the synchronous start of a session method, <c>From(…)</c>, a repository's constructor: <see cref="Touch"/>), and
/// writes deeper down update that same object in place, which the caller sees.
/// </para>
/// <para>
/// A mark attached in a long-lived context (application start-up) is inherited by every flow started from it. So
/// that such flows do not keep each other on the primary for ever, a mark is only reused for
/// <see cref="MarkLifetime"/>; after that the next touch attaches a fresh one that carries the old one's deadline.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
internal sealed class ReadYourWritesTracker
{
    private readonly AsyncLocal<FlowMark?> _flow = new();
    private readonly TimeProvider _time;
    private readonly long _window;
    private readonly long _lifetime;

    public ReadYourWritesTracker(TimeProvider time, TimeSpan window)
    {
        _time = time;
        _window = Ticks(window);
        _lifetime = Ticks(window > MarkLifetime ? window : MarkLifetime);
    }

    /// <summary>How long one mark is shared by the flows that inherit it (at least the window).</summary>
    public static TimeSpan MarkLifetime { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Makes sure the current flow carries a mark of its own, attached in the caller's context.</summary>
    public FlowMark Touch()
    {
        var now = _time.GetTimestamp();
        var mark = _flow.Value;
        if (mark is not null && now - mark.Created <= _lifetime) return mark;
        var fresh = new FlowMark(now, mark?.CarriedDeadline(now, _window) ?? 0);
        _flow.Value = fresh;
        return fresh;
    }

    /// <summary>Starts a write: reads in the flow stay on the primary until <see cref="EndWrite"/> and the window after it.</summary>
    public FlowMark BeginWrite()
    {
        var mark = Touch();
        mark.Begin();
        return mark;
    }

    /// <summary>Ends a write started with <see cref="BeginWrite"/>; the window starts now.</summary>
    public void EndWrite(FlowMark mark) => mark.End(_time.GetTimestamp() + _window);

    /// <summary>True while the current flow has a write in progress or ended less than the window ago.</summary>
    public bool IsSticky() => _flow.Value is { } mark && mark.IsSticky(_time.GetTimestamp());

    /// <summary>Awaits <paramref name="write"/>, then ends <paramref name="mark"/>.</summary>
    public async Task<T> EndAfter<T>(Task<T> write, FlowMark mark)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        finally
        {
            EndWrite(mark);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
