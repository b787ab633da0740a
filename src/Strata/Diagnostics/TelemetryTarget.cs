using System.Diagnostics;
using Strata.Providers;

namespace Strata.Diagnostics;

/// <summary>
/// The attributes that name one database in every span and measurement (<c>db.system.name</c>, <c>db.namespace</c>,
/// <c>server.address</c>, <c>server.port</c>), resolved once when the database opens, so that the hot path only copies
/// references and never formats or boxes.
/// </summary>
/// <remarks>Immutable; shared by every flow using the database.</remarks>
internal sealed class TelemetryTarget
{
    private static readonly CommandKind[] Kinds = Enum.GetValues<CommandKind>();
    private readonly string[] _spanNames;
    private readonly object? _port;

    public TelemetryTarget(string system, DatabaseEndpoint endpoint, ConnectionSettings settings)
    {
        System = system;
        Namespace = endpoint.Namespace ?? settings.Database ?? settings.FilePath;
        ServerAddress = endpoint.ServerAddress ?? settings.Host;
        ServerPort = endpoint.ServerPort ?? settings.Port;
        _port = ServerPort;
        // The conventions' fallback when the pool has no name of its own: address:port/namespace.
        PoolName = ServerAddress is null
            ? Namespace ?? system
            : $"{ServerAddress}{(ServerPort is null ? "" : ":" + ServerPort)}{(Namespace is null ? "" : "/" + Namespace)}";
        _spanNames = new string[Kinds.Length];
        foreach (var kind in Kinds) _spanNames[(int)kind] = SpanName(OperationName(kind));
        TransactionSpanName = SpanName("transaction");
    }

    public string System { get; }

    public string? Namespace { get; }

    public string? ServerAddress { get; }

    public int? ServerPort { get; }

    /// <summary>The <c>db.client.connection.pool.name</c> of this database's pool.</summary>
    public string PoolName { get; }

    public string TransactionSpanName { get; }

    /// <summary>The span name for a command: its operation and the database, low in cardinality as the conventions ask.</summary>
    public string CommandSpanName(CommandKind kind) => _spanNames[(int)kind];

    public string SpanName(string operation) => Namespace is null ? operation : operation + " " + Namespace;

    /// <summary>The <c>db.operation.name</c> of a command: the kind of call Strata made, since Strata does not parse SQL.</summary>
    public static string OperationName(CommandKind kind) => kind switch
    {
        CommandKind.Query => "query",
        CommandKind.Execute => "execute",
        CommandKind.Scalar => "scalar",
        CommandKind.Stream => "stream",
        CommandKind.Multiple => "multiple",
        CommandKind.BulkInsert => "bulk_insert",
        _ => "prepared",
    };

    /// <summary>Adds the database's attributes to <paramref name="tags"/>.</summary>
    public void AddTo(ref TagList tags)
    {
        tags.Add(TelemetryNames.DbSystemName, System);
        if (Namespace is not null) tags.Add(TelemetryNames.DbNamespace, Namespace);
        if (ServerAddress is not null) tags.Add(TelemetryNames.ServerAddress, ServerAddress);
        if (_port is not null) tags.Add(TelemetryNames.ServerPort, _port);
    }

    /// <summary>Sets the database's attributes on <paramref name="activity"/>.</summary>
    public void AddTo(Activity activity)
    {
        activity.SetTag(TelemetryNames.DbSystemName, System);
        if (Namespace is not null) activity.SetTag(TelemetryNames.DbNamespace, Namespace);
        if (ServerAddress is not null) activity.SetTag(TelemetryNames.ServerAddress, ServerAddress);
        if (_port is not null) activity.SetTag(TelemetryNames.ServerPort, _port);
    }
}
