// What the replica example assumes: the application's types and values (it needs servers, so it is only compiled).
using Strata;

long id = 1;
var name = "Ada";

public sealed record Order(long Id, long CustomerId, decimal Total);
public sealed record Customer(long Id, string Name);
