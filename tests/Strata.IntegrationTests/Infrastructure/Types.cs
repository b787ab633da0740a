namespace Strata.IntegrationTests.Infrastructure;

/// <summary>Column types per database for the test tables.</summary>
public static class Types
{
    public static string AutoId(Db db) => db switch
    {
        Db.Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
        Db.Postgres => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        _ => "BIGINT AUTO_INCREMENT PRIMARY KEY",
    };

    public static string Text(Db db) => db == Db.MariaDb ? "VARCHAR(255)" : "TEXT";
    public static string Int(Db _) => "INTEGER";
    public static string BigInt(Db db) => db == Db.Sqlite ? "INTEGER" : "BIGINT";
    public static string SmallInt(Db _) => "SMALLINT";
    public static string TinyInt(Db db) => db switch { Db.MariaDb => "TINYINT UNSIGNED", _ => "SMALLINT" };
    public static string Bool(Db db) => db == Db.MariaDb ? "BOOLEAN" : db == Db.Sqlite ? "INTEGER" : "BOOLEAN";
    /// <summary>What the schema builder creates: on SQLite a NUMERIC-affinity column, which keeps a decimal bound as a number.</summary>
    public static string Decimal(Db _) => "DECIMAL(18,4)";
    public static string Double(Db db) => db == Db.Postgres ? "DOUBLE PRECISION" : db == Db.MariaDb ? "DOUBLE" : "REAL";
    public static string Float(Db db) => db == Db.Sqlite ? "REAL" : db == Db.Postgres ? "REAL" : "FLOAT";
    public static string Guid(Db db) => db switch { Db.Postgres => "UUID", Db.MariaDb => "CHAR(36)", _ => "BLOB" };
    public static string DateTime(Db db) => db switch { Db.Postgres => "TIMESTAMP", Db.MariaDb => "DATETIME(6)", _ => "TEXT" };
    public static string DateTimeOffset(Db db) => db switch { Db.Postgres => "TIMESTAMPTZ", Db.MariaDb => "DATETIME(6)", _ => "TEXT" };
    public static string Date(Db db) => db == Db.Sqlite ? "TEXT" : "DATE";
    public static string Time(Db db) => db switch { Db.Postgres => "TIME", Db.MariaDb => "TIME(6)", _ => "TEXT" };
    public static string Interval(Db db) => db switch { Db.Postgres => "INTERVAL", Db.MariaDb => "TIME(6)", _ => "TEXT" };
    public static string Bytes(Db db) => db switch { Db.Postgres => "BYTEA", Db.MariaDb => "BLOB", _ => "BLOB" };
}
