using System;
using System.Numerics;
using NetGen;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// Each optimizer's first two steps against hand-computed values, on y = w·x + b with one sample x = 2, t = 3,
/// starting from w = 0.5, b = −0.25. The loss is (y − t)², so dL/dw = 2(y − t)·x and dL/db = 2(y − t).
/// Step 1 sees y = 0.75, y − t = −2.25, g = (−9, −4.5).
/// </summary>
public class OptimizerTests
{
    private const double W0 = 0.5, B0 = -0.25;

    // SGD, lr 0.05: p1 = p0 − 0.05·(−9, −4.5) = (0.95, −0.025).
    // Step 2: y = 1.875, y − t = −1.125, g = (−4.5, −2.25): p2 = (0.95 + 0.225, −0.025 + 0.1125) = (1.175, 0.0875).
    [Fact]
    public void Sgd_FirstTwoSteps_MatchHandComputedValues() =>
        AssertTwoSteps(new Sgd { LearningRate = 0.05 }, (0.95, -0.025), (1.175, 0.0875));

    // Momentum 0.9, lr 0.05: step 1 b = g, p1 = (0.95, −0.025) as SGD.
    // Step 2: g = (−4.5, −2.25), b = 0.9·(−9, −4.5) + g = (−12.6, −6.3), p2 = (0.95 + 0.63, −0.025 + 0.315) = (1.58, 0.29).
    [Fact]
    public void SgdMomentum_FirstTwoSteps_MatchHandComputedValues() =>
        AssertTwoSteps(new Sgd { LearningRate = 0.05, Momentum = 0.9 }, (0.95, -0.025), (1.58, 0.29));

    // Nesterov 0.9, lr 0.05: step 1 b = g, step = g + 0.9·b = (−17.1, −8.55), p1 = (1.355, 0.1775).
    // Step 2: y = 2.8875, y − t = −0.1125, g = (−0.45, −0.225); b = 0.9·(−9, −4.5) + g = (−8.55, −4.275);
    // step = g + 0.9·b = (−8.145, −4.0725), p2 = (1.355 + 0.40725, 0.1775 + 0.203625) = (1.76225, 0.381125).
    [Fact]
    public void SgdNesterov_FirstTwoSteps_MatchHandComputedValues() =>
        AssertTwoSteps(new Sgd { LearningRate = 0.05, Momentum = 0.9, Nesterov = true }, (1.355, 0.1775), (1.76225, 0.381125));

    // Adam, lr 0.1: step 1 m = 0.1·g, v = 0.001·g², so m̂ = g, v̂ = g² and p1 = p0 + 0.1·|g| / (|g| + 1e-8):
    // w1 = 0.5 + 0.1·9/(9 + 1e-8) = 0.59999999988888886, b1 = −0.25 + 0.1·4.5/(4.5 + 1e-8) = −0.15000000022222221.
    // Step 2: y = 1.05 (to 1e-9), g ≈ (−7.8, −3.9); m = 0.9·m + 0.1·g ≈ (−1.59, −0.795); v = 0.999·v + 0.001·g² ≈
    // (0.141759, 0.03543975); bias corrections 0.19 and 0.001999; p2 = p1 − 0.1/0.19 · m / (√v/√0.001999 + 1e-8)
    // = (0.69937441818164825, −0.050625582047469225).
    [Fact]
    public void Adam_FirstTwoSteps_MatchHandComputedValues() =>
        AssertTwoSteps(
            new Adam { LearningRate = 0.1 },
            (0.59999999988888886, -0.15000000022222221),
            (0.69937441818164825, -0.050625582047469225));

    // AdamW, lr 0.1, weight decay 0.01 (the default): before each Adam step w ← w·(1 − 0.1·0.01); the bias is not decayed.
    // Step 1: w = 0.5·0.999 + 0.1·9/(9 + 1e-8) = 0.59949999988888891; b as Adam.
    // Step 2 (gradient at p1, then w·0.999 and the Adam step) = (0.6982780426479982, −0.050622457581208286).
    [Fact]
    public void AdamW_FirstTwoSteps_MatchHandComputedValues() =>
        AssertTwoSteps(
            new AdamW { LearningRate = 0.1 },
            (0.59949999988888891, -0.15000000022222221),
            (0.6982780426479982, -0.050622457581208286));

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void Optimizer_FloatNetwork_SameFirstStepsAsDouble(string name)
    {
        double[] expected = TwoSteps<double>(new LinearNet(), Create(name, 0.05));
        float[] actual = TwoSteps<float>(new LinearFloatNet(), Create(name, 0.05));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-6 * Math.Max(1, Math.Abs(expected[i])));
        }
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void Optimizer_LinearRegression_LossBelowOneMillionth(string name)
    {
        var net = new LinearFloatNet();
        (float[] x, float[] y) = TrainingTestData.Line<float>(32);
        Optimizer optimizer = name switch
        {
            "sgd" => new Sgd { LearningRate = 0.2 },
            "momentum" => new Sgd { LearningRate = 0.05, Momentum = 0.9 },
            "nesterov" => new Sgd { LearningRate = 0.05, Momentum = 0.9, Nesterov = true },
            "adam" => new Adam { LearningRate = 0.02 },
            _ => new AdamW { LearningRate = 0.02, WeightDecay = 1e-4 },
        };

        TrainingResult result = net.Fit(x, y, new TrainerOptions { Epochs = 300, BatchSize = 8, Optimizer = optimizer, Seed = 1 });

        Assert.Equal(TrainingStopReason.Completed, result.StopReason);
        net.ZeroGradients();
        double loss = net.AccumulateGradientsBatch(x, y, x.Length) / x.Length;
        Assert.True(loss < 1e-6, $"{optimizer.Description}: final loss {loss:E3}");
    }

    [Fact]
    public void Defaults_MatchPyTorch()
    {
        var adam = new Adam();
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0, false), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay, adam.AmsGrad));
        var adamW = new AdamW();
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.01), (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay));
        var sgd = new Sgd();
        Assert.Equal((1e-3, 0.0, 0.0, false, 0.0), (sgd.LearningRate, sgd.Momentum, sgd.Dampening, sgd.Nesterov, sgd.WeightDecay));
        Assert.False(sgd.DecayBiases);
    }

    [Fact]
    public void Sgd_NesterovWithoutMomentum_ThrowsWithAdvice()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sgd { Nesterov = true }.CreateState<float>(LinearFloatNet.NetworkInfo));
        Assert.Contains("Momentum", e.Message);
    }

    [Fact]
    public void Adam_BetaOutOfRange_ThrowsNamingTheSetting()
    {
        #pragma warning disable NG3004 // the run-time check of an invalid beta is the point of the test
        var e = Assert.Throws<ArgumentException>(() => new Adam { Beta2 = 1 }.CreateState<float>(LinearFloatNet.NetworkInfo));
        #pragma warning restore NG3004
        Assert.Contains("Beta2", e.Message);
    }

    // Dampening 0.5, momentum 0.9, lr 0.05: step 1 b = g (no dampening on the first step, as PyTorch) → p1 = (0.95, −0.025);
    // step 2: g = (−4.5, −2.25), b = 0.9·(−9, −4.5) + 0.5·g = (−10.35, −5.175), p2 = (0.95 + 0.5175, −0.025 + 0.25875).
    [Fact]
    public void SgdDampening_SecondStep_DampsOnlyTheNewGradient() =>
        AssertTwoSteps(new Sgd { LearningRate = 0.05, Momentum = 0.9, Dampening = 0.5 }, (0.95, -0.025), (1.4675, 0.23375));

    // AMSGrad divides by the largest second moment seen: a large gradient (10) then a tiny one (0.001) makes v fall on
    // step 2, and the step must use step 1's v = 0.001·100 = 0.1 instead.
    [Fact]
    public void AdamAmsGrad_FallingSecondMoment_UsesTheMaximum()
    {
        var settings = new Adam { LearningRate = 0.1, AmsGrad = true };
        OptimizerState<double> state = settings.CreateState<double>(LinearNet.NetworkInfo);
        double[] p = { 1, 1 };
        state.Step(p, new double[] { 10, 10 }, 0.1);
        double[] afterFirst = (double[])p.Clone();
        state.Step(p, new double[] { 0.001, 0.001 }, 0.1);

        // v after step 2: 0.999·0.1 + 0.001·1e-6; v_max = 0.1 (from step 1); m = 1 + 0.1·(0.001 − 1) = 0.9001.
        double m = 1.0 + (0.1 * (0.001 - 1.0));
        double denom = (Math.Sqrt(0.1) / Math.Sqrt(1 - (0.999 * 0.999))) + 1e-8;
        double expected = afterFirst[0] - (0.1 / (1 - 0.81) * m / denom);
        Assert.Equal(expected, p[0], 1e-12);
    }

    [Fact]
    public void OptimizerState_WrongLength_ThrowsWithCounts()
    {
        OptimizerState<float> state = new Sgd().CreateState<float>(LinearFloatNet.NetworkInfo);
        var e = Assert.Throws<ArgumentException>(() => state.Step(new float[3], new float[3], 0.1));
        Assert.Contains("2 parameters", e.Message);
    }

    [Fact]
    public void ClipGradientNorm_LargeGradient_StepHasTheMaximumNorm()
    {
        var net = new LinearNet();
        net.Parameters[0] = W0;
        net.Parameters[1] = B0;
        var options = new TrainerOptions
        {
            Epochs = 1, BatchSize = 1, Shuffle = false, Optimizer = new Sgd { LearningRate = 1 }, ClipGradientNorm = 2,
        };
        options.Checks.Enabled = false;
        net.Fit(new double[] { 2 }, new double[] { 3 }, options);

        // g = (−9, −4.5), |g| = 10.062…; clipped to norm 2 (PyTorch: × 2 / (|g| + 1e-6)), so p moves by 2·g/|g|.
        double norm = Math.Sqrt(81 + 20.25);
        double coefficient = 2 / (norm + 1e-6);
        Assert.Equal(W0 + (9 * coefficient), net.Parameters[0], 1e-12);
        Assert.Equal(B0 + (4.5 * coefficient), net.Parameters[1], 1e-12);
    }

    internal static Optimizer Create(string name, double lr) => name switch
    {
        "sgd" => new Sgd { LearningRate = lr },
        "momentum" => new Sgd { LearningRate = lr, Momentum = 0.9 },
        "nesterov" => new Sgd { LearningRate = lr, Momentum = 0.9, Nesterov = true },
        "adam" => new Adam { LearningRate = lr },
        _ => new AdamW { LearningRate = lr },
    };

    private static void AssertTwoSteps(Optimizer optimizer, (double W, double B) first, (double W, double B) second)
    {
        double[] p = TwoSteps<double>(new LinearNet(), optimizer);
        Assert.Equal(first.W, p[0], 1e-12);
        Assert.Equal(first.B, p[1], 1e-12);
        Assert.Equal(second.W, p[2], 1e-12);
        Assert.Equal(second.B, p[3], 1e-12);
    }

    /// <summary>Trains two steps on the one sample (x = 2, t = 3) and returns (w1, b1, w2, b2).</summary>
    private static T[] TwoSteps<T>(INetwork<T> net, Optimizer optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        net.Parameters[0] = T.CreateChecked(W0);
        net.Parameters[1] = T.CreateChecked(B0);
        var progress = new RecordingProgress<T>(net);
        var options = new TrainerOptions { Epochs = 2, BatchSize = 1, Optimizer = optimizer, BatchProgressInterval = 1 };
        options.Checks.Enabled = false;
        TrainingResult result = net.Fit(new[] { T.CreateChecked(2) }, new[] { T.CreateChecked(3) }, options, progress);

        Assert.Equal(2, result.Steps);
        var steps = progress.Reports.FindAll(r => r.Kind == TrainingProgressKind.Batch);
        Assert.Equal(2, steps.Count);
        int first = progress.Reports.IndexOf(steps[0]), second = progress.Reports.IndexOf(steps[1]);
        return new[] { progress.Parameters[first][0], progress.Parameters[first][1], progress.Parameters[second][0], progress.Parameters[second][1] };
    }
}
