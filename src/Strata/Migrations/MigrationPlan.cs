namespace Strata;

/// <summary>What an operation would run, from <see cref="Migrator.PlanAsync"/>: each step with its exact SQL.</summary>
/// <param name="Steps">The steps in order.</param>
public sealed record MigrationPlan(IReadOnlyList<MigrationPlanStep> Steps);

/// <summary>One step of a plan.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Direction">Up or down.</param>
/// <param name="Statements">The statements it would run, in order (for C# migrations, those it sent while run against a recording session).</param>
public sealed record MigrationPlanStep(MigrationDefinition Migration, MigrationDirection Direction, IReadOnlyList<string> Statements);

/// <summary>What an operation did.</summary>
/// <param name="Steps">The migrations applied or rolled back, in order, with how long each took.</param>
public sealed record MigrationResult(IReadOnlyList<(MigrationDefinition Migration, MigrationDirection Direction, TimeSpan Duration)> Steps);
