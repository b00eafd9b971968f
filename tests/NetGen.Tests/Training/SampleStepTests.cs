using System;
using System.Linq;
using NetGen;
using NetGen.Training;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Training;

/// <summary>
/// Batch size 1 with plain SGD: the trainer steps inside the backward pass (<see cref="INetwork{T}.SgdStep(ReadOnlySpan{T}, ReadOnlySpan{T}, T, out int)"/>)
/// and keeps the parameters every few steps instead of every step.
/// </summary>
public class SampleStepTests
{
    private const int Samples = 48;

    [Fact]
    public void BatchSizeOne_PlainSgd_MatchesALoopOfAccumulateGradientsAndStep()
    {
        (float[] x, float[] y) = Data(Samples, seed: 4);
        var net = new ParallelWideNet();
        net.Initialize(3);
        var reference = new ParallelWideNet();
        net.Parameters.CopyTo(reference.Parameters);
        const float rate = 0.05f;
        var options = new TrainerOptions { Epochs = 2, BatchSize = 1, Shuffle = false, Optimizer = new Sgd { LearningRate = rate } };
        options.Checks.Enabled = false;

        TrainingResult result = net.Fit(x, y, options);

        // The reference: per sample, the forward pass's verdict, then the gradient from zero and p ← p − lr·g.
        double[] losses = new double[2];
        int[] correct = new int[2];
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int i = 0; i < Samples; i++)
            {
                ReadOnlySpan<float> input = x.AsSpan(i * 64, 64), target = y.AsSpan(i * 10, 10);
                reference.EvaluateLossBatch(input, target, 1, out int right);
                correct[epoch] += right;
                reference.ZeroGradients();
                losses[epoch] += reference.AccumulateGradients(input, target);
                Span<float> p = reference.Parameters, g = reference.Gradients;
                for (int k = 0; k < p.Length; k++)
                {
                    p[k] -= rate * g[k];
                }
            }
        }

        Assert.Equal(TrainingStopReason.Completed, result.StopReason);
        Assert.Equal(2 * Samples, result.Steps);
        float[] trained = net.Parameters.ToArray(), expected = reference.Parameters.ToArray();
        for (int k = 0; k < trained.Length; k++)
        {
            Assert.True(
                Math.Abs(trained[k] - expected[k]) <= 1e-5 * Math.Max(1, Math.Abs(expected[k])),
                $"parameter {k}: {trained[k]:R} against {expected[k]:R}");
        }

        for (int epoch = 0; epoch < 2; epoch++)
        {
            Assert.Equal(losses[epoch] / Samples, result.History[epoch].TrainingLoss, 1e-5 * (losses[epoch] / Samples));
            Assert.Equal((double)correct[epoch] / Samples, result.History[epoch].TrainingAccuracy, 12);
        }
    }

    /// <summary>
    /// A network of more than 8,192 parameters keeps the parameters a diverged run falls back to every few steps (the
    /// copy is a quarter of a step's memory traffic): at batch size 1 (the step inside the backward pass) and 2 (the
    /// optimizer's step), a loss above the bound restores the last kept ones whose own loss was sound.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LossAboveTheBound_RestoresTheLastKeptParametersWhoseLossWasSound(int batchSize)
    {
        var net = new ParallelWideNet();
        int interval = TrainingRun<float>.CheckpointInterval(ParallelWideNet.ParameterCount);
        Assert.True(interval > 1, $"the test needs a network kept less often than every step (interval {interval})");
        const int bad = 10, samples = 20;  // the 11th sample: inputs 1e5 times larger
        (float[] x, float[] y) = Data(samples, seed: 6);
        for (int i = bad * 64; i < (bad + 1) * 64; i++)
        {
            x[i] *= 1e5f;
        }

        float[] initial = net.Parameters.ToArray();
        var progress = new RecordingProgress<float>(net);
        var options = new TrainerOptions
        {
            Epochs = 1,
            BatchSize = batchSize,
            Shuffle = false,
            DivergenceFactor = 100,
            Optimizer = new Sgd { LearningRate = 0.01 },
            BatchProgressInterval = 1,
        };
        options.Checks.Enabled = false;

        TrainingResult result = net.Fit(x, y, options, progress);

        // Kept before steps 0, interval, 2·interval, …; the last one whose loss was then sound comes before the bad batch.
        int failing = bad / batchSize, kept = (failing - 1) / interval * interval;
        Assert.Equal(TrainingStopReason.Diverged, result.StopReason);
        Assert.Equal(failing, result.Steps);
        Assert.Contains($"epoch 1, batch {failing + 1} of {samples / batchSize}", result.Message);
        Assert.Contains($"evaluated at epoch 1, batch {kept + 1}", result.Message);
        float[][] afterStep = progress.Reports.Where(r => r.Kind == TrainingProgressKind.Batch)
            .Select(r => progress.Parameters[progress.Reports.IndexOf(r)]).ToArray();
        Assert.Equal(failing, afterStep.Length);
        float[] expected = kept == 0 ? initial : afterStep[kept - 1];
        Assert.True(TrainingTestData.BitEqual<float>(expected, net.Parameters), $"parameters are not those kept before step {kept}");
    }

    /// <summary>
    /// Which step the trainer takes: plain SGD at batch size 1 goes through SgdStep once per sample and never through
    /// the batch members (the wrapper's throw); momentum at batch size 1, or plain SGD at batch size 2, takes the batch step.
    /// </summary>
    [Theory]
    [InlineData(1, 0.0, true)]
    [InlineData(1, 0.9, false)]
    [InlineData(2, 0.0, false)]
    public void PlainSgdAtBatchSizeOne_StepsThroughSgdStep_OtherwiseTheBatchStep(int batchSize, double momentum, bool sampleSteps)
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(40, 2);
        var net = new StepCountingNetwork(new RegressionNet());
        var options = new TrainerOptions { Epochs = 2, BatchSize = batchSize, Optimizer = new Sgd { LearningRate = 0.01, Momentum = momentum } };
        options.Checks.Enabled = false;

        if (sampleSteps)
        {
            TrainingResult result = new Trainer<float>(net, options).Fit(x, y);
            Assert.Equal(TrainingStopReason.Completed, result.StopReason);
            Assert.Equal(80, net.SgdSteps);
        }
        else
        {
            Assert.Throws<NotSupportedException>(() => new Trainer<float>(net, options).Fit(x, y));
            Assert.Equal(0, net.SgdSteps);
        }
    }

    /// <summary>Counts SgdStep calls and passes them to the generated network; the batch members throw (<see cref="WrappedNetwork"/>).</summary>
    private sealed class StepCountingNetwork(INetwork<float> inner) : WrappedNetwork(inner), INetwork<float>
    {
        public int SgdSteps { get; private set; }

        public float SgdStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate)
        {
            SgdSteps++;
            return Inner.SgdStep(input, target, learningRate);
        }
    }

    /// <summary>Inputs in [0, 1) and one-hot targets for <see cref="ParallelWideNet"/>.</summary>
    private static (float[] X, float[] Y) Data(int count, int seed)
    {
        var random = new Random(seed);
        float[] x = new float[count * 64], y = new float[count * 10];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)random.NextDouble();
        }

        for (int s = 0; s < count; s++)
        {
            y[(s * 10) + random.Next(10)] = 1;
        }

        return (x, y);
    }
}
