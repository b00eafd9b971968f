using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution.Batch;

/// <summary>
/// The batched members (DESIGN.md §2) for every network of <see cref="NetworkCatalog"/> and a few wide ones:
/// <c>PredictBatch</c> against the independent reference, <c>AccumulateGradientsBatch</c> against the sum of
/// single-sample gradients and losses, <c>EvaluateLoss</c> and <c>EvaluateLossBatch</c> against the reference loss and
/// the trainer's accuracy rule. Counts cover full blocks, partial blocks, samples run one at a time and mixes of
/// them (see <see cref="Counts"/>). The numeric catalogue: CI runs it again under each instruction-set setting.
/// </summary>
public sealed class BatchTests : IClassFixture<CompiledCatalogFixture>
{
    /// <summary>
    /// Sample counts around the block sizes of both precisions (16 and 32 samples) and the point below which a last block
    /// runs sample by sample (a third of a block): whole blocks, partial padded blocks, single samples and mixes of them.
    /// </summary>
    private static readonly int[] Counts = { 1, 2, 3, 5, 6, 7, 11, 12, 15, 16, 17, 21, 22, 31, 32, 33, 43, 48, 64, 75 };
    private const double PredictTolerance = 1e-5;

    /// <summary>
    /// The size below which one sample's loss is compared absolutely: a squared error r² moves by 2·r·δy when an output
    /// moves by its rounding δy (a few 1e-7 of an output of size 1 in float: the vector tanh and exp are within 2–3 ulp),
    /// so a small residual r makes the loss's relative rounding error 2·δy/r large. With the floor at 1e-2 (r ≈ 0.1) the
    /// change stays under the tolerance for every residual while δy is below about 2.5e-7; any wrong term is orders of
    /// magnitude above it.
    /// </summary>
    private const double LossFloor = 1e-2;
    private const double FloatGradientTolerance = 2e-5;
    private const double DoubleGradientTolerance = 1e-11;

    private readonly CompiledCatalogFixture _fixture;

    public BatchTests(CompiledCatalogFixture fixture) => _fixture = fixture;

    [Theory]
    [MemberData(nameof(NetworkCatalog.NamesWithWide), MemberType = typeof(NetworkCatalog))]
    public void PredictBatch_EveryCount_MatchesReference(string name) => Dispatch(name, new PredictCheck());

    [Theory]
    [MemberData(nameof(NetworkCatalog.NamesWithWide), MemberType = typeof(NetworkCatalog))]
    public void AccumulateGradientsBatch_EveryCount_EqualsSumOfSingleSamples(string name) => Dispatch(name, new GradientCheck());

    [Theory]
    [MemberData(nameof(NetworkCatalog.NamesWithWide), MemberType = typeof(NetworkCatalog))]
    public void EvaluateLoss_RandomSamples_MatchesReferenceAndAccumulateGradients(string name) => Dispatch(name, new LossCheck());

    [Fact]
    public void PredictBatch_AfterWarmUp_AllocatesNothing()
    {
        INetwork<float> net = GeneratorHarness.Create<float>(_fixture.Assembly, "BatchWide_F_CrossEntropy");
        var inputs = new float[11 * net.InputSize];
        var targets = new float[11 * net.OutputSize];
        var outputs = new float[11 * net.OutputSize];
        Assert.Equal(0, Allocations.Measure(() => net.PredictBatch(inputs, outputs, 11), calls: 200));
        Assert.Equal(0, Allocations.Measure(() => net.EvaluateLossBatch(inputs, targets, 11, out _), calls: 200));
        Assert.Equal(0, Allocations.Measure(() => net.AccumulateGradientsBatch(inputs, targets, 11), calls: 200));
    }

    [Fact]
    public void Batch_ShortSpansOrNegativeCount_ThrowWithTheSizes()
    {
        INetwork<float> net = GeneratorHarness.Create<float>(_fixture.Assembly, "BatchWide_F_CrossEntropy");
        var inputs = new float[3 * net.InputSize];
        var outputs = new float[2 * net.OutputSize];
        var error = Assert.Throws<ArgumentException>(() => net.PredictBatch(inputs, outputs, 3));
        Assert.Contains($"needs at least {3 * net.OutputSize} values in 'outputs', but it has {2 * net.OutputSize}", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => net.AccumulateGradientsBatch(inputs, new float[3 * net.OutputSize], 4));
        Assert.Contains($"needs at least {4 * net.InputSize} values in 'inputs'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.EvaluateLossBatch(inputs, outputs, -1, out _));
        Assert.Throws<ArgumentException>(() => net.EvaluateLoss(inputs, new float[net.OutputSize]));
        Assert.Equal(0f, net.AccumulateGradientsBatch(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, 0));
    }

    private void Dispatch(string name, ICheck check)
    {
        TestTopology topology = NetworkCatalog.Get(name);
        if (topology.Precision == Precision.Single)
        {
            check.Run(GeneratorHarness.Create<float>(_fixture.Assembly, name), topology);
        }
        else
        {
            check.Run(GeneratorHarness.Create<double>(_fixture.Assembly, name), topology);
        }
    }

    private interface ICheck
    {
        void Run<T>(INetwork<T> net, TestTopology topology)
            where T : unmanaged, IFloatingPointIeee754<T>;
    }

    private static (T[] Inputs, T[] Targets) Samples<T>(TestTopology topology, int count, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var inputs = new List<T>();
        var targets = new List<T>();
        for (int s = 0; s < count; s++)
        {
            inputs.AddRange(ForwardBackwardTests.RandomVector(random, topology.InputSize, -1, 1).Select(T.CreateChecked));
            targets.AddRange(ForwardBackwardTests.RandomTarget(random, topology).Select(T.CreateChecked));
        }

        return (inputs.ToArray(), targets.ToArray());
    }

    private static double[] Doubles<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateChecked(values[i]);
        }

        return result;
    }

    private sealed class PredictCheck : ICheck
    {
        public void Run<T>(INetwork<T> net, TestTopology topology)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            double[] parameters = Doubles<T>(net.Parameters);
            int i = topology.InputSize, o = topology.OutputSize;
            foreach (int count in Counts)
            {
                (T[] inputs, _) = Samples<T>(topology, count, ForwardBackwardTests.StableSeed(topology.Name) + count);
                // One spare sample at the end of the output must stay untouched.
                T[] outputs = Enumerable.Repeat(T.CreateChecked(12345), (count + 1) * o).ToArray();
                net.PredictBatch(inputs, outputs, count);
                for (int s = 0; s < count; s++)
                {
                    double[] expected = ReferenceNetwork.Forward(topology, parameters, Doubles<T>(inputs.AsSpan(s * i, i)), out _);
                    for (int k = 0; k < o; k++)
                    {
                        double actual = double.CreateChecked(outputs[(s * o) + k]);
                        double error = Math.Abs(actual - expected[k]) / Math.Max(Math.Abs(expected[k]), 0.1);
                        Assert.True(error <= PredictTolerance, $"{topology}, count {count}: sample {s} output {k} is {actual:R}, reference {expected[k]:R} (relative error {error:E2}).");
                    }
                }

                Assert.All(outputs.Skip(count * o), v => Assert.Equal(T.CreateChecked(12345), v));
            }
        }
    }

    private sealed class GradientCheck : ICheck
    {
        public void Run<T>(INetwork<T> net, TestTopology topology)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            double tolerance = topology.Precision == Precision.Single ? FloatGradientTolerance : DoubleGradientTolerance;
            int i = topology.InputSize, o = topology.OutputSize;
            foreach (int count in Counts)
            {
                (T[] inputs, T[] targets) = Samples<T>(topology, count, ForwardBackwardTests.StableSeed(topology.Name) ^ count);

                // The reference: the sum of single-sample gradients (each checked against finite differences of the
                // independent reference in ForwardBackwardTests), accumulated in double.
                var expected = new double[net.ParameterCount];
                double expectedLoss = 0;
                for (int s = 0; s < count; s++)
                {
                    net.ZeroGradients();
                    expectedLoss += double.CreateChecked(net.AccumulateGradients(inputs.AsSpan(s * i, i), targets.AsSpan(s * o, o)));
                    double[] one = Doubles<T>(net.Gradients);
                    for (int p = 0; p < one.Length; p++)
                    {
                        expected[p] += one[p];
                    }
                }

                net.ZeroGradients();
                double loss = double.CreateChecked(net.AccumulateGradientsBatch(inputs, targets, count));
                double[] actual = Doubles<T>(net.Gradients);
                Assert.True(Math.Abs(loss - expectedLoss) <= tolerance * Math.Max(Math.Abs(expectedLoss), 1),
                    $"{topology}, count {count}: batch loss {loss:R}, sum of single-sample losses {expectedLoss:R}.");
                double scale = Math.Max(expected.Max(Math.Abs), 1e-3);
                for (int p = 0; p < actual.Length; p++)
                {
                    double error = Math.Abs(actual[p] - expected[p]) / scale;
                    Assert.True(error <= tolerance,
                        $"{topology}, count {count}: dL/dθ[{p}] is {actual[p]:R}, the sum of single samples {expected[p]:R} (error {error:E2} of the largest component).");
                }

                // The counting overload: the same loss and gradients, and the forward pass's correct classifications
                // as the independent reference counts them.
                double[] parameters = Doubles<T>(net.Parameters);
                int expectedCorrect = 0;
                for (int s = 0; s < count; s++)
                {
                    double[] output = ReferenceNetwork.Forward(topology, parameters, Doubles<T>(inputs.AsSpan(s * i, i)), out _);
                    expectedCorrect += ReferenceCorrect(topology, output, Doubles<T>(targets.AsSpan(s * o, o)));
                }

                net.ZeroGradients();
                double counted = double.CreateChecked(net.AccumulateGradientsBatch(inputs, targets, count, out int correct));
                Assert.Equal(loss, counted);
                Assert.Equal(actual, Doubles<T>(net.Gradients));
                Assert.Equal(expectedCorrect, correct);

                // A second batch adds to what is there.
                net.AccumulateGradientsBatch(inputs, targets, count);
                double[] twice = Doubles<T>(net.Gradients);
                for (int p = 0; p < twice.Length; p++)
                {
                    Assert.True(Math.Abs(twice[p] - (2 * actual[p])) <= tolerance * scale, $"{topology}, count {count}: dL/dθ[{p}] after two batches is {twice[p]:R}, after one {actual[p]:R}.");
                }
            }
        }
    }

    private sealed class LossCheck : ICheck
    {
        public void Run<T>(INetwork<T> net, TestTopology topology)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            double[] parameters = Doubles<T>(net.Parameters);
            int i = topology.InputSize, o = topology.OutputSize;
            const int count = 75;
            (T[] inputs, T[] targets) = Samples<T>(topology, count, ForwardBackwardTests.StableSeed(topology.Name) + 99);
            double sum = 0;
            int expectedCorrect = 0;
            net.ZeroGradients();
            for (int s = 0; s < count; s++)
            {
                ReadOnlySpan<T> input = inputs.AsSpan(s * i, i), target = targets.AsSpan(s * o, o);
                double reference = ReferenceNetwork.Loss(topology, parameters, Doubles(input), Doubles(target));
                double loss = double.CreateChecked(net.EvaluateLoss(input, target));
                Assert.True(Math.Abs(loss - reference) <= PredictTolerance * Math.Max(Math.Abs(reference), LossFloor), $"{topology}: sample {s} loss {loss:R}, reference {reference:R}.");
                double accumulated = double.CreateChecked(net.AccumulateGradients(input, target));
                Assert.True(Math.Abs(loss - accumulated) <= PredictTolerance * Math.Max(Math.Abs(accumulated), LossFloor), $"{topology}: sample {s} loss {loss:R}, AccumulateGradients {accumulated:R}.");
                sum += loss;
                expectedCorrect += ReferenceCorrect(topology, ReferenceNetwork.Forward(topology, parameters, Doubles(input), out _), Doubles(target));
            }

            net.ZeroGradients();
            double batch = double.CreateChecked(net.EvaluateLossBatch(inputs, targets, count, out int correct));
            Assert.True(Math.Abs(batch - sum) <= PredictTolerance * Math.Max(Math.Abs(sum), 1e-3), $"{topology}: batch loss {batch:R}, sum {sum:R}.");
            Assert.Equal(expectedCorrect, correct);
            Assert.All(Doubles<T>(net.Gradients), g => Assert.Equal(0, g));
        }
    }

    /// <summary>The accuracy rule, written independently: argmax for CrossEntropy, the 0.5 threshold for BCE.</summary>
    private static int ReferenceCorrect(TestTopology topology, double[] output, double[] target) => topology.Loss switch
    {
        Loss.CrossEntropy => Array.IndexOf(output, output.Max()) == Array.IndexOf(target, target.Max()) ? 1 : 0,
        Loss.BinaryCrossEntropy => output.Zip(target).Count(p => (p.First >= 0.5) == (p.Second >= 0.5)),
        _ => 0,
    };
}
