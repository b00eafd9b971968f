extern alias gen;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace NetGen.Tests.Analyzers;

/// <summary>
/// What every analyzer and code-fix test compiles against: the running runtime's own assemblies plus NetGen, so that
/// no reference pack has to be downloaded (the tests work offline and on a fresh CI machine).
/// </summary>
internal static class AnalyzerTestSetup
{
    /// <summary>A reference set that resolves nothing by itself; the assemblies come from <see cref="References"/>.</summary>
    public static ReferenceAssemblies NoPackages { get; } = new("net10.0");

    /// <summary>The runtime's framework assemblies (from the trusted platform assemblies) and NetGen.dll.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    /// <summary>The C# version the tests compile with: the newest the 4.8 compiler knows, as the generator's floor.</summary>
    public const LanguageVersion Language = LanguageVersion.CSharp12;

    public static void Configure(SolutionState state)
    {
        state.AdditionalReferences.AddRange(References);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        IEnumerable<string> framework = tpa
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        return framework
            .Append(typeof(NetworkAttribute).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}

/// <summary>An analyzer test with NetGen's references; set <see cref="RunGenerator"/> for code that calls generated members.</summary>
public sealed class NetGenAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public NetGenAnalyzerTest()
    {
        ReferenceAssemblies = AnalyzerTestSetup.NoPackages;
        AnalyzerTestSetup.Configure(TestState);
    }

    /// <summary>Runs NetGen's generator too, so that Predict and friends exist; its output is not compared.</summary>
    public bool RunGenerator { get; set; }

    protected override IEnumerable<Type> GetSourceGenerators()
    {
        if (RunGenerator)
        {
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
            yield return typeof(gen::NetGen.Generator.NetworkGenerator);
        }
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(AnalyzerTestSetup.Language);

    /// <summary>Checks that <paramref name="source"/> raises exactly the diagnostics of its markup.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new NetGenAnalyzerTest<TAnalyzer> { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>A code-fix test with NetGen's references.</summary>
public sealed class NetGenCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public NetGenCodeFixTest()
    {
        ReferenceAssemblies = AnalyzerTestSetup.NoPackages;
        AnalyzerTestSetup.Configure(TestState);
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(AnalyzerTestSetup.Language);

    /// <summary>Checks that fixing every diagnostic of <paramref name="source"/>, one by one and all at once, gives <paramref name="fixedSource"/>.</summary>
    public static Task VerifyAsync(string source, string fixedSource)
    {
        var test = new NetGenCodeFixTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource };
        return test.RunAsync();
    }
}
