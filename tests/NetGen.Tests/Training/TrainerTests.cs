#pragma warning disable NG3002 // a learning rate of 0 freezes the network so that the metrics themselves can be checked
using System;
using System.Linq;
using System.Threading;
using NetGen;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>The trainer's loop: reduction, validation, metrics, progress, determinism, cancellation, allocations.</summary>
public class TrainerTests
{
    [Fact]
    public void Reduction_MeanAndSum_StepUsesTheDeclaredReduction()
    {
        // Four identical samples (x = 2, t = 3) from w = 0.5, b = −0.25: the per-sample gradient is (−9, −4.5).
        double[] x = { 2, 2, 2, 2 }, t = { 3, 3, 3, 3 };
        var options = new TrainerOptions { Epochs = 1, BatchSize = 4, Optimizer = new Sgd { LearningRate = 0.01 } };
        options.Checks.Enabled = false;

        var mean = new LinearNet();
        mean.Parameters[0] = 0.5;
        mean.Parameters[1] = -0.25;
        mean.Fit(x, t, options);
        var sum = new LinearSumNet();
        sum.Parameters[0] = 0.5;
        sum.Parameters[1] = -0.25;
        sum.Fit(x, t, options);

        Assert.Equal(0.5 + (0.01 * 9), mean.Parameters[0], 1e-15);
        Assert.Equal(-0.25 + (0.01 * 4.5), mean.Parameters[1], 1e-15);
        Assert.Equal(0.5 + (4 * 0.01 * 9), sum.Parameters[0], 1e-15);
        Assert.Equal(-0.25 + (4 * 0.01 * 4.5), sum.Parameters[1], 1e-15);
    }

    [Fact]
    public void Metrics_ReportMeanPerSampleLossWhateverTheReduction()
    {
        double[] x = { 2, 2, 2, 2 }, t = { 3, 3, 3, 3 };
        var options = new TrainerOptions { Epochs = 1, BatchSize = 2, Optimizer = new Sgd { LearningRate = 0 } };
        options.Checks.Enabled = false;
        var sum = new LinearSumNet();
        sum.Parameters[0] = 0.5;
        sum.Parameters[1] = -0.25;

        TrainingResult result = sum.Fit(x, t, options);

        Assert.Equal(2.25 * 2.25, result.Final.TrainingLoss, 1e-12);
    }

    [Fact]
    public void Accuracy_UniformOutputs_CountsTheFirstClassAndThePositiveSide()
    {
        // All parameters 0: the softmax is uniform (argmax 0) and the sigmoid is 0.5 (counted as positive).
        (float[] x, float[] y, _) = TrainingTestData.Blobs(30, 4);
        (float[] vx, float[] vy, int[] vclasses) = TrainingTestData.Blobs(31, 5);
        var classifier = new ThreeClassNet();
        classifier.Parameters.Clear();
        var options = new TrainerOptions { Epochs = 1, Optimizer = new Sgd { LearningRate = 0 } };
        options.Checks.Enabled = false;
        TrainingResult result = classifier.Fit(new Dataset<float>(x, y, 2, 3), new Dataset<float>(vx, vy, 2, 3), options);
        Assert.Equal(10 / 30.0, result.Final.TrainingAccuracy, 1e-12);
        Assert.Equal(vclasses.Count(c => c == 0) / 31.0, result.Final.ValidationAccuracy, 1e-12);
        Assert.Equal(Math.Log(3), result.Final.ValidationLoss, 1e-6);

        (float[] bx, float[] by) = TrainingTestData.HalfPlane(40, 5);
        var binary = new BinaryNet();
        binary.Parameters.Clear();
        TrainingResult bresult = binary.Fit(bx, by, new TrainerOptions { Epochs = 1, Optimizer = new Sgd { LearningRate = 0 }, Checks = { Enabled = false } });
        Assert.Equal(by.Count(v => v == 1) / 40.0, bresult.Final.TrainingAccuracy, 1e-12);
        Assert.True(double.IsNaN(bresult.Final.ValidationAccuracy));
    }

    [Fact]
    public void TrainingAccuracy_CountsEachSampleByTheForwardPassThatTrainedOnIt()
    {
        // One batch per epoch: its accuracy is that of the parameters before the step (as the training loss is),
        // not that of the parameters the step left.
        (float[] x, float[] y, _) = TrainingTestData.Blobs(60, 7);
        var net = new ThreeClassNet();
        net.Initialize(3);
        net.EvaluateLossBatch(x, y, 60, out int before);
#pragma warning disable NG3003 // on purpose: one large step, so that the classification changes within the epoch
        var options = new TrainerOptions { Epochs = 1, BatchSize = 60, Optimizer = new Sgd { LearningRate = 5 } };
#pragma warning restore NG3003
        options.Checks.Enabled = false;

        TrainingResult result = net.Fit(x, y, options);
        net.EvaluateLossBatch(x, y, 60, out int after);

        Assert.NotEqual(before, after);
        Assert.Equal(before / 60.0, result.Final.TrainingAccuracy, 1e-12);
    }

    [Fact]
    public void Regression_NoAccuracy_NaN()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(32, 1);
        TrainingResult result = new RegressionNet().Fit(x, y, new TrainerOptions { Epochs = 1 });
        Assert.True(double.IsNaN(result.Final.TrainingAccuracy));
        Assert.True(double.IsNaN(result.Final.ValidationLoss));
        Assert.False(result.Final.HasValidation);
    }

    [Fact]
    public void ValidationSplit_HoldsOutSeededSamples_ValidationLossIsTheirLoss()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(100, 1);
        var net = new RegressionNet();
        var options = new TrainerOptions { Epochs = 1, Optimizer = new Sgd { LearningRate = 0 }, ValidationSplit = 0.25, Seed = 3 };
        options.Checks.Enabled = false;

        TrainingResult result = net.Fit(x, y, options);

        // With a zero rate the parameters are unchanged, so the training loss (75 samples) and the validation loss
        // (25 samples) average to the loss over all 100.
        net.ZeroGradients();
        double all = net.AccumulateGradientsBatch(x, y, 100) / 100.0;
        Assert.Equal(all, (0.75 * result.Final.TrainingLoss) + (0.25 * result.Final.ValidationLoss), 1e-5);
        Assert.NotEqual(result.Final.TrainingLoss, result.Final.ValidationLoss);
    }

    [Fact]
    public void ValidationSet_AndSplit_ThrowsAskingForOne()
    {
        var data = new Dataset<float>(new float[] { 1, 2 }, new float[] { 1, 2 }, 1, 1);
        var e = Assert.Throws<ArgumentException>(() =>
            new LinearFloatNet().Fit(data, data, new TrainerOptions { ValidationSplit = 0.5 }));
        Assert.Contains("use one of the two", e.Message);
    }

    [Fact]
    public void Fit_WrongDataLengths_ThrowsSayingWhatWasExpected()
    {
        var net = new RegressionNet();
        var e = Assert.Throws<ArgumentException>(() => net.Fit(new float[5], new float[2]));
        Assert.Contains("not a whole number of samples of 2 values", e.Message);

        e = Assert.Throws<ArgumentException>(() => net.Fit(new float[6], new float[2]));
        Assert.Contains("3 samples", e.Message);
        Assert.Contains("give one target per input", e.Message);

        var wide = new Dataset<float>(new float[6], new float[2], 3, 1);
        e = Assert.Throws<ArgumentException>(() => net.Fit(wide, null));
        Assert.Contains("RegressionNet takes 2 inputs", e.Message);
    }

    [Fact]
    public void Options_OutOfRange_ThrowNamingTheSetting()
    {
        var net = new LinearFloatNet();
        var data = (new float[] { 1, 2 }, new float[] { 1, 2 });
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => net.Fit(data.Item1, data.Item2, new TrainerOptions { BatchSize = 0 })).Message);
        Assert.Contains("Epochs", Assert.Throws<ArgumentException>(() => net.Fit(data.Item1, data.Item2, new TrainerOptions { Epochs = 0 })).Message);
        #pragma warning disable NG3002 // the run-time check of an invalid rate is the point of the test
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() => net.Fit(data.Item1, data.Item2, new TrainerOptions { Optimizer = new Sgd { LearningRate = -1 } })).Message);
        #pragma warning restore NG3002
        Assert.Contains("ClipGradientNorm", Assert.Throws<ArgumentException>(() => net.Fit(data.Item1, data.Item2, new TrainerOptions { ClipGradientNorm = 0 })).Message);
    }

    [Fact]
    public void Progress_EveryBatchAndEpoch_ReportsCountsLossesRateAndTime()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(100, 1);
        var net = new RegressionNet();
        var progress = new RecordingProgress<float>(net);
        var options = new TrainerOptions { Epochs = 3, BatchSize = 32, BatchProgressInterval = 2, ValidationSplit = 0.2, Optimizer = new Sgd { LearningRate = 0.05 } };

        TrainingResult result = net.Fit(x, y, options, progress);

        // 80 training samples in batches of 32: 3 batches per epoch; reports after batches 2 and 3 (the last).
        var batches = progress.Reports.Where(r => r.Kind == TrainingProgressKind.Batch).ToList();
        Assert.Equal(new[] { 2, 3, 2, 3, 2, 3 }, batches.Select(r => r.Batch));
        Assert.All(batches, r => Assert.Equal(3, r.Batches));
        Assert.Equal(new long[] { 2, 3, 5, 6, 8, 9 }, batches.Select(r => r.Steps));
        Assert.All(batches, r => Assert.True(r.BatchLoss > 0 && r.TrainingLoss > 0 && r.LearningRate == 0.05));

        var epochs = progress.Reports.Where(r => r.Kind == TrainingProgressKind.Epoch).ToList();
        Assert.Equal(new[] { 1, 2, 3 }, epochs.Select(r => r.Epoch));
        Assert.Equal(result.History, epochs.Select(r => r.Metrics));
        Assert.All(epochs, r => Assert.True(r.Metrics.HasValidation));
        var times = progress.Reports.Select(r => r.Elapsed).ToList();
        Assert.Equal(times.OrderBy(t => t), times);
        Assert.Equal(batches[^1].TrainingLoss, result.Final.TrainingLoss, 1e-12);
    }

    [Fact]
    public void SameSeed_TrainedTwice_BitIdenticalParameters()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(200, 1);
        float[] first = Train(11), second = Train(11), other = Train(12);

        Assert.True(TrainingTestData.BitEqual<float>(first, second));
        Assert.False(TrainingTestData.BitEqual<float>(first, other));

        float[] Train(int seed)
        {
            var net = new RegressionNet();
            net.Initialize(5);
            var options = new TrainerOptions
            {
                Epochs = 8, BatchSize = 16, Seed = seed, ValidationSplit = 0.2, Optimizer = new AdamW { LearningRate = 0.01 }, ClipGradientNorm = 1,
            };
            net.Fit(x, y, options);
            return net.Parameters.ToArray();
        }
    }

    [Fact]
    public void SameSeed_DoubleNetwork_BitIdenticalParameters()
    {
        (double[] x, double[] y) = TrainingTestData.Line<double>(40);
        double[] a = Train(), b = Train();
        Assert.True(TrainingTestData.BitEqual<double>(a, b));

        double[] Train()
        {
            var net = new LinearNet();
            net.Fit(x, y, new TrainerOptions { Epochs = 5, BatchSize = 8, Seed = 4, Optimizer = new Sgd { LearningRate = 0.1, Momentum = 0.9, Nesterov = true } });
            return net.Parameters.ToArray();
        }
    }

    [Fact]
    public void Cancellation_DuringABatch_StopsAfterThatBatchWithConsistentParameters()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(100, 1);
        var net = new RegressionNet();
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress<float>(net);
        progress.OnReport = r =>
        {
            if (r.Kind == TrainingProgressKind.Batch && r.Epoch == 2 && r.Batch == 3)
            {
                cts.Cancel();
            }
        };
        var options = new TrainerOptions { Epochs = 50, BatchSize = 10, BatchProgressInterval = 1, Optimizer = new Adam { LearningRate = 0.01 } };

        TrainingResult result = net.Fit(x, y, options, progress, cts.Token);

        // 10 batches per epoch: the 13th step was the last.
        Assert.Equal(TrainingStopReason.Cancelled, result.StopReason);
        Assert.Equal(13, result.Steps);
        Assert.Equal(1, result.EpochsCompleted);
        Assert.Contains("epoch 2, batch 3 of 10", result.Message);
        TrainingProgress last = progress.Reports[^1];
        Assert.Equal((TrainingProgressKind.Batch, 2, 3), (last.Kind, last.Epoch, last.Batch));
        Assert.True(TrainingTestData.BitEqual<float>(progress.Parameters[^1], net.Parameters));
        Assert.All(net.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void Cancellation_AtEpochReport_NoBatchOfTheNextEpochRuns()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(100, 1);
        var net = new RegressionNet();
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress<float>(net)
        {
            OnReport = r =>
            {
                if (r.Kind == TrainingProgressKind.Epoch && r.Epoch == 3)
                {
                    cts.Cancel();
                }
            },
        };

        TrainingResult result = net.Fit(x, y, new TrainerOptions { Epochs = 10, BatchSize = 25 }, progress, cts.Token);

        Assert.Equal(TrainingStopReason.Cancelled, result.StopReason);
        Assert.Equal(12, result.Steps);
        Assert.Equal(3, result.EpochsCompleted);
        Assert.True(TrainingTestData.BitEqual<float>(progress.Parameters[^1], net.Parameters));
    }

    [Fact]
    public void Cancellation_BeforeStart_LeavesParametersUnchanged()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(50, 1);
        var net = new RegressionNet();
        float[] before = net.Parameters.ToArray();

        TrainingResult result = net.Fit(x, y, new TrainerOptions(), null, new CancellationToken(true));

        Assert.Equal(TrainingStopReason.Cancelled, result.StopReason);
        Assert.Equal(0, result.Steps);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    /// <summary>
    /// Every step path: AdamW with clipping (the norm before the step), plain SGD at batch 16 (the one-pass step) and at
    /// batch 1 (the step inside the backward pass, counting for the classifier).
    /// </summary>
    [Theory]
    [InlineData("regression", "adamw-clipped")]
    [InlineData("classifier", "adamw-clipped")]
    [InlineData("regression", "sgd")]
    [InlineData("classifier", "sgd")]
    [InlineData("regression", "sgd-batch-1")]
    [InlineData("classifier", "sgd-batch-1")]
    public void Epoch_AfterTheFirst_AllocatesNothing(string kind, string step)
    {
        INetwork<float> net;
        float[] x, y;
        if (kind == "regression")
        {
            net = new RegressionNet();
            (x, y) = TrainingTestData.Smooth(300, 1);
        }
        else
        {
            net = new ThreeClassNet();
            (x, y, _) = TrainingTestData.Blobs(300, 1);
        }

        const int Epochs = 40;
        var progress = new AllocationProgress(Epochs);
        bool adam = step == "adamw-clipped";
        var options = new TrainerOptions
        {
            Epochs = Epochs,
            BatchSize = step == "sgd-batch-1" ? 1 : 16,
            ValidationSplit = 0.2,
            Optimizer = adam ? new AdamW { LearningRate = 0.005 } : new Sgd { LearningRate = 0.02 },
            Schedule = LearningRateSchedule.ReduceOnPlateau(patience: 3),
            EarlyStopping = new EarlyStopping { Patience = 1000 },
            ClipGradientNorm = adam ? 5 : null,
            BatchProgressInterval = 1,
        };

        TrainingResult result = net.Fit(x, y, options, progress);

        Assert.Equal(Epochs, result.EpochsCompleted);
        Assert.Empty(result.Warnings);
        for (int e = 1; e < Epochs; e++)
        {
            Assert.True(progress.Bytes[e] - progress.Bytes[e - 1] == 0, $"epoch {e + 1} allocated {progress.Bytes[e] - progress.Bytes[e - 1]} bytes");
        }
    }

    /// <summary>Records the thread's allocated bytes at each epoch report, without allocating itself.</summary>
    private sealed class AllocationProgress(int epochs) : IProgress<TrainingProgress>
    {
        public long[] Bytes { get; } = new long[epochs];

        public void Report(TrainingProgress value)
        {
            if (value.Kind == TrainingProgressKind.Epoch)
            {
                Bytes[value.Epoch - 1] = GC.GetAllocatedBytesForCurrentThread();
            }
        }
    }
}
