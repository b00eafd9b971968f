using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Benchmarks.Contenders;
using NetGen.Training;

namespace NetGen.Tests.Benchmarks;

/// <summary>
/// The race is fair: every implementation the benchmarks time computes what NetGen computes, on the same weights —
/// the naive and the careful C# MLPs (outputs, losses and gradients), ONNX Runtime on NetGen's export (outputs) and
/// FANN 2.2 (outputs, and the parameters after one training step). Fast: a few samples per network.
/// </summary>
public sealed class ContenderAgreementTests
{
    private const double OutputTolerance = 1e-5;
    private const double GradientTolerance = 1e-4;

    public static IEnumerable<object[]> AllNetworks => ReferenceNetworks.All.Select(n => new object[] { n });

    public static IEnumerable<object[]> FannNetworks => ReferenceNetworks.FannCompatible.Select(n => new object[] { n });

    /// <summary>Every network at every vector width of the careful C# (each width runs anywhere, emulated if need be).</summary>
    public static IEnumerable<object[]> AllNetworksAllWidths =>
        from n in ReferenceNetworks.All from w in VectorKernels.All select new object[] { n, w };

    public static IEnumerable<object[]> PrototypeNetworksAllWidths =>
        from n in new[] { "xsq", "mnist", "wide" } from w in VectorKernels.All select new object[] { n, w };

    public static IEnumerable<object[]> AllWidths => VectorKernels.All.Select(w => new object[] { w });

    [Theory]
    [MemberData(nameof(AllNetworks))]
    public void Predict_EveryContender_MatchesNetGen(string name)
    {
        INetwork<float> net = ReferenceNetworks.Create(name);
        var naive = new NaiveMlp(net);
        var careful = new CarefulMlp(net);
        using var onnx = new OnnxRuntimeMlp(net);
        var expected = new float[net.OutputSize];
        var actual = new float[net.OutputSize];
        foreach (float[] input in Inputs(name, net.InputSize))
        {
            net.Predict(input, expected);
            naive.Predict(input, actual);
            AssertClose(expected, actual, OutputTolerance, $"{name} naive C#");
            careful.Predict(input, actual);
            AssertClose(expected, actual, OutputTolerance, $"{name} careful C#");
            onnx.Predict(input, actual);
            AssertClose(expected, actual, OutputTolerance, $"{name} ONNX Runtime");
        }
    }

    [Theory]
    [MemberData(nameof(AllNetworksAllWidths))]
    public void Predict_CarefulAtEveryVectorWidth_MatchesNetGen(string name, VectorWidth width)
    {
        INetwork<float> net = ReferenceNetworks.Create(name);
        var careful = new CarefulMlp(net, width);
        Assert.Equal(width, careful.Width);
        AssertPredictsLikeNetGen(name, net, careful.Predict, $"{name} careful C# at {width}");
    }

    [Theory]
    [MemberData(nameof(AllNetworksAllWidths))]
    public void AccumulateGradients_CarefulAtEveryVectorWidth_MatchesNetGen(string name, VectorWidth width)
    {
        INetwork<float> net = ReferenceNetworks.Create(name);
        var careful = new CarefulMlp(net, width);
        SampleSet data = Datasets.For(name, 4);
        float netLoss = 0, carefulLoss = 0;
        for (int i = 0; i < data.Count; i++)
        {
            netLoss += net.AccumulateGradients(data.Input(i), data.Target(i));
            carefulLoss += careful.AccumulateGradients(data.Input(i), data.Target(i));
        }

        AssertClose(new[] { netLoss }, new[] { carefulLoss }, GradientTolerance, $"{name} careful loss at {width}");
        AssertGradientsClose(net.Gradients.ToArray(), careful.Gradients.ToArray(), $"{name} careful gradients at {width}");
    }

    [Fact]
    public void VectorKernels_Best_IsTheWidestAcceleratedWidth()
    {
        VectorWidth expected = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? VectorWidth.Bits512
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? VectorWidth.Bits256
            : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? VectorWidth.Bits128
            : VectorWidth.Scalar;
        Assert.Equal(expected, VectorKernels.Best);
        Assert.Equal(expected, new CarefulMlp(ReferenceNetworks.Create("xor")).Width);
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void NetGenSgdStep_AtEveryVectorWidth_IsParametersMinusRateTimesGradients(VectorWidth width)
    {
        // mnist: 109 k parameters, so every width runs its vector loop and its remainder.
        INetwork<float> net = ReferenceNetworks.Create("mnist");
        SampleSet data = Datasets.For("mnist", 1);
        const float rate = 0.05f;
        float[] before = net.Parameters.ToArray();
        net.ZeroGradients();
        net.AccumulateGradients(data.Input(0), data.Target(0));
        float[] gradients = net.Gradients.ToArray();
        before.CopyTo(net.Parameters);

        NetGenSgd.Step(net, data.Input(0), data.Target(0), rate, width);

        float[] after = net.Parameters.ToArray();
        for (int k = 0; k < after.Length; k++)
        {
            double expected = before[k] - ((double)rate * gradients[k]);
            Assert.True(Math.Abs(after[k] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"parameter {k} at {width}: {after[k]:R}, expected {expected:R}.");
        }
    }

    [Theory]
    [MemberData(nameof(AllNetworks))]
    public void AccumulateGradients_Naive_MatchesNetGen(string name)
    {
        INetwork<float> net = ReferenceNetworks.Create(name);
        var naive = new NaiveMlp(net);
        SampleSet data = Datasets.For(name, 4);
        float netLoss = 0, naiveLoss = 0;
        for (int i = 0; i < data.Count; i++)
        {
            netLoss += net.AccumulateGradients(data.Input(i), data.Target(i));
            naiveLoss += naive.AccumulateGradients(data.Input(i), data.Target(i));
        }

        AssertClose(new[] { netLoss }, new[] { naiveLoss }, GradientTolerance, $"{name} naive loss");
        AssertGradientsClose(net.Gradients.ToArray(), naive.FlatGradients(net.Info), $"{name} naive gradients");
    }

    [Theory]
    [MemberData(nameof(PrototypeNetworksAllWidths))]
    public void Predict_PrototypeAtEveryVectorWidth_MatchesNetGen(string name, VectorWidth width)
    {
        INetwork<float> net = ReferenceNetworks.Create(name);
        AssertPredictsLikeNetGen(name, net, new PrototypeMlp(net, width).Predict, $"{name} prototype at {width}");
    }

    [FannTheory]
    [MemberData(nameof(FannNetworks))]
    public void Fann_PredictAndOneTrainingStep_MatchNetGen(string name)
    {
        INetwork<float> net = ReferenceNetworks.Create(name);
        const float fannRate = 0.05f;
        using var fann = new FannMlp(net, fannRate);
        Assert.Equal(net.Parameters.ToArray(), fann.GetParameters());

        var expected = new float[net.OutputSize];
        var actual = new float[net.OutputSize];
        foreach (float[] input in Inputs(name, net.InputSize))
        {
            net.Predict(input, expected);
            fann.Predict(input, actual);
            AssertClose(expected, actual, OutputTolerance, $"{name} FANN");
        }

        // One step of per-sample training: fann_train against NetGen's SGD step with the equivalent learning rate.
        SampleSet data = Datasets.For(name, 3);
        for (int i = 0; i < data.Count; i++)
        {
            NetGenSgd.Step(net, data.Input(i), data.Target(i), fannRate * net.OutputSize / 2);
            fann.Train(data.Input(i), data.Target(i));
        }

        AssertGradientsClose(net.Parameters.ToArray(), fann.GetParameters(), $"{name} parameters after 3 training steps");
    }

    [Theory]
    [InlineData("xsq", 1)]
    [InlineData("xsq", 32)]
    [InlineData("digits", 32)]
    [InlineData("mnist", 32)]
    [InlineData("mnist", 256)]
    [InlineData("wide", 256)]
    public void Trainer_BenchmarkEpoch_Completes(string name, int batch)
    {
        INetwork<float> net = ReferenceNetworks.Create(name);
        SampleSet data = Datasets.For(name, 256);
        TrainingResult result = new Trainer<float>(net, new TrainerOptions
        {
            Epochs = 1,
            BatchSize = batch,
            Optimizer = new Sgd { LearningRate = 0.01 },
            Checks = new TrainingChecks { Enabled = false },
        }).Fit(data.Inputs, data.Targets);
        Assert.Equal(TrainingStopReason.Completed, result.StopReason);
    }

    [Fact]
    public void Digits_UsesOptdigitsWhenPresent()
    {
        SampleSet data = Datasets.For("digits", 10);
        Assert.Equal(Datasets.FindOptdigits() is null ? "synthetic" : "optdigits.tra", data.Source);
    }

    private delegate void Predictor(ReadOnlySpan<float> input, Span<float> output);

    private static void AssertPredictsLikeNetGen(string name, INetwork<float> net, Predictor predict, string what)
    {
        var expected = new float[net.OutputSize];
        var actual = new float[net.OutputSize];
        foreach (float[] input in Inputs(name, net.InputSize))
        {
            net.Predict(input, expected);
            predict(input, actual);
            AssertClose(expected, actual, OutputTolerance, what);
        }
    }

    private static IEnumerable<float[]> Inputs(string name, int width)
    {
        SampleSet data = Datasets.For(name, 3);
        for (int i = 0; i < data.Count; i++)
        {
            yield return data.Input(i).ToArray();
        }

        var random = new Random(width);
        for (int i = 0; i < 3; i++)
        {
            yield return Enumerable.Range(0, width).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        }
    }

    /// <summary>Relative error, with values below 0.1 in size compared at 0.1 (float sums that cancel have an absolute error).</summary>
    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        for (int k = 0; k < expected.Length; k++)
        {
            double error = Math.Abs(actual[k] - expected[k]) / Math.Max(Math.Abs(expected[k]), 0.1);
            Assert.True(error <= tolerance, $"{what}: value {k} is {actual[k]:R}, NetGen {expected[k]:R} (relative error {error:E2}).");
        }
    }

    /// <summary>Every element within tolerance of the largest gradient in size.</summary>
    private static void AssertGradientsClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(expected.Max(v => Math.Abs(v)), 1e-3);
        for (int k = 0; k < expected.Length; k++)
        {
            double error = Math.Abs(actual[k] - expected[k]) / scale;
            Assert.True(error <= GradientTolerance, $"{what}: element {k} is {actual[k]:R}, NetGen {expected[k]:R} (error {error:E2} of the largest, {scale:G3}).");
        }
    }
}

/// <summary>A theory that is skipped, with the reason, where libfann2 is not installed (benchmarks/setup.sh installs it).</summary>
public sealed class FannTheoryAttribute : TheoryAttribute
{
    public FannTheoryAttribute()
    {
        if (!FannMlp.IsAvailable)
        {
            Skip = "FANN 2.2 (libfloatfann.so.2) is not installed; run benchmarks/setup.sh (apt-get install libfann2) to compare against it.";
        }
    }
}
