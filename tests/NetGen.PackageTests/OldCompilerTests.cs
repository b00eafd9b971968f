using System;
using System.Linq;
using NetGen.PackageTests.Infrastructure;
using Xunit.Abstractions;

namespace NetGen.PackageTests;

/// <summary>
/// The package's buildTransitive targets: a compiler older than Roslyn 4.8 gets warning NGCFG0001 and no generator,
/// instead of silently missing members. The old compiler is stood in for by NetGenCompilerVersion, which replaces the
/// version the targets read from the compiler's build task assembly.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class OldCompilerTests(Packages packages, ITestOutputHelper log)
{
    [Theory]
    [InlineData(null, false)]      // this SDK's own compiler (Roslyn 5.x), detected
    [InlineData("4.8.0", false)]   // the floor itself: the .NET 8.0.100 SDK, Visual Studio 17.8
    [InlineData("4.7.0", true)]    // one below: Visual Studio 17.7, the .NET 7.0.400 SDK
    [InlineData("3.11.0", true)]   // Visual Studio 2019
    public void Build_CompilerVersion_WarnsOnlyBelowRoslyn48(string? compilerVersion, bool tooOld)
    {
        string consumer = packages.CreateConsumer("OldCompilerConsumer", "net10.0");
        string[] fake = compilerVersion is null ? [] : ["-p:NetGenCompilerVersion=" + compilerVersion];
        ProcessResult build = DotnetCli.Dotnet(log, consumer, ["build", "-c", "Release", "-p:NetGenVersion=" + packages.Version, .. fake]);
        foreach (string line in build.Diagnostics)
        {
            log.WriteLine("  " + line);
        }

        Assert.True(build.ExitCode == 0, build.Output);
        bool warned = build.Output.Contains("warning NGCFG0001", StringComparison.Ordinal);
        bool analyzersRan = build.Output.Contains("warning NG1001", StringComparison.Ordinal);
        Assert.Equal(tooOld, warned);
        Assert.Equal(!tooOld, analyzersRan);
        if (tooOld)
        {
            Assert.Contains($"this build uses Roslyn {compilerVersion}", build.Output, StringComparison.Ordinal);
            Assert.Contains("Roslyn 4.8 or newer", build.Output, StringComparison.Ordinal);
        }

        // Never the compiler's own load failures: the targets take the analyzers away before the compiler sees them.
        Assert.DoesNotContain("CS8032", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", build.Output, StringComparison.Ordinal);
    }
}
