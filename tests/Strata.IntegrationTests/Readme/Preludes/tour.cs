// What the tour assumes: a users table with two rows, an accounts table, and the values it binds.
using Strata;

await using (var setup = Database.Open("sqlite:app.db"))
{
    await setup.ExecuteAsync($"CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER NOT NULL DEFAULT 30, active INTEGER NOT NULL DEFAULT 1, org INTEGER NOT NULL DEFAULT 5)");
    await setup.ExecuteAsync($"CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance NUMERIC NOT NULL)");
    await setup.ExecuteAsync($"INSERT INTO users (id, email, age) VALUES (1, 'ada@example.com', 36), (2, 'alan@example.com', 41)");
    await setup.ExecuteAsync($"INSERT INTO accounts (id, balance) VALUES (1, 100), (2, 0)");
}
long[] ids = [1, 2];
long id = 1;
decimal amount = 25m;
long from = 1, to = 2;
var email = "grace@example.com";
long orgId = 5;
