using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks.Unroll;

/// <summary>
/// Unrolled against looped code for one square ReLU layer of n units: one Predict and one AccumulateGradients per
/// call. The crossing point sets NetworkLowering.UnrollBudget (benchmarks/README.md, "Unroll threshold").
/// </summary>
[MemoryDiagnoser]
public class UnrollBenchmarks
{
    private INetwork<float> _unrolled = null!;
    private INetwork<float> _looped = null!;
    private float[] _input = null!;
    private float[] _output = null!;

    [Params(8, 16, 32, 64, 128, 256)]
    public int Units { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_unrolled, _looped) = Units switch
        {
            8 => ((INetwork<float>)new Square8Unrolled(), (INetwork<float>)new Square8Looped()),
            16 => (new Square16Unrolled(), new Square16Looped()),
            32 => (new Square32Unrolled(), new Square32Looped()),
            64 => (new Square64Unrolled(), new Square64Looped()),
            128 => (new Square128Unrolled(), new Square128Looped()),
            256 => (new Square256Unrolled(), new Square256Looped()),
            _ => throw new ArgumentOutOfRangeException(nameof(Units)),
        };
        _input = new float[Units];
        _output = new float[Units];
        for (int i = 0; i < Units; i++)
        {
            _input[i] = (i % 5) * 0.2f;
        }
    }

    [Benchmark]
    public void PredictUnrolled() => _unrolled.Predict(_input, _output);

    [Benchmark]
    public void PredictLooped() => _looped.Predict(_input, _output);

    [Benchmark]
    public float TrainUnrolled() => _unrolled.AccumulateGradients(_input, _input);

    [Benchmark]
    public float TrainLooped() => _looped.AccumulateGradients(_input, _input);
}
