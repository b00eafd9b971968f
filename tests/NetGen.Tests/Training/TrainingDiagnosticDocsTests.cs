using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>Every NG5xxx id has a unique, well-formed id and a docs page with the required sections.</summary>
public class TrainingDiagnosticDocsTests
{
    private static readonly string[] Ids = typeof(TrainingDiagnosticIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(TrainingDiagnosticIds.HelpLinkBase))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    public static TheoryData<string> AllIds => new(Ids);

    [Fact]
    public void Ids_AreUniqueNG5Ids_AndEveryWarningIsListed()
    {
        Assert.Equal(Ids.Length, Ids.Distinct().Count());
        Assert.All(Ids, id => Assert.Matches("^NG5[0-9]{3}$", id));
        Assert.Equal(Ids.Where(id => id != TrainingDiagnosticIds.Diverged).OrderBy(i => i), TrainingDiagnosticIds.Warnings.OrderBy(i => i));
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Id_HasDocsPageWithCauseExampleFixAndSuppression(string id)
    {
        string path = Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(path), $"missing docs/diagnostics/{id}.md");
        string text = File.ReadAllText(path);
        Assert.StartsWith($"# {id}: ", text);
        foreach (string section in new[] { "## Cause", "## Example", "## Fix", "## How to suppress" })
        {
            Assert.Contains(section, text);
        }

        Assert.Equal($"{TrainingDiagnosticIds.HelpLinkBase}{id}.md", TrainingDiagnosticIds.HelpLink(id));
        Assert.EndsWith($"docs/diagnostics/{id}.md", TrainingDiagnosticIds.HelpLink(id));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NetGen.sln not found above the test assembly.");
    }
}
