namespace Strata.Plugins;

/// <summary>What a repository or model is doing to an entity.</summary>
public enum EntityWriteAction
{
    /// <summary>Inserting it.</summary>
    Insert,

    /// <summary>Updating it.</summary>
    Update,

    /// <summary>Deleting it.</summary>
    Delete,
}
