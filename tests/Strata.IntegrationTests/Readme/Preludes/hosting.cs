// What the hosting example assumes: a host builder (WebApplication.CreateBuilder in an ASP.NET Core app) and the
// application's own service.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Strata;

var builder = Host.CreateApplicationBuilder(args);

public interface IOrderService
{
    Task PlaceAsync(long orderId);
}

public sealed class OrderService(IDatabase db) : IOrderService
{
    [Transactional(Retries = 3)]
    public Task PlaceAsync(long orderId) => db.ExecuteAsync($"UPDATE orders SET placed = TRUE WHERE id = {orderId}");
}
