// What the JSON example assumes: an open database (STRATA_README_URL, SQLite by default) with a people table whose profile
// column is JSON (t.Json: jsonb on PostgreSQL, JSON on MariaDB, TEXT on SQLite).
using Strata;

await using var db = Database.Open(Environment.GetEnvironmentVariable("STRATA_README_URL") ?? "sqlite:app.db");
await db.Schema.DropTableIfExists("people").ExecuteAsync();
await db.Schema.CreateTable("people", t => { t.BigIncrements("id"); t.String("name", 100); t.Json("profile").Nullable(); }).ExecuteAsync();
