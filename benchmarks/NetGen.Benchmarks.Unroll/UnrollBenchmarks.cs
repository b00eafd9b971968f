using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks.Unroll;

/// <summary>
/// Unrolled scalar code against vector code for one ReLU layer of each threshold shape: one Predict and one
/// AccumulateGradients per call. The crossing points set NetworkLowering.UnrollBudget, WideFanIn and
/// SingleInputVectorUnits (benchmarks/README.md, "Unroll threshold"). Run it with and without
/// DOTNET_EnableAVX512=0 (.NET 10; DOTNET_EnableAVX512F=0 before): the vector code's width follows the hardware.
/// </summary>
[MemoryDiagnoser]
public class UnrollBenchmarks
{
    private INetwork<float> _unrolled = null!;
    private INetwork<float> _vector = null!;
    private float[] _input = null!;
    private float[] _output = null!;

    [Params("Square8", "Square16", "Square32", "FanIn16", "FanIn32", "FanIn64", "Column8", "Column16", "Column32")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        (_unrolled, _vector) = Shape switch
        {
            "Square8" => ((INetwork<float>)new Square8Unrolled(), (INetwork<float>)new Square8Vector()),
            "Square16" => (new Square16Unrolled(), new Square16Vector()),
            "Square32" => (new Square32Unrolled(), new Square32Vector()),
            "FanIn16" => (new FanIn16Unrolled(), new FanIn16Vector()),
            "FanIn32" => (new FanIn32Unrolled(), new FanIn32Vector()),
            "FanIn64" => (new FanIn64Unrolled(), new FanIn64Vector()),
            "Column8" => (new Column8Unrolled(), new Column8Vector()),
            "Column16" => (new Column16Unrolled(), new Column16Vector()),
            "Column32" => (new Column32Unrolled(), new Column32Vector()),
            _ => throw new ArgumentOutOfRangeException(nameof(Shape)),
        };
        _input = new float[_unrolled.InputSize];
        _output = new float[_unrolled.OutputSize];
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (i % 5) * 0.2f;
        }
    }

    [Benchmark]
    public void PredictUnrolled() => _unrolled.Predict(_input, _output);

    [Benchmark]
    public void PredictVector() => _vector.Predict(_input, _output);

    [Benchmark]
    public float TrainUnrolled() => _unrolled.AccumulateGradients(_input, _output);

    [Benchmark]
    public float TrainVector() => _vector.AccumulateGradients(_input, _output);
}
