extern alias gen;

using System;
using System.IO;
using System.Linq;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Emit;

/// <summary>
/// The generated text compared with committed baselines under Emit/Baselines/&lt;Case&gt;/. Reviewers see the generator's
/// output change in the diff. Set NETGEN_UPDATE_BASELINES=1 to rewrite the files.
/// </summary>
public sealed class BaselineTests
{
    [Fact]
    public void Emit_SquareNet_MatchesBaseline() => AssertBaseline("SquareNet", """
        namespace Samples;

        [NetGen.Network(NetGen.Loss.MeanSquaredError)]
        [NetGen.Input(1)]
        [NetGen.Dense(8, NetGen.Activation.LeakyReLU)]
        [NetGen.Dense(1)]
        public partial class SquareNet;
        """);

    [Fact]
    public void Emit_XorNet_MatchesBaseline() => AssertBaseline("XorNet", """
        namespace Samples;

        public static partial class Models
        {
            [NetGen.Network(NetGen.Loss.BinaryCrossEntropy, Precision = NetGen.Precision.Double)]
            [NetGen.Input(2)]
            [NetGen.Dense(3, NetGen.Activation.Tanh)]
            [NetGen.Dense(1, NetGen.Activation.Sigmoid)]
            public partial class XorNet;
        }
        """);

    [Fact]
    public void Emit_DigitsNet_LoopedLayers_MatchesBaseline() => AssertBaseline("DigitsNet", """
        [NetGen.Network(NetGen.Loss.CrossEntropy)]
        [NetGen.Input(64)]
        [NetGen.Dense(32, NetGen.Activation.ReLU)]
        [NetGen.Dense(10, NetGen.Activation.Softmax)]
        public partial class DigitsNet;
        """);

    [Fact]
    public void Emit_InvalidNetwork_MatchesBaseline() => AssertBaseline("MissingInput", """
        [NetGen.Network(NetGen.Loss.MeanSquaredError)]
        [NetGen.Dense(4)]
        public partial class MissingInput;
        """);

    private static void AssertBaseline(string name, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        (string hintName, string text) = Assert.Single(run.Sources);
        string actual = text.Replace(gen::NetGen.Generator.Emit.NetworkEmitter.GeneratorVersion, "%VERSION%", StringComparison.Ordinal);
        string path = Path.Combine(RepositoryPaths.Root, "tests", "NetGen.Tests", "Emit", "Baselines", name, hintName.Replace(".cs", ".txt", StringComparison.Ordinal));

        if (Environment.GetEnvironmentVariable("NETGEN_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"No baseline at {path}; run the tests with NETGEN_UPDATE_BASELINES=1 to create it.");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }
}
