// What the migrations example assumes: a URL, and the folders it names with one file each.
using Strata;

var url = "sqlite:app.db";
Directory.CreateDirectory("migrations");
File.WriteAllText("migrations/20250103_001_create_orders.sql", """
    -- UP
    CREATE TABLE orders (id INTEGER PRIMARY KEY, total NUMERIC NOT NULL);
    -- DOWN
    DROP TABLE orders;
    """);
Directory.CreateDirectory("modules/core/settings/database");
File.WriteAllText("modules/core/settings/database/schema.sql",
    "CREATE TABLE IF NOT EXISTS settings (name VARCHAR(100) PRIMARY KEY, value TEXT NOT NULL);");
Directory.CreateDirectory("seeds");
File.WriteAllText("seeds/001_settings.sql", "INSERT INTO settings (name, value) VALUES ('theme', 'dark') ON CONFLICT (name) DO NOTHING;");
