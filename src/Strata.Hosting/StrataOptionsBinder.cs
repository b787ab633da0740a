using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Strata.Hosting;

/// <summary>
/// Binds the <c>Strata</c> section. Unknown keys and values of the wrong type are not thrown here but kept on the options,
/// for the validator to report with the rest at start-up, each with its full key.
/// </summary>
internal sealed class StrataOptionsBinder : IConfigureOptions<StrataOptions>
{
    private readonly IConfiguration _configuration;
    private readonly StrataRegistry _registry;

    [RequiresUnreferencedCode("Binds the Strata configuration section to its settings classes by reflection (ConfigurationBinder); in trimmed and native AOT applications declare the databases in code with AddStrata(url) or AddStrata(builder).")]
    [RequiresDynamicCode("Binds the Strata configuration section to its settings classes by reflection (ConfigurationBinder); in trimmed and native AOT applications declare the databases in code with AddStrata(url) or AddStrata(builder).")]
    public StrataOptionsBinder(IConfiguration configuration, StrataRegistry registry)
    {
        _configuration = configuration;
        _registry = registry;
    }

    // "Redis" and "KeyValue" hold the Redis and key-value packages' stores (Strata:Redis:<name>, Strata:KeyValue:<name>), which
    // those packages read and check themselves; known here too so that tools reading an application's configuration without
    // its packages (StrataConfiguration) do not report them.
    private static readonly string[] TopLevel = [nameof(StrataOptions.Default), nameof(StrataOptions.AutoMigrate), nameof(StrataOptions.Databases), "Redis", "KeyValue"];

    internal static readonly string[] SettingNames = Properties(typeof(StrataDatabaseSettings));

    private static readonly string[] ResilienceNames = Properties(typeof(ConnectionResilienceOptions));

    private static string[] Properties([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name)];

    // Only a binder made through the constructor, which carries both attributes, gets here.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The constructor carries RequiresUnreferencedCode, so callers were told.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The constructor carries RequiresDynamicCode, so callers were told.")]
    public void Configure(StrataOptions options)
    {
        var section = _configuration.GetSection(StrataOptions.SectionName);
        // The sections of stores other packages declared (Strata:KeyValue, …) are theirs to check.
        ReportUnknown(section, [.. TopLevel, .. _registry.OtherStores.Select(s => s.Section).Distinct(StringComparer.OrdinalIgnoreCase)], options.BindingProblems);
        options.Default = section[nameof(StrataOptions.Default)] ?? options.Default;
        if (section[nameof(StrataOptions.AutoMigrate)] is { } autoMigrate)
        {
            if (bool.TryParse(autoMigrate, out var value)) options.AutoMigrate = value;
            else options.BindingProblems.Add($"{section.Path}:{nameof(StrataOptions.AutoMigrate)} ('{autoMigrate}') must be true or false.");
        }
        foreach (var database in section.GetSection(nameof(StrataOptions.Databases)).GetChildren())
        {
            var settings = new StrataDatabaseSettings();
            ReportUnknown(database, SettingNames, options.BindingProblems);
            ReportUnknown(database.GetSection(nameof(StrataDatabaseSettings.Resilience)), ResilienceNames, options.BindingProblems);
            try
            {
                database.Bind(settings);
            }
            catch (InvalidOperationException e)
            {
                // The binder's message says which value at which key could not be converted to what.
                options.BindingProblems.Add(e.Message);
            }
            options.Databases[database.Key] = settings;
        }
    }

    private static void ReportUnknown(IConfigurationSection section, string[] known, List<string> problems)
    {
        foreach (var child in section.GetChildren().Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
            problems.Add($"{child.Path} is not a Strata setting; the settings here are {string.Join(", ", known)}.");
    }
}
