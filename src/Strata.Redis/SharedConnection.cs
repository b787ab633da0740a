using System.Reflection;
using StackExchange.Redis;

namespace Strata.Redis;

/// <summary>
/// The store's multiplexer as handed to FusionCache's backplane and locker, which dispose the connection they were given when
/// they stop: here disposing and closing do nothing, since the store owns the connection and closes it last.
/// </summary>
internal class SharedConnection : DispatchProxy
{
    private IConnectionMultiplexer? _target;

    public static IConnectionMultiplexer For(IConnectionMultiplexer target)
    {
        var proxy = Create<IConnectionMultiplexer, SharedConnection>();
        ((SharedConnection)(object)proxy)._target = target;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        switch (targetMethod.Name)
        {
            case nameof(IDisposable.Dispose):
            case nameof(IConnectionMultiplexer.Close):
                return null;
            case nameof(IAsyncDisposable.DisposeAsync):
                return ValueTask.CompletedTask;
            case nameof(IConnectionMultiplexer.CloseAsync):
                return Task.CompletedTask;
        }
        try
        {
            return targetMethod.Invoke(_target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }
    }
}
