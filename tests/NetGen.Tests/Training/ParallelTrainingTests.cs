using System;
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

    [Theory]
    [InlineData(2, 128)]
    [InlineData(2, 37)]
    [InlineData(4, 100)]
    public void MaxDegreeOfParallelism_OneStep_SameGradientAsOneThreadWithinRounding(int degree, int samples)
    {
        // One SGD step with learning rate 1 over the whole set from the same start: parameters − start = −gradient.
        (float[] x, float[] y) = WideData(samples, 2);
        float[] start = Start();
        float[] serial = TrainWide(x, y, 1, epochs: 1, batch: samples, learningRate: 1);
        float[] parallel = TrainWide(x, y, degree, epochs: 1, batch: samples, learningRate: 1);

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

    internal static float[] TrainWide(float[] x, float[] y, int degree, int epochs, int batch = 64, double learningRate = 0.01)
    {
        var net = new ParallelWideNet();
        Start().CopyTo(net.Parameters);
        var options = new TrainerOptions
        {
            Epochs = epochs, BatchSize = batch, Seed = 9, MaxDegreeOfParallelism = degree,
            Optimizer = batch == x.Length / ParallelWideNet.InputSize ? new Sgd { LearningRate = learningRate } : new Adam { LearningRate = learningRate },
        };
        options.Checks.Enabled = false;
        net.Fit(x, y, options);
        return net.Parameters.ToArray();
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

/// <summary>Tests that count the whole process's allocations: run after the parallel tests, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessAllocationCollection
{
    public const string Name = "Process-wide allocation counts";
}

/// <summary>With worker threads the per-thread counter misses the workers: these count every thread's allocations.</summary>
[Collection(ProcessAllocationCollection.Name)]
public class ParallelTrainingAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Epoch_AfterTheFirst_AllocatesNothingOnAnyThread(int degree)
    {
        const int Epochs = 12;
        (float[] x, float[] y) = ParallelTrainingTests.WideData(400, 3);
        var net = new ParallelWideNet();
        net.Initialize(3);
        var progress = new ProcessAllocationProgress(Epochs);
        var options = new TrainerOptions
        {
            Epochs = Epochs,
            BatchSize = 64,
            MaxDegreeOfParallelism = degree,
            ValidationSplit = 0.2,
            Optimizer = new Adam { LearningRate = 0.001 },
            ClipGradientNorm = 5,
            BatchProgressInterval = 1,
        };
        options.Checks.Enabled = false;

        TrainingResult result = net.Fit(x, y, options, progress);

        Assert.Equal(Epochs, result.EpochsCompleted);
        for (int e = 1; e < Epochs; e++)
        {
            long thread = progress.ThreadBytes[e] - progress.ThreadBytes[e - 1];
            Assert.True(thread == 0, $"epoch {e + 1} allocated {thread} bytes on the training thread");
        }

        // Every thread together, from the end of epoch 2 to the end of the last (warm-up done by then).
        long total = progress.ProcessBytes[Epochs - 1] - progress.ProcessBytes[1];
        Assert.True(total == 0, $"epochs 3 to {Epochs} allocated {total} bytes in the process");
    }

    /// <summary>Records the thread's and the process's allocated bytes at each epoch report, without allocating itself.</summary>
    private sealed class ProcessAllocationProgress(int epochs) : IProgress<TrainingProgress>
    {
        public long[] ThreadBytes { get; } = new long[epochs];

        public long[] ProcessBytes { get; } = new long[epochs];

        public void Report(TrainingProgress value)
        {
            if (value.Kind == TrainingProgressKind.Epoch)
            {
                ThreadBytes[value.Epoch - 1] = GC.GetAllocatedBytesForCurrentThread();
                ProcessBytes[value.Epoch - 1] = GC.GetTotalAllocatedBytes(precise: true);
            }
        }
    }
}
