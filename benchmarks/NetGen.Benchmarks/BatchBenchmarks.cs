using System;
using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Contenders;

namespace NetGen.Benchmarks;

/// <summary>
/// The batched members against their single-sample counterparts, per sample (OperationsPerInvoke = 256): Predict in a
/// loop against PredictBatch, AccumulateGradients in a loop against AccumulateGradientsBatch, and the forward-only
/// EvaluateLossBatch. Ratios within one run are the result.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    public const int Count = 256;

    private INetwork<float> _net = null!;
    private float[] _inputs = null!;
    private float[] _targets = null!;
    private float[] _outputs = null!;

    [Params("xsq", "digits", "mnist", "wide")]
    public string Net { get; set; } = "mnist";

    [GlobalSetup]
    public void Setup()
    {
        _net = ReferenceNetworks.Create(Net);
        SampleSet data = Datasets.For(Net, Count);
        _inputs = data.Inputs;
        _targets = data.Targets;
        _outputs = new float[Count * _net.OutputSize];
    }

    [Benchmark(OperationsPerInvoke = Count, Baseline = true)]
    public void PredictLoop()
    {
        int i = _net.InputSize, o = _net.OutputSize;
        for (int s = 0; s < Count; s++)
        {
            _net.Predict(_inputs.AsSpan(s * i, i), _outputs.AsSpan(s * o, o));
        }
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void PredictBatch() => _net.PredictBatch(_inputs, _outputs, Count);

    [Benchmark(OperationsPerInvoke = Count)]
    public float AccumulateGradientsLoop()
    {
        int i = _net.InputSize, o = _net.OutputSize;
        float loss = 0;
        for (int s = 0; s < Count; s++)
        {
            loss += _net.AccumulateGradients(_inputs.AsSpan(s * i, i), _targets.AsSpan(s * o, o));
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public float AccumulateGradientsBatch() => _net.AccumulateGradientsBatch(_inputs, _targets, Count);

    [Benchmark(OperationsPerInvoke = Count)]
    public float EvaluateLossBatch() => _net.EvaluateLossBatch(_inputs, _targets, Count, out _);
}
