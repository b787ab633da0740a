// What the schema example assumes: an open database (STRATA_README_URL, SQLite by default) with a users table.
using Strata;

await using var db = Database.Open(Environment.GetEnvironmentVariable("STRATA_README_URL") ?? "sqlite:app.db");
await db.Schema.DropTableIfExists("posts").ExecuteAsync();
await db.Schema.DropTableIfExists("users").ExecuteAsync();
await db.Schema.CreateTable("users", t => { t.BigIncrements("id"); t.String("email", 200); }).ExecuteAsync();
