// What the converters example assumes: app.db with a customer table (the type's name through snake_case).
using Strata;

await using (var setup = Database.Open("sqlite:app.db"))
    await setup.ExecuteAsync($"CREATE TABLE customer (id UUID PRIMARY KEY, name TEXT NOT NULL, owner UUID)");
