using System;
using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Contenders;
using NetGen.Training;

namespace NetGen.Benchmarks;

/// <summary>
/// The trainer's throughput: one epoch of <see cref="Samples"/> samples with <c>Trainer.Fit</c> (SGD, learning rate
/// 0.01, shuffled, run-time checks off), at batch 1, 32 and 256. Reported per sample (OperationsPerInvoke), so samples
/// per second = 10⁹ / ns. Each epoch starts from the same parameters. benchmarks/pytorch/run.sh runs PyTorch on the
/// same topologies beside it.
/// </summary>
[MemoryDiagnoser]
public class TrainerBenchmarks : TrainerEpochBenchmark
{
    [Params("xsq", "digits", "mnist", "wide")]
    public string Net { get; set; } = "xsq";

    [Params(1, 32, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup() => Setup(Net, Batch, 1);
}

/// <summary>
/// <see cref="TrainerOptions.MaxDegreeOfParallelism"/> on mnist (784-128-64-10) at batch 256: one epoch of
/// <see cref="TrainerEpochBenchmark.Samples"/> samples per degree, reported per sample as <see cref="TrainerBenchmarks"/> is.
/// </summary>
[MemoryDiagnoser]
public class TrainerParallelBenchmarks : TrainerEpochBenchmark
{
    [Params(1, 2)]
    public int Degree { get; set; } = 1;

    [GlobalSetup]
    public void Setup() => Setup("mnist", 256, Degree);

    /// <summary>Five epochs in one <c>Fit</c>: the per-<c>Fit</c> set-up (threads, replicas, buffers) spread over five.</summary>
    [Benchmark(OperationsPerInvoke = 5 * Samples)]
    public TrainingResult TrainerFiveEpochs() => Fit(5);
}

/// <summary>One epoch of <c>Trainer.Fit</c> (SGD 0.01, shuffled, checks off) from the same parameters each time.</summary>
public abstract class TrainerEpochBenchmark
{
    public const int Samples = 2048;

    private INetwork<float> _net = null!;
    private float[] _start = null!;
    private SampleSet _data = null!;
    private TrainerOptions _options = null!;

    protected void Setup(string net, int batch, int degree)
    {
        _net = ReferenceNetworks.Create(net);
        _start = _net.Parameters.ToArray();
        _data = Datasets.For(net, Samples);
        _options = new TrainerOptions
        {
            Epochs = 1,
            BatchSize = batch,
            MaxDegreeOfParallelism = degree,
            Optimizer = new Sgd { LearningRate = 0.01 },
            Seed = 1,
            Checks = new TrainingChecks { Enabled = false },
        };
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public TrainingResult TrainerEpoch() => Fit(1);

    /// <summary><paramref name="epochs"/> epochs in one <c>Fit</c> from the start parameters.</summary>
    protected TrainingResult Fit(int epochs)
    {
        _start.CopyTo(_net.Parameters);
        _options.Epochs = epochs;
        TrainingResult result = new Trainer<float>(_net, _options).Fit(_data.Inputs, _data.Targets);
        if (result.StopReason != TrainingStopReason.Completed)
        {
            throw new InvalidOperationException(result.Message);
        }

        return result;
    }
}
