using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using NetGen.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NetGen.Tests.Execution;

/// <summary>Properties of generated code beyond its math: allocation, threads, culture, size.</summary>
public sealed class GeneratedCodeTests
{
    private readonly ITestOutputHelper _output;

    public GeneratedCodeTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> AllocationNetworks => new()
    {
        // Unrolled, looped, mixed, double, and one whose Predict scratch is too large for the stack (kept per thread).
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(1)] [NetGen.Dense(64, NetGen.Activation.LeakyReLU)] [NetGen.Dense(1)] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.CrossEntropy)] [NetGen.Input(64)] [NetGen.Dense(32, NetGen.Activation.ReLU)] [NetGen.Dense(10, NetGen.Activation.Softmax)] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.BinaryCrossEntropy, Precision = NetGen.Precision.Double)] [NetGen.Input(3)] [NetGen.Dense(40, NetGen.Activation.Tanh)] [NetGen.Dense(2, NetGen.Activation.Sigmoid)] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(4)] [NetGen.Dense(2100, NetGen.Activation.Sigmoid)] [NetGen.Dense(2)] public partial class Net;",
    };

    [Theory]
    [MemberData(nameof(AllocationNetworks))]
    public void PredictAndAccumulateGradients_AfterWarmUp_AllocateNothing(string source)
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad(source);
        Type type = assembly.GetType("Net")!;
        if (type.GetInterfaces().Contains(typeof(INetwork<double>)))
        {
            AssertNoAllocation((INetwork<double>)Activator.CreateInstance(type)!);
        }
        else
        {
            AssertNoAllocation((INetwork<float>)Activator.CreateInstance(type)!);
        }
    }

    private static void AssertNoAllocation<T>(INetwork<T> net)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var input = new T[net.InputSize];
        var output = new T[net.OutputSize];
        var target = new T[net.OutputSize];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = T.CreateChecked(0.1 * (i % 7));
        }

        target[0] = T.One;
        long predictBytes = Allocations.Measure(() => net.Predict(input, output));
        long trainBytes = Allocations.Measure(() => net.AccumulateGradients(input, target));
        Assert.Equal(0, predictBytes);
        Assert.Equal(0, trainBytes);
    }

    [Theory]
    // 301 inputs are more than sixteen vectors at 512, 256 and 128 bits; 256 are exactly sixteen at 512 bits, where the
    // column strips stay; 64 are sixteen at 128 bits; the first layer has no dL/dh and never takes the row pass.
    [InlineData(301, 3)]
    [InlineData(256, 2)]
    [InlineData(64, 0)]
    public void TrainingBodies_RowsOfMoreThanSixteenVectors_TakeTheRowPass(int hidden, int expected)
    {
        int rowPasses = Occurrences(
            $"[NetGen.Network(NetGen.Loss.MeanSquaredError, Unrolling = NetGen.Unrolling.Loops)] [NetGen.Input(300)] [NetGen.Dense({hidden}, NetGen.Activation.Tanh)] [NetGen.Dense(3)] public partial class Net;",
            "in the same pass over the rows");

        Assert.Equal(expected, rowPasses);
    }

    [Theory]
    [InlineData(1, 3)] // the 512-, 256- and 128-bit bodies; the scalar body is unrolled
    [InlineData(2, 0)] // two inputs: rows, not one column
    public void TrainingBodies_SingleInputFirstLayer_KeepDzInRegisters(int inputs, int expected)
    {
        int inRegisters = Occurrences(
            $"[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input({inputs})] [NetGen.Dense(64, NetGen.Activation.LeakyReLU)] [NetGen.Dense(1)] public partial class Net;",
            "a chunk at a time, in registers");

        Assert.Equal(expected, inRegisters);
    }

    [Theory]
    // 31 inputs → 32 units: 1,024 parameters, the pass is written into Predict (no method per vector width); 40 → 25 is
    // 1,025 and keeps the four private methods Predict calls. Both shapes run the numeric catalogue (ForwardBackwardTests).
    [InlineData(31, 32, 0)]
    [InlineData(40, 25, 4)]
    public void Predict_UpTo1024Parameters_HoldsThePassItself(int inputs, int units, int widthMethods)
    {
        string declaration = $"[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input({inputs})] [NetGen.Dense({units}, NetGen.Activation.Tanh)] public partial class Net;";

        Assert.Equal(widthMethods, Occurrences(declaration, "private static void __NetGen_Predict"));
        Assert.Equal(4 - widthMethods, Occurrences(declaration, "p = MemoryMarshal.CreateReadOnlySpan(ref __NetGen_parameters.Reference, ParameterCount);"));
    }

    [Theory]
    // digits' shape: the 64 → 10 row blocks stay in registers for the 10 → 10 vector units at 512, 256 and 128 bits
    // (the scalar body has neither); a softmax output has no layer after it to hand registers to.
    [InlineData("[NetGen.Dense(10, NetGen.Activation.ReLU)] [NetGen.Dense(10, NetGen.Activation.Softmax)]", 3)]
    [InlineData("[NetGen.Dense(10, NetGen.Activation.Softmax)]", 0)]
    public void Predict_RowBlocksBeforeVectorUnits_StayInRegisters(string layers, int expected)
    {
        string declaration = $"[NetGen.Network(NetGen.Loss.CrossEntropy)] [NetGen.Input(64)] {layers} public partial class Net;";

        Assert.Equal(expected, Occurrences(declaration, "global::System.Runtime.Intrinsics.Vector128<float> h1q0, h1q1, h1q2;"));
        Assert.Equal(expected, Occurrences(declaration, "h1q2 = Kernels.Max(zq, V128.Create(0f));"));
    }

    [Theory]
    // wide's shape (256 → 256 in row blocks of four): tanh and sigmoid run over the layer's outputs at the full width of
    // each body after the blocks (one pass each in Predict and AccumulateGradients at 512, 256 and 128 bits); ReLU stays
    // on each block's vectors of four units (Predict and AccumulateGradients: one vector a block at 512 and 256 bits, two
    // in the blocks of eight rows at 128 bits). Both shapes run the numeric catalogue.
    [InlineData("Tanh", "Kernels.Tanh(V128.LoadUnsafe", "Kernels.Tanh(zq", 0)]
    [InlineData("Sigmoid", "Kernels.Sigmoid(V128.LoadUnsafe", "Kernels.Sigmoid(zq", 0)]
    [InlineData("ReLU", "Kernels.Max(V512.LoadUnsafe", "Kernels.Max(zq", 8)]
    public void RowBlocks_ExponentialActivation_RunsOverTheLayerAtFullWidth(string activation, string fullWidth128, string perBlock, int perBlockCount)
    {
        string declaration = $"[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(256)] [NetGen.Dense(256, NetGen.Activation.{activation})] [NetGen.Dense(16)] public partial class Net;";

        Assert.Equal(perBlockCount, Occurrences(declaration, perBlock));
        if (perBlockCount == 0)
        {
            Assert.True(Occurrences(declaration, fullWidth128.Replace("V128", "V512", StringComparison.Ordinal)) >= 2);
            Assert.True(Occurrences(declaration, fullWidth128.Replace("V128", "V256", StringComparison.Ordinal)) >= 2);
            Assert.True(Occurrences(declaration, fullWidth128) >= 2);
        }
    }

    [Fact]
    public void RowBlocks_WithoutALoop_StartFromTheFirstProduct_LoopsStartFromZero()
    {
        // 64 → 1 after a 1 → 64 layer: four chunks at 512 bits, no loop; each accumulator starts as a multiply.
        string small = "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(1)] [NetGen.Dense(64, NetGen.Activation.LeakyReLU)] [NetGen.Dense(1)] public partial class Net;";
        Assert.Equal(1, Occurrences(small, "var acc0_0 = V512.LoadUnsafe(ref rW2, 0) * h1v0;"));
        Assert.Equal(1, Occurrences(small, "var acc0_3 = V512.LoadUnsafe(ref rW2, 48) * h1v3;"));
        Assert.Equal(0, Occurrences(small, "acc0_0 = V512.Create(0f);"));

        // 300 inputs: 18 chunks at 512 bits, blocks of four rows summed in a loop whose accumulators start at zero.
        string looped = "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(300)] [NetGen.Dense(40, NetGen.Activation.ReLU)] [NetGen.Dense(2)] public partial class Net;";
        Assert.True(Occurrences(looped, "var acc0_0 = V512.Create(0f);") >= 1);
        Assert.True(Occurrences(looped, "for (nuint i = 0; i < ") >= 1);
    }

    [Fact]
    public void Predict_VectorsAcrossTheUnits_HandUpToSixteen128BitVectorsOnInRegisters()
    {
        // xsq's 1 → 64: four vectors at 512 bits, eight at 256, sixteen at 128, all held in Predict for the 64 → 1 dot
        // product instead of a round trip through stack scratch. wide's 256 → 256 is row blocks: its sixteen 512-bit
        // vectors of h go through scratch (held, they ran 3.2× slower).
        string xsq = "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(1)] [NetGen.Dense(64, NetGen.Activation.LeakyReLU)] [NetGen.Dense(1)] public partial class Net;";
        Assert.Equal(1, Occurrences(xsq, "var h1v15 = Kernels.Max(z1v15, V128.Create(0.01f) * z1v15);"));
        Assert.Equal(1, Occurrences(xsq, "var h1v7 = Kernels.Max(z1v7, V256.Create(0.01f) * z1v7);"));

        string wide = "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(256)] [NetGen.Dense(256, NetGen.Activation.Tanh)] [NetGen.Dense(256, NetGen.Activation.Tanh)] [NetGen.Dense(16)] public partial class Net;";
        Assert.Equal(0, Occurrences(wide, "h1v15"));
    }

    [Fact]
    public void LoopedRowBlocks_ReadEachRowFromTheBlocksFirst_EightRowsOnlyAt128Bits()
    {
        // 256 → 40: 64, 32 and 16 chunks at 128, 256 and 512 bits, so every width loops over the inputs. Each block reads
        // its rows at constant distances from its first row (one register and the loop index per load); at 128 bits,
        // where four chains of FMAs are the limit, a block has eight rows (NetworkLowering.RowsPerBlock), else four.
        string code = Generated("[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(256)] [NetGen.Dense(40, NetGen.Activation.ReLU)] [NetGen.Dense(2)] public partial class Net;");
        Assert.Contains("ref float rW1j = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref rW1, j * 256); // the block's first row", code);
        Assert.Contains("a7 = Kernels.Fma(V128.LoadUnsafe(ref rW1j, i + 1792), xv0, a7);", code);
        Assert.Contains("V128.StoreUnsafe(zq1, ref rz1, (nuint)(j + 4));", code);
        Assert.Contains("acc3_0 = Kernels.Fma(V256.LoadUnsafe(ref rW1j, i + 768), xv0, acc3_0);", code);
        Assert.Contains("acc3_0 = Kernels.Fma(V512.LoadUnsafe(ref rW1j, i + 768), xv0, acc3_0);", code);
        Assert.DoesNotContain("V256.LoadUnsafe(ref rW1j, i + 1024)", code);
        Assert.DoesNotContain("V512.LoadUnsafe(ref rW1j, i + 1024)", code);
        Assert.DoesNotContain("(nuint)(w0 + i)", code);
        Assert.Contains("Dense 256→40, ReLU, rows in blocks of eight, 128-bit dot products.", code);
        Assert.Contains("Dense 256→40, ReLU, rows in blocks of four, 256-bit dot products.", code);
    }

    [Fact]
    public void RowBlocks_KeepEightChainsInVectorLoops_FourInScalarAndUnrolledCode()
    {
        // digits' 64 → 10 → 10: 16 chunks of x at 128 bits and 8 at 256 (a loop), 4 at 512 (unrolled). A looped block of
        // four rows keeps two accumulators per row (the even and the odd vectors of x) and the last block of two rows
        // four per row: eight chains (NetworkLowering.ChainsPerBlock). Unrolled and scalar blocks keep four chains: one
        // per row in a block of four, two per row in the block of two.
        string code = Generated("[NetGen.Network(NetGen.Loss.CrossEntropy)] [NetGen.Input(64)] [NetGen.Dense(10, NetGen.Activation.ReLU)] [NetGen.Dense(10, NetGen.Activation.Softmax)] public partial class Net;");
        string[] expected =
        {
            "for (nuint i = 0; i < 64; i += 8)", // 128 bits: two vectors of x per step
            "acc3_1 = Kernels.Fma(V128.LoadUnsafe(ref rW1, i + 196), xv1, acc3_1);",
            "Kernels.Sum4(acc0_0 + acc0_1, acc1_0 + acc1_1, acc2_0 + acc2_1, acc3_0 + acc3_1)",
            "acc1_3 = Kernels.Fma(V128.LoadUnsafe(ref rW1j, i + 76), xv3, acc1_3);", // the block of two rows: four each
            "for (nuint i = 0; i < 64; i += 16)", // 256 bits
            "acc3_1 = Kernels.Fma(V256.LoadUnsafe(ref rW1, i + 200), xv1, acc3_1);",
            "var a3 = V512.LoadUnsafe(ref rW1, 192) * xv0;", // 512 bits, unrolled: one per row in a block of four
            "var acc1_1 = V512.LoadUnsafe(ref rW1, 592) * xv1;", // and two per row in the block of two
            "a3 = W1[w3 + i] * xv0 + a3;", // scalar loop: one per row in a block of four
            "float acc1_1 = 0f;", // and two in the block of two
        };
        foreach (string line in expected)
        {
            Assert.Contains(line, code);
        }

        Assert.DoesNotContain("acc1_2 = V512", code);
        Assert.DoesNotContain("float acc1_2", code);

        // A block whose first row is a constant loads from numbers, not from row offsets plus zero.
        Assert.Contains("ref float rW1j = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref rW1, 256); // the block's first row", code);
        Assert.DoesNotContain("+ 0))", code);
        Assert.DoesNotContain("(4 + ", code);
    }

    [Fact]
    public void RowsAsVectors_BlocksOfOneOrTwoRows_SumWithoutZeroVectors()
    {
        // sincos' 7 → 10 → 2 and xor's 4 → 1: the last block of a layer holds fewer than four rows. Its sums take one
        // pairwise addition fewer (Kernels.Sum2, Kernels.Sum1) instead of adding zero vectors in Kernels.Sum4.
        string sincos = Generated("[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(7)] [NetGen.Dense(10, NetGen.Activation.LeakyReLU)] [NetGen.Dense(2)] public partial class Net;");
        Assert.Contains("var z1q2 = Kernels.Sum2(a1_8, a1_9) + ", sincos);
        Assert.Contains("var h2q0 = Kernels.Sum2(a2_0, a2_1) + ", sincos);
        Assert.Contains("var z1q0 = Kernels.Sum4(a1_0, a1_1, a1_2, a1_3) + ", sincos);

        string xor = Generated("[NetGen.Network(NetGen.Loss.BinaryCrossEntropy)] [NetGen.Input(3)] [NetGen.Dense(4, NetGen.Activation.Sigmoid)] [NetGen.Dense(1, NetGen.Activation.Sigmoid)] public partial class Net;");
        Assert.Contains("var z2q0 = Kernels.Sum1(a2_0) + ", xor);
        foreach (string code in new[] { sincos, xor })
        {
            Assert.DoesNotContain("V128.Create(0f), V128.Create(0f)", code);
        }
    }

    /// <summary>How often the code generated for <paramref name="declaration"/> contains <paramref name="text"/>.</summary>
    private static int Occurrences(string declaration, string text) => Generated(declaration).Split(text).Length - 1;

    /// <summary>The one source file the generator writes for <paramref name="declaration"/>.</summary>
    private static string Generated(string declaration) =>
        GeneratorHarness.Run(GeneratorHarness.CreateCompilation(declaration)).Sources.Single().Text;

    [Fact]
    public void Predict_ManyThreadsOnOneInstance_MatchesSequentialResults()
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad(
            "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(16)] [NetGen.Dense(300, NetGen.Activation.Tanh)] [NetGen.Dense(8, NetGen.Activation.LeakyReLU)] [NetGen.Dense(3)] public partial class Net;");
        var net = GeneratorHarness.Create<float>(assembly, "Net");
        var random = new Random(3);
        float[][] inputs = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        float[][] expected = inputs.Select(x =>
        {
            var y = new float[3];
            net.Predict(x, y);
            return y;
        }).ToArray();

        int mismatches = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var y = new float[3];
            for (int round = 0; round < 200; round++)
            {
                for (int s = 0; s < inputs.Length; s++)
                {
                    net.Predict(inputs[s], y);
                    if (!y.AsSpan().SequenceEqual(expected[s]))
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Generator_CultureWithUnicodeMinusAndDecimalComma_EmitsSameInvariantText()
    {
        const string Source = """
            [NetGen.Network(NetGen.Loss.MeanSquaredError)]
            [NetGen.Input(2)]
            [NetGen.Dense(3, NetGen.Activation.LeakyReLU, Alpha = 0.125f, WeightInit = NetGen.Init.Uniform, UniformLow = -0.25f, UniformHigh = 0.5f, BiasInit = -1.5f)]
            [NetGen.Dense(1)]
            public partial class Net;
            """;
        string invariant = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source)).Sources.Single().Text;

        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            var culture = (CultureInfo)CultureInfo.GetCultureInfo("sv-SE").Clone();
            culture.NumberFormat.NegativeSign = "\u2212";
            culture.NumberFormat.NumberDecimalSeparator = ",";
            CultureInfo.CurrentCulture = culture;
            Assert.Equal("\u22121,5", (-1.5f).ToString(CultureInfo.CurrentCulture));

            GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source));
            Assert.Equal(invariant, run.Sources.Single().Text);
            GeneratorHarness.AssertNoWarnings(run.Output);
            Assert.Contains("-1.5f", invariant, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void LargeNetwork_784_128_64_10_CompilesAndMatchesReference()
    {
        var topology = new TestTopology("Mnist", Loss.CrossEntropy, Precision.Single, 784, new[]
        {
            new TestLayer(128, Activation.ReLU), new TestLayer(64, Activation.ReLU), new TestLayer(10, Activation.Softmax),
        });

        var clock = Stopwatch.StartNew();
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(topology.ToSource()));
        TimeSpan generate = clock.Elapsed;
        GeneratorHarness.AssertNoWarnings(run.Output);
        using var stream = new System.IO.MemoryStream();
        Assert.True(run.Output.Emit(stream).Success);
        TimeSpan total = clock.Elapsed;
        _output.WriteLine($"784-128-64-10: generated {run.Sources.Single().Text.Length:N0} characters in {generate.TotalMilliseconds:F0} ms; generate + compile {total.TotalMilliseconds:F0} ms.");

        stream.Position = 0;
        Assembly assembly = new System.Runtime.Loader.AssemblyLoadContext("Mnist", isCollectible: true).LoadFromStream(stream);
        var net = Adapter.Create(assembly, topology);
        var random = new Random(11);
        double[] input = ForwardBackwardTests.RandomVector(random, 784, 0, 1);
        double[] expected = ReferenceNetwork.Forward(topology, net.Parameters, input, out _);
        double[] actual = net.Predict(input);
        for (int k = 0; k < 10; k++)
        {
            Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-5 * Math.Max(Math.Abs(expected[k]), 0.1), $"output {k}: {actual[k]} vs {expected[k]}");
        }
    }
}
