extern alias gen;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.CodeFixes;
using gen::NetGen.Generator.Analyzers;
using gen::NetGen.Generator.Diagnostics;

namespace NetGen.Tests.Meta;

/// <summary>
/// Every descriptor is complete: a unique id in the range of its category, a known category, the text rules, a docs
/// page that its help link points at, a release-tracking entry, an analyzer that reports it, and an entry in the table.
/// </summary>
public class DiagnosticCatalogTests
{
    private static readonly Dictionary<string, (int Low, int High)> Ranges = new()
    {
        [DiagnosticCategories.Declaration] = (0, 99),
        [DiagnosticCategories.Shape] = (100, 199),
        [DiagnosticCategories.Modeling] = (1000, 1999),
        [DiagnosticCategories.Performance] = (2000, 2999),
        [DiagnosticCategories.Usage] = (3000, 3999),
    };

    public static IEnumerable<object[]> Ids => Descriptors().Select(d => new object[] { d.Id });

    [Fact]
    public void Descriptors_Ids_AreUniqueAndMatchTheConstants()
    {
        List<DiagnosticDescriptor> descriptors = Descriptors();
        Assert.NotEmpty(descriptors);
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());

        IEnumerable<string> constants = typeof(DiagnosticIds)
            .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(constants.OrderBy(id => id), descriptors.Select(d => d.Id).OrderBy(id => id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_Id_IsInTheRangeOfItsCategory(string id)
    {
        DiagnosticDescriptor d = Descriptor(id);
        Assert.Matches(@"^NG\d{4}$", d.Id);
        Assert.True(Ranges.TryGetValue(d.Category, out (int Low, int High) range), $"{id} has the unknown category '{d.Category}'.");
        int number = int.Parse(d.Id.Substring(2), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(number, range.Low, range.High);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_Text_FollowsTheTextRules(string id)
    {
        DiagnosticDescriptor d = Descriptor(id);
        string title = d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string message = d.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string description = d.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(string.IsNullOrWhiteSpace(title));
        Assert.False(title.EndsWith('.'), $"{id}: the title ends with a period.");
        Assert.False(message.EndsWith('.'), $"{id}: the message ends with a period.");
        Assert.DoesNotContain(". ", message);
        Assert.DoesNotContain('\n', message);
        Assert.EndsWith(".", description);
        Assert.True(d.IsEnabledByDefault);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_HelpLink_PointsAtAnExistingDocsPage(string id)
    {
        DiagnosticDescriptor d = Descriptor(id);
        Assert.Equal(DiagnosticDescriptors.HelpLink(id), d.HelpLinkUri);
        Assert.EndsWith("/docs/diagnostics/" + id + ".md", d.HelpLinkUri, StringComparison.Ordinal);

        string page = Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing.");
        string text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ": ", text, StringComparison.Ordinal);
        Assert.Contains("## Cause", text, StringComparison.Ordinal);
        Assert.Contains("## Example", text, StringComparison.Ordinal);
        Assert.Contains("## Fix", text, StringComparison.Ordinal);
        Assert.Contains("#pragma warning disable " + id, text, StringComparison.Ordinal);
        Assert.Contains("dotnet_diagnostic." + id + ".severity", text, StringComparison.Ordinal);
        Assert.Contains("| Default severity | " + d.DefaultSeverity + " |", text, StringComparison.Ordinal);
        Assert.Contains("| Code fix | " + (FixableIds().Contains(id) ? "yes" : "no") + " |", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_ReleaseTracking_HasAnEntry(string id)
    {
        DiagnosticDescriptor d = Descriptor(id);
        string directory = Path.Combine(RepositoryRoot(), "generator", "NetGen.Generator");
        string releases = File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Shipped.md")) + "\n" +
            File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Unshipped.md"));
        var row = new Regex("^" + id + @"\s*\|\s*" + Regex.Escape(d.Category) + @"\s*\|\s*" + d.DefaultSeverity + @"\s*\|", RegexOptions.Multiline);
        Assert.True(row.IsMatch(releases), $"{id} has no release-tracking entry with category {d.Category} and severity {d.DefaultSeverity}.");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsReportedByExactlyOneAnalyzer(string id)
    {
        DiagnosticAnalyzer[] analyzers = { new NetworkAnalyzer(), new CallSiteAnalyzer() };
        Assert.Single(analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsListedInTheTable(string id)
    {
        string table = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics", "README.md"));
        DiagnosticDescriptor d = Descriptor(id);
        Assert.Contains($"| [{id}]({id}.md) | {d.DefaultSeverity} |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void CodeFixProviders_OnePerFixableId_WithKnownIds()
    {
        List<CodeFixProvider> providers = Providers();
        Assert.NotEmpty(providers);
        var ids = Descriptors().Select(d => d.Id).ToHashSet();
        var fixable = new List<string>();
        foreach (CodeFixProvider provider in providers)
        {
            string id = Assert.Single(provider.FixableDiagnosticIds);
            Assert.Contains(id, ids);
            Assert.Same(WellKnownFixAllProviders.BatchFixer, provider.GetFixAllProvider());
            Assert.NotNull(provider.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>());
            fixable.Add(id);
        }

        Assert.Equal(fixable.Count, fixable.Distinct().Count());
    }

    [Fact]
    public void DocsFolder_HasNoPageWithoutDescriptor()
    {
        // Compile-time descriptors, and the trainer's run-time ids (NG5xxx), which live in the runtime library.
        var ids = Descriptors().Select(d => d.Id).ToHashSet();
        ids.UnionWith(TrainingIds());
        foreach (string page in Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "diagnostics"), "NG*.md"))
        {
            Assert.Contains(Path.GetFileNameWithoutExtension(page), ids);
        }
    }

    [Fact]
    public void TrainingIds_AreUniqueNG5xxxWithDocsPages()
    {
        var ids = TrainingIds().ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (string id in ids)
        {
            Assert.Matches("^NG5[0-9]{3}$", id);
            Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md")), $"No docs page for {id}.");
        }
    }

    private static IEnumerable<string> TrainingIds() =>
        typeof(NetGen.Training.TrainingDiagnosticIds)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != "HelpLinkBase")
            .Select(f => (string)f.GetRawConstantValue()!);

    private static List<DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

    private static DiagnosticDescriptor Descriptor(string id) => Descriptors().Single(d => d.Id == id);

    private static List<CodeFixProvider> Providers() =>
        typeof(NetGenCodeFixProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();

    private static HashSet<string> FixableIds() => Providers().SelectMany(p => p.FixableDiagnosticIds).ToHashSet();

    /// <summary>The folder holding NetGen.sln, found by walking up from the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NetGen.sln not found above " + AppContext.BaseDirectory);
    }
}
