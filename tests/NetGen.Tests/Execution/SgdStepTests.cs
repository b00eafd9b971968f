using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution;

/// <summary>
/// The generated SgdStep, fused into the backward pass, against the step it stands for: the parameters minus the
/// learning rate times the gradient that AccumulateGradients computes from zero, for every network of
/// <see cref="NetworkCatalog"/> (every activation, loss, precision, code shape, with and without biases) and for large
/// networks whose layers run as vector loops. Also the interface's default for a hand-written network.
/// </summary>
public sealed class SgdStepTests : IClassFixture<CompiledCatalogFixture>, IClassFixture<SgdStepTests.LargeNetworksFixture>
{
    private const double LearningRate = 0.1;

    private readonly CompiledCatalogFixture _catalog;
    private readonly LargeNetworksFixture _large;

    public SgdStepTests(CompiledCatalogFixture catalog, LargeNetworksFixture large)
    {
        _catalog = catalog;
        _large = large;
    }

    /// <summary>784-128-64-10 like mnist (rows of every vector width with remainders), and 1-64-1 (vectors across the units).</summary>
    public static IReadOnlyList<TestTopology> LargeNetworks { get; } = new[] { Precision.Single, Precision.Double }.SelectMany(precision =>
    {
        string p = precision == Precision.Single ? "F" : "D";
        return new[]
        {
            new TestTopology($"SgdMnist_{p}", Loss.CrossEntropy, precision, 784,
                new[] { new TestLayer(128, Activation.ReLU), new TestLayer(64, Activation.ReLU), new TestLayer(10, Activation.Softmax) }),
            new TestTopology($"SgdAcross_{p}", Loss.MeanSquaredError, precision, 1,
                new[] { new TestLayer(64, Activation.Tanh), new TestLayer(1, Activation.Identity) }),
            new TestTopology($"SgdWideNoBias_{p}", Loss.BinaryCrossEntropy, precision, 100,
                new[] { new TestLayer(50, Activation.LeakyReLU, Bias: false), new TestLayer(3, Activation.Sigmoid, Bias: false) }),
        };
    }).ToArray();

    public static IEnumerable<object[]> LargeNames => LargeNetworks.Select(t => new object[] { t.Name });

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void SgdStep_CatalogNetwork_IsParametersMinusRateTimesGradient(string name) =>
        Run(_catalog.Assembly, NetworkCatalog.Get(name), CheckStep);

    [Theory]
    [MemberData(nameof(LargeNames))]
    public void SgdStep_LargeNetwork_IsParametersMinusRateTimesGradient(string name) =>
        Run(_large.Assembly, LargeNetworks.First(t => t.Name == name), CheckStep);

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void SgdStep_RateZero_LeavesParametersBitIdentical(string name) =>
        Run(_catalog.Assembly, NetworkCatalog.Get(name), CheckZeroRate);

    [Theory]
    [MemberData(nameof(LargeNames))]
    public void SgdStep_LargeNetworkRateZero_LeavesParametersBitIdentical(string name) =>
        Run(_large.Assembly, LargeNetworks.First(t => t.Name == name), CheckZeroRate);

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void SgdStep_Counting_SameStepAndTheForwardPassesVerdict(string name) =>
        Run(_catalog.Assembly, NetworkCatalog.Get(name), CheckCounting);

    [Theory]
    [MemberData(nameof(LargeNames))]
    public void SgdStep_LargeNetworkCounting_SameStepAndTheForwardPassesVerdict(string name) =>
        Run(_large.Assembly, LargeNetworks.First(t => t.Name == name), CheckCounting);

    [Fact]
    public void SgdStep_WrongLengths_ThrowNamingTheArgument()
    {
        INetwork<float> net = new NetGen.Tests.Runtime.SmallSquareNet();
        var error = Assert.Throws<ArgumentException>(() => net.SgdStep(new float[2], new float[1], 0.1f));
        Assert.Equal("input", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => net.SgdStep(new float[1], new float[0], 0.1f));
        Assert.Equal("target", error.ParamName);
    }

    [Fact]
    public void SgdStep_DefaultImplementation_StepsAndLeavesGradientsZero()
    {
        // A hand-written network that does not implement SgdStep gets INetwork's default: gradient, step, zeroed gradients.
        var inner = new NetGen.Tests.Runtime.SmallSquareNet();
        INetwork<float> handWritten = new WrappedNetwork(inner);
        float[] input = { 0.7f }, target = { 0.49f };
        float[] before = inner.Parameters.ToArray();
        inner.ZeroGradients();
        float expectedLoss = inner.AccumulateGradients(input, target);
        float[] gradient = inner.Gradients.ToArray();
        inner.Gradients.Fill(5f);

        float loss = handWritten.SgdStep(input, target, 0.25f);

        Assert.Equal(expectedLoss, loss);
        Assert.All(inner.Gradients.ToArray(), g => Assert.Equal(0f, g));
        float[] after = inner.Parameters.ToArray();
        for (int k = 0; k < after.Length; k++)
        {
            Assert.Equal(before[k] - (0.25f * gradient[k]), after[k]);
        }
    }

    private static void Run(Assembly assembly, TestTopology topology, Action<TestTopology, object> check) =>
        check(topology, topology.Precision == Precision.Single
            ? GeneratorHarness.Create<float>(assembly, topology.Name)
            : GeneratorHarness.Create<double>(assembly, topology.Name));

    private static void CheckStep(TestTopology topology, object net)
    {
        if (net is INetwork<float> single)
        {
            CheckStep(topology, single);
        }
        else
        {
            CheckStep(topology, (INetwork<double>)net);
        }
    }

    private static void CheckCounting(TestTopology topology, object net)
    {
        if (net is INetwork<float> single)
        {
            CheckCounting(topology, single);
        }
        else
        {
            CheckCounting(topology, (INetwork<double>)net);
        }
    }

    /// <summary>
    /// The counting overload moves the parameters bit for bit as the plain one, returns the same loss, and counts what
    /// EvaluateLossBatch counts at the parameters before the step (0 for a regression loss).
    /// </summary>
    private static void CheckCounting<T>(TestTopology topology, INetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(ForwardBackwardTests.StableSeed(topology.Name) ^ 0x5be0cd19);
        T rate = T.CreateChecked(LearningRate);
        int total = 0;
        for (int sample = 0; sample < 6; sample++)
        {
            T[] input = Convert<T>(ForwardBackwardTests.RandomVector(random, topology.InputSize, -1, 1));
            T[] target = Convert<T>(ForwardBackwardTests.RandomTarget(random, topology));
            T[] before = net.Parameters.ToArray();
            net.EvaluateLossBatch(input, target, 1, out int expected);
            T plainLoss = net.SgdStep(input, target, rate);
            byte[] plain = Bits(net.Parameters.ToArray());
            before.CopyTo(net.Parameters);

            T loss = net.SgdStep(input, target, rate, out int correct);

            Assert.Equal(Bits(new[] { plainLoss }), Bits(new[] { loss }));
            Assert.Equal(plain, Bits(net.Parameters.ToArray()));
            Assert.Equal(expected, correct);
            total += correct;
        }

        if (topology.Loss == Loss.MeanSquaredError)
        {
            Assert.Equal(0, total);
        }
    }

    private static void CheckZeroRate(TestTopology topology, object net)
    {
        if (net is INetwork<float> single)
        {
            CheckZeroRate(topology, single);
        }
        else
        {
            CheckZeroRate(topology, (INetwork<double>)net);
        }
    }

    /// <summary>
    /// p − lr·g within a few roundings: the fused step rounds (lr·dz)·x where the reference rounds lr·(dz·x), and the sum.
    /// The loss is AccumulateGradients' to the bit (the same forward pass), and the gradients keep their sentinel.
    /// </summary>
    private static void CheckStep<T>(TestTopology topology, INetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(ForwardBackwardTests.StableSeed(topology.Name) ^ 0x3c6ef372);
        double epsilon = typeof(T) == typeof(float) ? 1.2e-7 : 2.3e-16; // the spacing of the numbers at 1
        T rate = T.CreateChecked(LearningRate);
        for (int sample = 0; sample < 3; sample++)
        {
            T[] input = Convert<T>(ForwardBackwardTests.RandomVector(random, topology.InputSize, -1, 1));
            T[] target = Convert<T>(ForwardBackwardTests.RandomTarget(random, topology));
            T[] before = net.Parameters.ToArray();
            net.ZeroGradients();
            T expectedLoss = net.AccumulateGradients(input, target);
            T[] gradient = net.Gradients.ToArray();
            T sentinel = T.CreateChecked(-1234.5);
            net.Gradients.Fill(sentinel);

            T loss = net.SgdStep(input, target, rate);

            Assert.Equal(Bits(new[] { expectedLoss }), Bits(new[] { loss }));
            Assert.All(net.Gradients.ToArray(), g => Assert.Equal(sentinel, g));
            T[] after = net.Parameters.ToArray();
            for (int k = 0; k < after.Length; k++)
            {
                double p = double.CreateChecked(before[k]), step = double.CreateChecked(rate) * double.CreateChecked(gradient[k]);
                double expected = p - step;
                double tolerance = 4 * epsilon * (Math.Abs(p) + Math.Abs(step));
                double actual = double.CreateChecked(after[k]);
                Assert.True(Math.Abs(actual - expected) <= tolerance,
                    $"{topology}, sample {sample}: parameter {k} is {actual:R} after the step, p − lr·g is {expected:R} (p {p:R}, g {double.CreateChecked(gradient[k]):R}).");
            }
        }
    }

    private static void CheckZeroRate<T>(TestTopology topology, INetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(ForwardBackwardTests.StableSeed(topology.Name));
        T[] input = Convert<T>(ForwardBackwardTests.RandomVector(random, topology.InputSize, -1, 1));
        T[] target = Convert<T>(ForwardBackwardTests.RandomTarget(random, topology));
        byte[] before = Bits(net.Parameters.ToArray());
        net.ZeroGradients();
        T expectedLoss = net.AccumulateGradients(input, target);

        T loss = net.SgdStep(input, target, T.Zero);

        Assert.Equal(Bits(new[] { expectedLoss }), Bits(new[] { loss }));
        Assert.Equal(before, Bits(net.Parameters.ToArray()));
    }

    private static T[] Convert<T>(double[] values)
        where T : unmanaged, IFloatingPointIeee754<T> => values.Select(T.CreateChecked).ToArray();

    private static byte[] Bits<T>(T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>Compiles <see cref="LargeNetworks"/> once.</summary>
    public sealed class LargeNetworksFixture
    {
        public Assembly Assembly { get; } = GeneratorHarness.CompileAndLoad(string.Join("\n", LargeNetworks.Select(t => t.ToSource())));
    }
}
