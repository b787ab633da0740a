using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Strata.KeyValue.Internal;

/// <summary>
/// A native object that depends on another one (an iterator on its database, snapshot or transaction; a snapshot or
/// transaction on its database): it holds a reference on its parent for its whole life, so the parent cannot be freed
/// first, and it is listed in its store's <see cref="ChildRegistry"/>, so disposing the store disposes it.
/// </summary>
/// <remarks>
/// Each native call on it holds a reference too (<see cref="Enter"/>/<see cref="Exit"/>): disposing it from another thread
/// while a call runs frees it when that call ends. <see cref="IsInvalid"/> is always false, so <see cref="ReleaseHandle"/>
/// runs exactly once, even when creating the native object failed, and the parent's reference is always given back.
/// </remarks>
internal abstract class ChildHandle : SafeHandle
{
    private readonly SafeHandle _parent;
    private readonly ChildRegistry _registry;

    protected ChildHandle(SafeHandle parent, ChildRegistry registry) : base(IntPtr.Zero, ownsHandle: true)
    {
        var added = false;
        parent.DangerousAddRef(ref added);
        _parent = parent;
        _registry = registry;
        registry.Add(this);
    }

    public override bool IsInvalid => false;

    /// <summary>Frees the native object (when it was created).</summary>
    protected abstract void Free();

    protected sealed override bool ReleaseHandle()
    {
        try
        {
            Free();
        }
        finally
        {
            _registry.Remove(this);
            _parent.DangerousRelease();
        }
        return true;
    }

    /// <summary>Takes a reference for one native call.</summary>
    /// <exception cref="ObjectDisposedException">It (or its store) was disposed.</exception>
    public void Enter()
    {
        var added = false;
        DangerousAddRef(ref added);
    }

    public void Exit() => DangerousRelease();
}

/// <summary>The live iterators, snapshots and transactions of one store, disposed with it.</summary>
internal sealed class ChildRegistry
{
    private readonly ConcurrentDictionary<ChildHandle, byte> _children = new(ReferenceEqualityComparer.Instance);

    public int Count => _children.Count;

    public void Add(ChildHandle child) => _children.TryAdd(child, 0);

    public void Remove(ChildHandle child) => _children.TryRemove(child, out _);

    /// <summary>Disposes every child; those in use on another thread are freed when that use ends.</summary>
    public void DisposeAll()
    {
        foreach (var child in _children.Keys) child.Dispose();
    }
}
