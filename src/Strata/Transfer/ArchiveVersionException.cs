namespace Strata.Transfer;

/// <summary>The archive was written in a format version this Strata cannot read (a newer one); the restore changed nothing.</summary>
public sealed class ArchiveVersionException : ArchiveException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="version">The archive's format version.</param>
    /// <param name="supportedVersion">The newest version this Strata reads.</param>
    public ArchiveVersionException(int version, int supportedVersion)
        : base($"The archive is in format version {version}, and this version of Strata reads versions 1 to {supportedVersion}; restore it with a newer Strata.")
    {
        Version = version;
        SupportedVersion = supportedVersion;
    }

    /// <summary>The archive's format version.</summary>
    public int Version { get; }

    /// <summary>The newest format version this Strata reads.</summary>
    public int SupportedVersion { get; }
}
