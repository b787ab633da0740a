using Strata.Testing.Tests.Infrastructure;

namespace Strata.Testing.Xunit.Tests;

/// <summary>A widgets database (one seeded widget) per test class, on each database.</summary>
public sealed class SqliteWidgets() : DatabaseFixture(TestServers.Url(Db.Sqlite), TestServers.Options(Db.Sqlite, Widgets.Configure));

public sealed class PostgresWidgets() : DatabaseFixture(TestServers.Url(Db.Postgres), TestServers.Options(Db.Postgres, Widgets.Configure));

public sealed class MariaDbWidgets() : DatabaseFixture(TestServers.Url(Db.MariaDb), TestServers.Options(Db.MariaDb, Widgets.Configure));
