using System;
using System.Linq;
using System.Threading;
using NetGen;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>A classifier with more than 16 k parameters, so that the gradient reduction is shared between threads too.</summary>
[Network(Loss.CrossEntropy)]
[Input(64)]
[Dense(256, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class ParallelWideNet;

/// <summary>
/// <see cref="TrainerOptions.MaxDegreeOfParallelism"/>: a run depends only on its seed and degree; degree 1 is today's
/// single-threaded run; degree 2 computes the same gradient within float rounding; bad degrees are rejected.
/// </summary>
public class ParallelTrainingTests
{
    [Fact]
    public void MaxDegreeOfParallelism_One_BitIdenticalToTheDefault()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(400, 3);
        float[] unset = TrainRegression(x, y, null), one = TrainRegression(x, y, 1);

        Assert.True(TrainingTestData.BitEqual<float>(unset, one));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void MaxDegreeOfParallelism_SameSeedAndDegree_BitIdenticalParameters(int degree)
    {
        (float[] x, float[] y) = WideData(300, 1);
        float[] first = TrainWide(x, y, degree, epochs: 3), second = TrainWide(x, y, degree, epochs: 3);

        Assert.True(TrainingTestData.BitEqual<float>(first, second));
    }

    [Fact]
    public void MaxDegreeOfParallelism_SmallNetworkTrainedTwice_BitIdenticalParameters()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(400, 3);
        float[] first = TrainRegression(x, y, 2), second = TrainRegression(x, y, 2);

        Assert.True(TrainingTestData.BitEqual<float>(first, second));
    }

    /// <summary>
    /// The gradient's sum over the workers, with the step in the same hand-off, and with gradient clipping (0.05: it
    /// clips), where the sum is made first for the norm and the step reads it.
    /// </summary>
    [Theory]
    [InlineData(2, 128, null)]
    [InlineData(2, 37, null)]
    [InlineData(4, 100, null)]
    [InlineData(2, 128, 0.05)]
    [InlineData(3, 100, 0.05)]
    public void MaxDegreeOfParallelism_OneStep_SameGradientAsOneThreadWithinRounding(int degree, int samples, double? clip)
    {
        // One SGD step with learning rate 1 over the whole set from the same start: parameters − start = −gradient.
        (float[] x, float[] y) = WideData(samples, 2);
        float[] start = Start();
        float[] serial = TrainWide(x, y, 1, epochs: 1, batch: samples, learningRate: 1, clip: clip);
        float[] parallel = TrainWide(x, y, degree, epochs: 1, batch: samples, learningRate: 1, clip: clip);

        double largest = 0;
        for (int i = 0; i < start.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(serial[i] - start[i]));
        }

        Assert.True(largest > 1e-3, "the step must move the parameters for the comparison to mean anything");
        for (int i = 0; i < start.Length; i++)
        {
            double gSerial = serial[i] - start[i], gParallel = parallel[i] - start[i];
            Assert.True(Math.Abs(gSerial - gParallel) <= 1e-6 + (1e-4 * Math.Abs(gSerial)), $"parameter {i}: {gSerial} vs {gParallel}");
        }
    }

    /// <summary>
    /// Fifteen Adam steps (300 samples at batch 64: four batches split between two workers, then one of 44 samples on
    /// one) track one thread within rounding: every step must start from cleared gradients on every worker, or a part of
    /// the last step's gradient joins the next. The network's gradients end cleared, as with one thread.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void MaxDegreeOfParallelism_ManySteps_TrackOneThreadWithinRounding(int degree)
    {
        (float[] x, float[] y) = WideData(300, 3);
        float[] start = Start();
        float[] serial = TrainWide(x, y, 1, epochs: 3);
        var net = new ParallelWideNet();
        float[] parallel = TrainWide(x, y, degree, epochs: 3, trained: net);

        double moved = 0, apart = 0;
        for (int i = 0; i < start.Length; i++)
        {
            moved = Math.Max(moved, Math.Abs(serial[i] - start[i]));
            apart = Math.Max(apart, Math.Abs(serial[i] - parallel[i]));
        }

        Assert.True(moved > 1e-2, $"the steps must move the parameters (largest change {moved})");
        Assert.True(apart <= 1e-3 * moved, $"degree {degree} is {apart} from one thread after 15 steps (largest change {moved})");
        Assert.True(net.Gradients.IndexOfAnyExcept(0f) < 0, "the network's gradients end cleared");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void MaxDegreeOfParallelism_Evaluation_SameMetricsAsOneThreadWithinRounding(int degree)
    {
        // Three SGD steps, then the end-of-epoch evaluation (training accuracy, validation loss and accuracy),
        // which the workers share: 450 training samples (gathered 256 + 194) and 150 validation ones, so the chunks are uneven.
        (float[] x, float[] y) = WideData(600, 4);
        EpochMetrics serial = TrainWideMetrics(x, y, 1);
        EpochMetrics parallel = TrainWideMetrics(x, y, degree);

        Assert.InRange(serial.TrainingAccuracy, 0.05, 0.95);
        Assert.Equal(serial.TrainingAccuracy, parallel.TrainingAccuracy, 1e-9);
        Assert.Equal(serial.ValidationAccuracy, parallel.ValidationAccuracy, 1e-9);
        Assert.Equal(serial.TrainingLoss, parallel.TrainingLoss, 1e-5 * serial.TrainingLoss);
        Assert.Equal(serial.ValidationLoss, parallel.ValidationLoss, 1e-5 * serial.ValidationLoss);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void MaxDegreeOfParallelism_BelowOne_RejectedWithTheValueAndTheFix(int degree)
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(20, 3);
        var options = new TrainerOptions { Epochs = 1, MaxDegreeOfParallelism = degree };

        var e = Assert.Throws<ArgumentException>(() => new RegressionNet().Fit(x, y, options));

        Assert.Equal(nameof(TrainerOptions.MaxDegreeOfParallelism), e.ParamName);
        Assert.StartsWith(
            $"TrainerOptions.MaxDegreeOfParallelism is {degree}; it must be at least 1 (1 trains on one thread, Environment.ProcessorCount on every core).",
            e.Message);
    }

    [Fact]
    public void MaxDegreeOfParallelism_Two_ReplicaSharesParametersNotGradients()
    {
        INetwork<float> net = new ParallelWideNet();
        net.Initialize(1);
        INetwork<float> replica = net.CreateReplica()!;
        (float[] x, float[] y) = WideData(4, 5);

        replica.AccumulateGradientsBatch(x, y, 4);
        net.Parameters[0] = 42f;

        Assert.Equal(42f, replica.Parameters[0]);
        Assert.True(net.Gradients.IndexOfAnyExcept(0f) < 0, "the network's own gradients stay untouched");
        Assert.True(replica.Gradients.IndexOfAnyExcept(0f) >= 0);
    }

    internal static float[] TrainWide(float[] x, float[] y, int degree, int epochs, int batch = 64, double learningRate = 0.01, double? clip = null, ParallelWideNet? trained = null)
    {
        ParallelWideNet net = trained ?? new ParallelWideNet();
        Start().CopyTo(net.Parameters);
        var options = new TrainerOptions
        {
            Epochs = epochs, BatchSize = batch, Seed = 9, MaxDegreeOfParallelism = degree,
            Optimizer = batch == x.Length / ParallelWideNet.InputSize ? new Sgd { LearningRate = learningRate } : new Adam { LearningRate = learningRate },
            ClipGradientNorm = clip,
        };
        options.Checks.Enabled = false;
        net.Fit(x, y, options);
        return net.Parameters.ToArray();
    }

    private static EpochMetrics TrainWideMetrics(float[] x, float[] y, int degree)
    {
        var net = new ParallelWideNet();
        Start().CopyTo(net.Parameters);
        var options = new TrainerOptions
        {
            Epochs = 1, BatchSize = 150, Seed = 9, MaxDegreeOfParallelism = degree, ValidationSplit = 0.25,
            Optimizer = new Sgd { LearningRate = 0.1 },
        };
        options.Checks.Enabled = false;
        return Assert.Single(net.Fit(x, y, options).History);
    }

    internal static (float[] Inputs, float[] Targets) WideData(int samples, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[samples * ParallelWideNet.InputSize];
        var targets = new float[samples * ParallelWideNet.OutputSize];
        for (int s = 0; s < samples; s++)
        {
            int label = random.Next(ParallelWideNet.OutputSize);
            targets[(s * ParallelWideNet.OutputSize) + label] = 1f;
            for (int i = 0; i < ParallelWideNet.InputSize; i++)
            {
                inputs[(s * ParallelWideNet.InputSize) + i] = (float)random.NextDouble() + (i % ParallelWideNet.OutputSize == label ? 0.5f : 0f);
            }
        }

        return (inputs, targets);
    }

    private static float[] Start()
    {
        var net = new ParallelWideNet();
        net.Initialize(7);
        return net.Parameters.ToArray();
    }

    private static float[] TrainRegression(float[] x, float[] y, int? degree)
    {
        var net = new RegressionNet();
        net.Initialize(5);
        var options = new TrainerOptions
        {
            Epochs = 6, BatchSize = 64, Seed = 11, ValidationSplit = 0.2, Optimizer = new AdamW { LearningRate = 0.01 }, ClipGradientNorm = 1,
        };
        if (degree is { } d)
        {
            options.MaxDegreeOfParallelism = d;
        }

        net.Fit(x, y, options);
        return net.Parameters.ToArray();
    }
}

/// <summary>
/// With worker threads the training thread's counter misses the workers: the network is wrapped so that every replica
/// notes its own thread's allocation counter at each batch, which covers everything that thread did in between.
/// </summary>
public class ParallelTrainingAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Epoch_AfterTheFirst_AllocatesNothingOnAnyThread(int degree)
    {
        const int Epochs = 12;
        (float[] x, float[] y) = ParallelTrainingTests.WideData(400, 3);
        var inner = new ParallelWideNet();
        inner.Initialize(3);
        var net = new CountingNetwork(inner, Epochs);
        var progress = new EpochProgress(net);
        var options = new TrainerOptions
        {
            Epochs = Epochs,
            BatchSize = 96,
            MaxDegreeOfParallelism = degree,
            ValidationSplit = 0.2,
            Optimizer = new Adam { LearningRate = 0.001 },
            ClipGradientNorm = 5,
            BatchProgressInterval = 1,
        };
        options.Checks.Enabled = false;

        TrainingResult result = net.Fit(x, y, options, progress);

        Assert.Equal(Epochs, result.EpochsCompleted);
        Assert.Equal(degree, 1 + net.Replicas.Count);
        foreach (CountingNetwork worker in net.Replicas.Prepend(net))
        {
            // From the first batch of epoch 3 (warm) to the first batch of the last epoch, on the thread that ran them.
            long bytes = worker.BytesAtEpoch[Epochs - 1] - worker.BytesAtEpoch[2];
            Assert.True(worker.BatchesAtEpoch[Epochs - 1] > worker.BatchesAtEpoch[2]);
            Assert.True(bytes == 0, $"a worker thread allocated {bytes} bytes over epochs 3 to {Epochs - 1}");
        }
    }

    /// <summary>Tells the wrappers which epoch is running, on the training thread, without allocating.</summary>
    private sealed class EpochProgress(CountingNetwork net) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Kind == TrainingProgressKind.Epoch)
            {
                net.Epoch.Value = value.Epoch;
            }
        }
    }

    private sealed class EpochBox
    {
        public volatile int Value;
    }

    /// <summary>Delegates to a generated network; notes its thread's allocated bytes at the first batch of each epoch.</summary>
    private sealed class CountingNetwork : INetwork<float>
    {
        private readonly INetwork<float> _inner;

        public CountingNetwork(INetwork<float> inner, int epochs, EpochBox? epoch = null)
        {
            _inner = inner;
            BytesAtEpoch = new long[epochs + 1];
            BatchesAtEpoch = new int[epochs + 1];
            Epoch = epoch ?? new EpochBox();
        }

        public EpochBox Epoch { get; }

        public long[] BytesAtEpoch { get; }

        public int[] BatchesAtEpoch { get; }

        public System.Collections.Generic.List<CountingNetwork> Replicas { get; } = new();

        private int _batches;

        public int InputSize => _inner.InputSize;

        public int OutputSize => _inner.OutputSize;

        public int ParameterCount => _inner.ParameterCount;

        public NetworkInfo Info => _inner.Info;

        public Span<float> Parameters => _inner.Parameters;

        public Span<float> Gradients => _inner.Gradients;

        public ParameterGuard? ParameterGuard => _inner.ParameterGuard;

        public float AccumulateGradientsBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count)
        {
            Note();
            return _inner.AccumulateGradientsBatch(inputs, targets, count);
        }

        public float AccumulateGradientsBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count, out int correct)
        {
            Note();
            return _inner.AccumulateGradientsBatch(inputs, targets, count, out correct);
        }

        private void Note()
        {
            // Epoch e's training runs while the last epoch report was e − 1: index by the epoch in progress.
            int epoch = Epoch.Value;
            _batches++;
            if (BytesAtEpoch[epoch] == 0)
            {
                BytesAtEpoch[epoch] = GC.GetAllocatedBytesForCurrentThread();
                BatchesAtEpoch[epoch] = _batches;
            }
        }

        public INetwork<float>? CreateReplica()
        {
            var replica = new CountingNetwork(_inner.CreateReplica()!, BytesAtEpoch.Length - 1, Epoch);
            Replicas.Add(replica);
            return replica;
        }

        public void Predict(ReadOnlySpan<float> input, Span<float> output) => _inner.Predict(input, output);

        public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs, int count) => _inner.PredictBatch(inputs, outputs, count);

        public float EvaluateLoss(ReadOnlySpan<float> input, ReadOnlySpan<float> target) => _inner.EvaluateLoss(input, target);

        public float EvaluateLossBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count, out int correct) =>
            _inner.EvaluateLossBatch(inputs, targets, count, out correct);

        public float AccumulateGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target) => _inner.AccumulateGradients(input, target);

        public void ZeroGradients() => _inner.ZeroGradients();

        public void Initialize(int seed) => _inner.Initialize(seed);

        public void Trace(ReadOnlySpan<float> input, Span<float> layerOutputs) => _inner.Trace(input, layerOutputs);
    }
}
