using System;
using System.Linq;
using NetGen;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>The second seed: a summed loss over 1000 samples with SGD at 0.01 explodes; the trainer stops and loses nothing.</summary>
public class DivergenceTests
{
    [Fact]
    public void SecondSeed_SumReductionFullBatch_StopsWithMessageAndRestoresLastGoodParameters()
    {
        (float[] x, float[] y) = TrainingTestData.SecondSeed();
        var net = new SecondSeedNet();
        float[] initial = net.Parameters.ToArray();
        var progress = new RecordingProgress<float>(net);
        var options = new TrainerOptions
        {
            Epochs = 100,
            BatchSize = 1000,
            Optimizer = new Sgd { LearningRate = 0.01 },
            BatchProgressInterval = 1,
        };

        TrainingResult result = net.Fit(x, y, options, progress);

        Assert.Equal(TrainingStopReason.Diverged, result.StopReason);
        Assert.True(result.Diverged);
        TrainingDiagnostic d = Assert.IsType<TrainingDiagnostic>(result.Divergence);
        Assert.Equal(TrainingDiagnosticIds.Diverged, d.Id);
        Assert.Equal(TrainingDiagnosticSeverity.Error, d.Severity);
        Assert.Contains($"epoch {d.Epoch}, batch 1 of 1", d.Message);
        Assert.Contains("lower learning rate", d.Message);
        Assert.Contains("Reduction.Mean", d.Message);
        Assert.Contains("ClipGradientNorm", d.Message);
        Assert.Contains("restored", d.Message);
        Assert.Equal(d.Message, result.Message.Substring(0, d.Message.Length));
        Assert.Equal(TrainingProgressKind.Diverged, progress.Reports[^1].Kind);
        Assert.Same(d, progress.Reports[^1].Diagnostic);

        // Snapshots: the initial parameters, then those after each step. The last good parameters are the last ones
        // whose loss and gradient were checked and found sound: the ones before the last step taken.
        var snapshots = new[] { initial }.Concat(progress.Reports.Select((r, i) => (r, i))
            .Where(t => t.r.Kind == TrainingProgressKind.Batch).Select(t => progress.Parameters[t.i])).ToList();
        Assert.Equal(result.Steps + 1, snapshots.Count);
        Assert.True(result.Steps >= 1);
        float[] lastGood = snapshots[(int)result.Steps - 1];
        Assert.True(TrainingTestData.BitEqual<float>(lastGood, net.Parameters), "parameters are not the last good ones");
        Assert.All(net.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));

        // Those parameters still give a finite loss, and the next ones did not.
        net.ZeroGradients();
        Assert.True(float.IsFinite(net.AccumulateGradientsBatch(x, y, 1000)));
    }

    [Fact]
    public void SecondSeed_FixedNetworkWithAdam_TrainsToLowLoss()
    {
        // Biases, LeakyReLU, Reduction.Mean and Adam; the rate is lowered when the loss stalls (the seed's advice).
        (float[] x, float[] y) = TrainingTestData.SecondSeed();
        var net = new SecondSeedFixedNet();
        var options = new TrainerOptions
        {
            Epochs = 150,
            BatchSize = 32,
            Optimizer = new Adam { LearningRate = 0.01 },
            Schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.3, patience: 5),
            ValidationSplit = 0.2,
        };

        TrainingResult result = net.Fit(x, y, options);

        // The targets' variance is 0.28 and the untrained loss about 25; 10 units reach about 0.004.
        Assert.Equal(TrainingStopReason.Completed, result.StopReason);
        Assert.Empty(result.Warnings);
        Assert.True(result.Final.TrainingLoss < 0.01, $"training loss {result.Final.TrainingLoss:E3}");
        Assert.True(result.Final.ValidationLoss < 0.01, $"validation loss {result.Final.ValidationLoss:E3}");
        Assert.True(result.Final.TrainingLoss < result.History[0].TrainingLoss / 100);
    }

    [Fact]
    public void LossBound_LossGrowsPastFactor_StopsWithBoundMessage()
    {
        // Plain SGD with a rate far above 2/curvature grows the loss geometrically long before it overflows.
        (double[] x, double[] t) = TrainingTestData.Line<double>(16);
        var net = new LinearNet();
        #pragma warning disable NG3003 // a rate far too high is the point of the test
        var options = new TrainerOptions { Epochs = 200, BatchSize = 16, Optimizer = new Sgd { LearningRate = 3 }, DivergenceFactor = 100 };
        #pragma warning restore NG3003
        options.Checks.Enabled = false;

        TrainingResult result = net.Fit(x, t, options);

        Assert.Equal(TrainingStopReason.Diverged, result.StopReason);
        Assert.Contains("more than 100 times the first batch's", result.Message);
        Assert.Contains("Adam", result.Message);
    }

    /// <summary>
    /// A sample whose loss is finite but whose gradient overflows (inputs of 1e24, the target a few ulps from the
    /// output): the step that meets it is not counted, and the parameters go back to those the batch before evaluated
    /// (whose loss and gradient were both sound), not to those that produced the bad gradient.
    /// </summary>
    [Fact]
    public void NonFiniteGradient_FiniteLoss_RestoresTheParametersOfTheBatchBefore()
    {
        var net = new SecondSeedNet();
        float[] initial = net.Parameters.ToArray();
        var random = new Random(11);
        float[] x = new float[5 * 7], y = new float[5 * 2];
        for (int i = 0; i < 4 * 7; i++)
        {
            x[i] = (float)random.NextDouble();
        }

        for (int i = 0; i < 4 * 2; i++)
        {
            y[i] = (float)random.NextDouble();
        }

        var options = new TrainerOptions
        {
            Epochs = 1,
            BatchSize = 1,
            Shuffle = false,
            DivergenceFactor = double.PositiveInfinity,

            // Momentum keeps the batch step, which checks the gradient (plain SGD at batch size 1 steps inside the
            // backward pass and never sees it: SampleStepTests).
            Optimizer = new Sgd { LearningRate = 0.01, Momentum = 0.5 },
            BatchProgressInterval = 1,
        };
        options.Checks.Enabled = false;

        // The parameters that will meet the fifth sample: those after the first four steps (training is deterministic).
        Assert.Equal(TrainingStopReason.Completed, net.Fit(x.AsSpan(0, 4 * 7).ToArray(), y.AsSpan(0, 4 * 2).ToArray(), options).StopReason);
        for (int i = 4 * 7; i < 5 * 7; i++)
        {
            x[i] = 1e24f;
        }

        float[] output = new float[2];
        net.Predict(x.AsSpan(4 * 7, 7), output);
        Assert.True(Math.Abs(output[0]) > 1e22f, $"output {output[0]}: the sample does not reach the overflow range");
        y[8] = output[0] + (Math.Abs(output[0]) * 1e-6f);  // a residual of ~1e18: its square is finite, its gradient x 1e24 is not
        y[9] = output[1];
        initial.CopyTo(net.Parameters);
        var progress = new RecordingProgress<float>(net);

        TrainingResult result = net.Fit(x, y, options, progress);

        Assert.Equal(TrainingStopReason.Diverged, result.StopReason);
        Assert.Contains("the gradient has NaN or infinite values", result.Message);
        Assert.Contains("epoch 1, batch 5 of 5", result.Message);
        Assert.Contains("evaluated at epoch 1, batch 4", result.Message);
        Assert.Equal(4, result.Steps);
        float[][] afterStep = progress.Reports.Select((r, i) => (r, i))
            .Where(t => t.r.Kind == TrainingProgressKind.Batch).Select(t => progress.Parameters[t.i]).ToArray();
        Assert.Equal(4, afterStep.Length);
        Assert.True(TrainingTestData.BitEqual<float>(afterStep[2], net.Parameters), "parameters are not those batch 4 evaluated");
        Assert.All(net.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));

        // What batch 5 met: a finite loss and a gradient that is not.
        afterStep[3].CopyTo(net.Parameters);
        net.ZeroGradients();
        Assert.True(float.IsFinite(net.AccumulateGradients(x.AsSpan(4 * 7, 7), y.AsSpan(8, 2))), "the fifth sample's loss is not finite");
        Assert.Contains(net.Gradients.ToArray(), g => !float.IsFinite(g));
    }

    [Fact]
    public void Divergence_FirstBatch_RestoresStartingParameters()
    {
        var net = new LinearNet();
        net.Parameters[0] = 1e300;
        double[] start = net.Parameters.ToArray();
        var options = new TrainerOptions { Epochs = 3, Optimizer = new Sgd { LearningRate = 0.1 } };
        options.Checks.Enabled = false;

        TrainingResult result = net.Fit(new double[] { 1e10, 2 }, new double[] { 1, 2 }, options);

        Assert.Equal(TrainingStopReason.Diverged, result.StopReason);
        Assert.Equal(0, result.Steps);
        Assert.Contains("+∞", result.Message);
        Assert.Equal(start, net.Parameters.ToArray());
    }

    [Fact]
    public void Fit_NaNInData_ThrowsNamingTheSample()
    {
        var net = new LinearFloatNet();
        var e = Assert.Throws<ArgumentException>(() => net.Fit(new[] { 1f, float.NaN, 3f }, new[] { 1f, 2f, 3f }));
        Assert.Contains("sample 1", e.Message);
        Assert.Contains("finite", e.Message);
    }
}
