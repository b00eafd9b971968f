using System;
using System.IO;
using System.Linq;
using NetGen.PackageTests.Infrastructure;
using Xunit.Abstractions;

namespace NetGen.PackageTests;

/// <summary>
/// samples/EmbeddedInference as it ships: published with Native AOT for this machine, with no trimming or AOT warning
/// at all. The program itself checks the embedded network against its instance and a double-precision reference and its
/// accuracy on unseen digits, and exits 1 when a check fails.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class EmbeddedInferenceSampleTests(Packages packages, ITestOutputHelper log)
{
    private string Sample => Path.Combine(packages.RepositoryRoot, "samples", "EmbeddedInference");

    [Fact]
    public void Sample_NativeAot_PublishesWithoutWarningsAndRuns()
    {
        string output = Output("aot");
        ProcessResult publish = DotnetCli.Dotnet(log, Sample, "publish", "-c", "Release", "-r", Packages.RuntimeIdentifier, "-o", output);
        AssertCleanPublish(publish);

        string program = Path.Combine(output, "EmbeddedInference");
        log.WriteLine($"native executable: {new FileInfo(program).Length:N0} bytes");
        ProcessResult run = DotnetCli.Run(log, program, output);
        AssertChecksPassed(run, "Native AOT");
    }

    private string Output(string name) => packages.NewDirectory("EmbeddedInference-" + name);

    private void AssertCleanPublish(ProcessResult publish)
    {
        string[] warnings = publish.Diagnostics;
        foreach (string warning in warnings)
        {
            log.WriteLine("  " + warning);
        }

        Assert.True(publish.ExitCode == 0, publish.Output);
        Assert.True(warnings.Length == 0, string.Join('\n', warnings));
        log.WriteLine("  0 warnings");
    }

    private void AssertChecksPassed(ProcessResult run, string platform)
    {
        foreach (string line in run.Lines)
        {
            log.WriteLine("  " + line);
        }

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(run.Lines, line => line.StartsWith("First prediction", StringComparison.Ordinal) && line.Contains("class 1", StringComparison.Ordinal));
        Assert.Equal(2, run.Lines.Count(line => line.EndsWith("— ok.", StringComparison.Ordinal)));
        Assert.Contains(run.Lines, line => line.EndsWith(platform + ".", StringComparison.Ordinal));
    }
}
