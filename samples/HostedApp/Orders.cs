using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Strata;

namespace HostedApp;

[Table("orders")]
public sealed class Order
{
    public long Id { get; set; }

    [Required, StringLength(100)]
    public string Customer { get; set; } = "";

    [Range(1, long.MaxValue)]
    public long TotalCents { get; set; }
}

[Table("order_lines")]
public sealed class OrderLine
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    [Required, StringLength(100)]
    public string Product { get; set; } = "";

    [Range(1, int.MaxValue)]
    public int Quantity { get; set; }
}

[Table("events")]
public sealed class AnalyticsEvent
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string Name { get; set; } = "";

    public string? Detail { get; set; }
}

/// <summary>The orders, on the default database (main).</summary>
public sealed class OrderRepository(IDatabase main) : Repository<Order, long>(main)
{
    public Task<IReadOnlyList<Order>> ForCustomerAsync(string customer) => FindAsync(o => o.Customer == customer);
}

/// <summary>The events, on the analytics database.</summary>
[UseDatabase("analytics")]
public sealed class EventRepository(IDatabase analytics) : Repository<AnalyticsEvent, string>(analytics);

public sealed record LineRequest(string Product, int Quantity, long PriceCents);

public interface IOrderService
{
    /// <summary>Places an order with its lines: all of it is stored, or none.</summary>
    Task<Order> PlaceAsync(string customer, IReadOnlyList<LineRequest> lines);
}

public sealed class OrderService(OrderRepository orders, IRepository<OrderLine, long> orderLines, EventRepository events) : IOrderService
{
    [Transactional(Retries = 3)]
    public async Task<Order> PlaceAsync(string customer, IReadOnlyList<LineRequest> lines)
    {
        var order = await orders.CreateAsync(new Order { Customer = customer, TotalCents = lines.Sum(l => l.Quantity * l.PriceCents) });
        foreach (var line in lines)
            await orderLines.CreateAsync(new OrderLine { OrderId = order.Id, Product = line.Product, Quantity = line.Quantity });
        // The analytics database is not part of the main transaction: an event is written once the order is.
        await events.CreateAsync(new AnalyticsEvent { Name = "order placed", Detail = $"{customer}: {lines.Count} line(s)" });
        return order;
    }
}

[Migration("20260101000000", "create orders")]
public sealed class CreateOrders : Migration
{
    public override async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        await context.Schema.CreateTable("orders", t =>
        {
            t.BigIncrements();
            t.String("customer", 100);
            t.BigInteger("total_cents");
        }).ExecuteAsync(cancellationToken);
        await context.Schema.CreateTable("order_lines", t =>
        {
            t.BigIncrements();
            t.BigInteger("order_id").References("orders");
            t.String("product", 100);
            t.Integer("quantity");
        }).ExecuteAsync(cancellationToken);
    }

    public override async Task DownAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        await context.Schema.DropTable("order_lines").ExecuteAsync(cancellationToken);
        await context.Schema.DropTable("orders").ExecuteAsync(cancellationToken);
    }
}
