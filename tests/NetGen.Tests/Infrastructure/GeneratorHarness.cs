extern alias gen;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using gen::NetGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Tests.Infrastructure;

/// <summary>The result of one generator run: the driver (for incremental steps), the compilation with the generated code, and the generated files.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<(string HintName, string Text)> Sources);

/// <summary>Builds compilations, runs the generator through a <see cref="GeneratorDriver"/> and loads what it produced.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        // The running runtime's assemblies plus the NetGen runtime library: exactly what a user's project compiles against.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(NetworkAttribute).Assembly.Location)
            .Distinct();
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12);

    /// <summary>A library compilation of <paramref name="sources"/> with nullable enabled and every warning on.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "NetGenTest_" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true));

    public static GeneratorDriver CreateDriver(params AdditionalText[] additionalTexts) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        var sources = result.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToImmutableArray();
        return new GeneratorRun(driver, output, diagnostics, sources);
    }

    /// <summary>
    /// Generates, compiles (failing on any warning or error, generator exceptions included) and loads the result into a
    /// collectible context. NetGen itself resolves to the test's copy, so generated types implement the test's INetwork.
    /// </summary>
    public static Assembly CompileAndLoad(params string[] sources) => CompileAndLoad(sources, Array.Empty<AdditionalText>());

    /// <summary>As <see cref="CompileAndLoad(string[])"/>, with additional files (weights for [EmbeddedWeights]).</summary>
    public static Assembly CompileAndLoad(string[] sources, AdditionalText[] additionalTexts) =>
        CompileAndLoad(sources, additionalTexts, collectible: true);

    /// <summary>
    /// As <see cref="CompileAndLoad(string[])"/>, into a context that lives as long as the test process: for an assembly
    /// held for the whole run, such as the shared catalogue, where unloading could never happen anyway.
    /// </summary>
    public static Assembly CompileAndLoadForTheProcess(params string[] sources) =>
        CompileAndLoad(sources, Array.Empty<AdditionalText>(), collectible: false);

    private static Assembly CompileAndLoad(string[] sources, AdditionalText[] additionalTexts, bool collectible)
    {
        GeneratorRun run = Run(CreateCompilation(sources), CreateDriver(additionalTexts));
        Assert.Empty(run.GeneratorDiagnostics);
        AssertNoWarnings(run.Output);

        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("NetGenTest", isCollectible: collectible);
        return context.LoadFromStream(stream);
    }

    public static void AssertNoWarnings(Compilation compilation)
    {
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The compilation has warnings or errors:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Take(20)));
    }

    /// <summary>Creates the network type <paramref name="name"/> of <paramref name="assembly"/> with its parameterless constructor.</summary>
    public static INetwork<T> Create<T>(Assembly assembly, string name)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Type type = assembly.GetType(name) ?? throw new InvalidOperationException($"No type {name} in the generated assembly.");
        return (INetwork<T>)Activator.CreateInstance(type)!;
    }

    public static IEnumerable<string> StepReasons(GeneratorRun run, string step) =>
        run.Driver.GetRunResult().Results.SelectMany(r => r.TrackedSteps.TryGetValue(step, out var steps) ? steps : ImmutableArray<IncrementalGeneratorRunStep>.Empty)
            .SelectMany(s => s.Outputs).Select(o => o.Reason.ToString());
}

/// <summary>An additional file held in memory; a null text stands for a listed file that cannot be read.</summary>
internal sealed class InMemoryAdditionalText(string path, string? text) : AdditionalText
{
    public override string Path { get; } = path;

    public override Microsoft.CodeAnalysis.Text.SourceText? GetText(System.Threading.CancellationToken cancellationToken = default) =>
        text is null ? null : Microsoft.CodeAnalysis.Text.SourceText.From(text);
}
