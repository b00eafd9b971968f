extern alias gen;

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using gen::NetGen.Generator;
using gen::NetGen.Generator.Model;
using gen::NetGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Incremental;

/// <summary>The pipeline stops at Parse or Lower when nothing the network depends on changed.</summary>
public sealed class IncrementalTests
{
    private const string Network = """
        namespace App;

        [NetGen.Network(NetGen.Loss.MeanSquaredError)]
        [NetGen.Input(2)]
        [NetGen.Dense(4, NetGen.Activation.Tanh)]
        [NetGen.Dense(1)]
        public partial class Net
        {
            // A comment inside the network class.
            public int Version => 1;
        }
        """;

    private const string Other = "namespace App; public static class Other { public static int Value => 1; }";

    [Fact]
    public void Pipeline_UnrelatedEdit_LeavesEveryStepCached()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(Network, Other);
        GeneratorRun run = GeneratorHarness.Run(first);

        SyntaxTree oldTree = first.SyntaxTrees.Last();
        Compilation second = first.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(Other.Replace("=> 1", "=> 2", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: oldTree.FilePath));
        GeneratorRun rerun = GeneratorHarness.Run(second, run.Driver);

        AssertAll(rerun, NetworkGenerator.Steps.Parse, "Cached", "Unchanged");
        AssertAll(rerun, NetworkGenerator.Steps.Lower, "Cached", "Unchanged");
        AssertAll(rerun, NetworkGenerator.Steps.Emit, "Cached", "Unchanged");
    }

    [Fact]
    public void Pipeline_EditInsideNetworkClass_StopsAfterParse()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(Network, Other);
        GeneratorRun run = GeneratorHarness.Run(first);

        SyntaxTree oldTree = first.SyntaxTrees.First();
        string edited = Network.Replace("// A comment inside the network class.", "// An edited comment.", StringComparison.Ordinal)
            .Replace("Version => 1", "Version => 2", StringComparison.Ordinal);
        Compilation second = first.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions, path: oldTree.FilePath));
        GeneratorRun rerun = GeneratorHarness.Run(second, run.Driver);

        // The attributed class is re-parsed (its syntax changed) but gives an equal spec, so Lower and Emit do not run.
        AssertAll(rerun, NetworkGenerator.Steps.Parse, "Unchanged", "Cached");
        AssertAll(rerun, NetworkGenerator.Steps.Lower, "Cached", "Unchanged");
        AssertAll(rerun, NetworkGenerator.Steps.Emit, "Cached", "Unchanged");
    }

    [Fact]
    public void Pipeline_LayerSizeChange_ModifiesParseLowerAndEmit()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(Network, Other);
        GeneratorRun run = GeneratorHarness.Run(first);

        SyntaxTree oldTree = first.SyntaxTrees.First();
        string edited = Network.Replace("Dense(4,", "Dense(5,", StringComparison.Ordinal);
        Compilation second = first.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions, path: oldTree.FilePath));
        GeneratorRun rerun = GeneratorHarness.Run(second, run.Driver);

        AssertAll(rerun, NetworkGenerator.Steps.Parse, "Modified");
        AssertAll(rerun, NetworkGenerator.Steps.Lower, "Modified");
        AssertAll(rerun, NetworkGenerator.Steps.Emit, "Modified");
        Assert.Contains("W1·input + b1", rerun.Sources.Single().Text, StringComparison.Ordinal);
        Assert.Contains("Dense 2→5", rerun.Sources.Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoCompilationsOfSameSource_GiveEqualSpecsWithEqualHashes()
    {
        NetworkSpec a = ParseOnly(Network);
        NetworkSpec b = ParseOnly(Network);
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ParseOnly(Network.Replace("Dense(4,", "Dense(5,", StringComparison.Ordinal)));
    }

    [Fact]
    public void Model_ReflectionWalk_HoldsNoRoslynObjects()
    {
        NetworkSpec spec = ParseOnly(Network);
        var plan = gen::NetGen.Generator.Lowering.NetworkLowering.Lower(spec, default);
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(AttributeData), typeof(Diagnostic) };
        foreach (object root in new object[] { spec, plan })
        {
            foreach (object value in Walk(root, new HashSet<object>(ReferenceEqualityComparer.Instance)))
            {
                Assert.DoesNotContain(forbidden, f => f.IsInstanceOfType(value));
            }
        }
    }

    private static NetworkSpec ParseOnly(string source)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        INamedTypeSymbol type = compilation.GetTypeByMetadataName("App.Net")!;
        return NetworkParser.Parse(type, default).Spec!;
    }

    private static IEnumerable<object> Walk(object value, HashSet<object> seen)
    {
        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            yield break;
        }

        yield return value;
        if (value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            yield break;
        }

        if (value is IEnumerable sequence)
        {
            foreach (object? item in sequence)
            {
                if (item is not null)
                {
                    foreach (object inner in Walk(item, seen))
                    {
                        yield return inner;
                    }
                }
            }
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.GetValue(value) is { } child)
            {
                foreach (object inner in Walk(child, seen))
                {
                    yield return inner;
                }
            }
        }
    }

    private static void AssertAll(GeneratorRun run, string step, params string[] allowed)
    {
        var reasons = GeneratorHarness.StepReasons(run, step).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Contains(r, allowed));
    }
}
