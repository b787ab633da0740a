using Strata.Cli.CodeGen;

namespace Strata.Cli.Commands.Generate;

/// <summary><c>strata generate repository NAME</c>: a skeleton repository class.</summary>
internal sealed class GenerateRepositoryCommand : SkeletonCommand
{
    public override string Path => "generate repository";

    public override string Description => "Write a Repository<T, long> subclass for an entity, for its own queries.";

    public override IReadOnlyList<string> Examples => ["generate repository Customer", "generate repository Order --out Data"];

    protected override (string FileName, string Text) Skeleton(CliContext context, string name, string ns) =>
        (name + "Repository.cs", Skeletons.Repository(name, ns));
}
