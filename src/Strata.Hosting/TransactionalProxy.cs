using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using System.Reflection;

namespace Strata.Hosting;

/// <summary>Which methods of a service are transactional and how, worked out once at registration.</summary>
internal sealed class TransactionalMethods
{
    private static readonly MethodInfo RunTaskOfT = typeof(TransactionalMethods).GetMethod(nameof(RunTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo RunValueTaskOfT = typeof(TransactionalMethods).GetMethod(nameof(RunValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Dictionary<MethodInfo, TransactionalAttribute> _marked;
    private readonly ConcurrentDictionary<MethodInfo, Plan?> _plans = new();

    private TransactionalMethods(Dictionary<MethodInfo, TransactionalAttribute> marked) => _marked = marked;

    /// <summary>The database each transactional method names, for the start-up check.</summary>
    public IEnumerable<(string Method, string Database)> Databases =>
        _marked.Where(m => m.Value.Database is not null).Select(m => (m.Key.Name, m.Value.Database!));

    /// <exception cref="ArgumentException">The service is not an interface, or a transactional method cannot run in a transaction.</exception>
    [RequiresUnreferencedCode("Reads the interfaces and interface maps of the service by reflection.")]
    [RequiresDynamicCode("Makes the typed transaction runner of each method's task type.")]
    public static TransactionalMethods For(Type service, Type implementation)
    {
        if (!service.IsInterface)
            throw new ArgumentException($"AddTransactional needs an interface to put the transactions behind; {service} is not one.", nameof(service));
        var marked = new Dictionary<MethodInfo, TransactionalAttribute>();
        var onClass = implementation.GetCustomAttribute<TransactionalAttribute>(inherit: true);
        foreach (var contract in new[] { service }.Concat(service.GetInterfaces()))
        {
            var map = implementation.GetInterfaceMap(contract);
            var onInterface = contract.GetCustomAttribute<TransactionalAttribute>();
            for (var i = 0; i < map.InterfaceMethods.Length; i++)
            {
                var attribute = map.TargetMethods[i].GetCustomAttribute<TransactionalAttribute>(inherit: true)
                    ?? map.InterfaceMethods[i].GetCustomAttribute<TransactionalAttribute>()
                    ?? onClass ?? onInterface;
                if (attribute is null) continue;
                var method = map.InterfaceMethods[i];
                if (!ReturnsTask(method.ReturnType))
                    throw new ArgumentException(
                        $"{implementation.Name}.{method.Name} is transactional but returns {method.ReturnType.Name}: a transaction needs an async method returning Task, Task<T>, ValueTask or ValueTask<T>.",
                        nameof(implementation));
                if (attribute.Retries < 0)
                    throw new ArgumentException($"{implementation.Name}.{method.Name}: [Transactional] Retries ({attribute.Retries}) must not be negative.", nameof(implementation));
                marked[method] = attribute;
            }
        }
        return new TransactionalMethods(marked);
    }

    /// <summary>How to run <paramref name="method"/> (an interface method, perhaps a constructed generic one), or null when it is not transactional.</summary>
    public Plan? Find(MethodInfo method) => _plans.GetOrAdd(method, m =>
    {
        var key = m.IsGenericMethod ? m.GetGenericMethodDefinition() : m;
        if (!_marked.TryGetValue(key, out var attribute)) return null;
        var token = Array.FindIndex(m.GetParameters(), p => p.ParameterType == typeof(CancellationToken));
        return new Plan(attribute.Database, attribute.ToOptions(), token, Runner(m.ReturnType));
    });

    private static bool ReturnsTask(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask) ||
        (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)));

    // Only the proxies AddTransactional makes call this, and AddTransactional is marked as needing dynamic and unreferenced code.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reached only through proxies made by AddTransactional, which carries RequiresDynamicCode.")]
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "Reached only through proxies made by AddTransactional, which carries RequiresUnreferencedCode.")]
    private static Func<Database, Func<object?>, TransactionOptions, CancellationToken, object> Runner(Type returnType)
    {
        if (returnType == typeof(Task))
            return (db, call, options, token) => db.TransactionAsync(_ => (Task)call()!, options, token);
        if (returnType == typeof(ValueTask))
            return (db, call, options, token) => new ValueTask(db.TransactionAsync(_ => ((ValueTask)call()!).AsTask(), options, token));
        var result = returnType.GetGenericArguments()[0];
        var open = returnType.GetGenericTypeDefinition() == typeof(Task<>) ? RunTaskOfT : RunValueTaskOfT;
        return open.MakeGenericMethod(result).CreateDelegate<Func<Database, Func<object?>, TransactionOptions, CancellationToken, object>>();
    }

    private static Task<T> RunTask<T>(Database db, Func<object?> call, TransactionOptions options, CancellationToken token) =>
        db.TransactionAsync(_ => (Task<T>)call()!, options, token);

    // Boxed here, as the delegate returns object and a struct return cannot bind to it.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Bound to a delegate returning object.")]
    private static object RunValueTask<T>(Database db, Func<object?> call, TransactionOptions options, CancellationToken token) =>
        new ValueTask<T>(db.TransactionAsync(_ => ((ValueTask<T>)call()!).AsTask(), options, token));

    /// <summary>A transactional method: its database (null for the default), options, where its token is, and how to wrap its task.</summary>
    public sealed record Plan(string? Database, TransactionOptions Options, int TokenIndex,
        Func<Database, Func<object?>, TransactionOptions, CancellationToken, object> Run);
}

/// <summary>The interface implementation that puts a transaction around the transactional methods of the service it wraps.</summary>
/// <typeparam name="TService">The service interface.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1852", Justification = "DispatchProxy derives from it at run time.")]
internal class TransactionalProxy<TService> : DispatchProxy where TService : class
{
    private TService _target = null!;
    private DatabaseManager _databases = null!;
    private TransactionalMethods _methods = null!;

    [RequiresDynamicCode("DispatchProxy makes the proxy type at run time.")]
    [RequiresUnreferencedCode("DispatchProxy needs every member of the service interface.")]
    internal static TService Create(TService target, DatabaseManager databases, TransactionalMethods methods)
    {
        var proxy = DispatchProxy.Create<TService, TransactionalProxy<TService>>();
        var self = (TransactionalProxy<TService>)(object)proxy;
        self._target = target;
        self._databases = databases;
        self._methods = methods;
        return proxy;
    }

    /// <summary>Calls the wrapped service, inside a transaction when the method is transactional.</summary>
    /// <param name="targetMethod">The interface method called.</param>
    /// <param name="args">Its arguments.</param>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? Call() => targetMethod.Invoke(_target, BindingFlags.DoNotWrapExceptions, null, args, null);
        if (_methods.Find(targetMethod) is not { } plan) return Call();
        var database = plan.Database is null ? _databases.Default : _databases.Get(plan.Database);
        var token = plan.TokenIndex >= 0 && args?[plan.TokenIndex] is CancellationToken t ? t : CancellationToken.None;
        return plan.Run(database, Call, plan.Options, token);
    }
}
