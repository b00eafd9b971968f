using System;
using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Contenders;

namespace NetGen.Benchmarks;

/// <summary>
/// Inference of one sample on the six reference networks, every contender on the same weights (NetGen's, seed 42)
/// and the same input (the data set's first sample).
/// </summary>
[MemoryDiagnoser]
public class PredictBenchmarks
{
    private INetwork<float> _netGen = null!;
    private NaiveMlp _naive = null!;
    private CarefulMlp _careful = null!;
    private OnnxRuntimeMlp _onnx = null!;
    private float[] _input = null!;
    private float[] _output = null!;

    [Params("xsq", "sincos", "xor", "digits", "mnist", "wide")]
    public string Net { get; set; } = "xsq";

    [GlobalSetup]
    public void Setup()
    {
        _netGen = ReferenceNetworks.Create(Net);
        _naive = new NaiveMlp(_netGen);
        _careful = new CarefulMlp(_netGen);
        _onnx = new OnnxRuntimeMlp(_netGen);
        _input = Datasets.For(Net, 1).Input(0).ToArray();
        _output = new float[_netGen.OutputSize];
    }

    [GlobalCleanup]
    public void Cleanup() => _onnx.Dispose();

    [Benchmark(Baseline = true)]
    public void NetGen() => _netGen.Predict(_input, _output);

    [Benchmark]
    public void NaiveCSharp() => _naive.Predict(_input, _output);

    [Benchmark]
    public void CarefulCSharp() => _careful.Predict(_input, _output);

    [Benchmark]
    public void OnnxRuntime() => _onnx.Predict(_input, _output);
}

/// <summary>Forward and backward of one sample (gradients added, no update), on the six reference networks.</summary>
[MemoryDiagnoser]
public class GradientBenchmarks
{
    private INetwork<float> _netGen = null!;
    private NaiveMlp _naive = null!;
    private CarefulMlp _careful = null!;
    private float[] _input = null!;
    private float[] _target = null!;

    [Params("xsq", "sincos", "xor", "digits", "mnist", "wide")]
    public string Net { get; set; } = "xsq";

    [GlobalSetup]
    public void Setup()
    {
        _netGen = ReferenceNetworks.Create(Net);
        _naive = new NaiveMlp(_netGen);
        _careful = new CarefulMlp(_netGen);
        SampleSet data = Datasets.For(Net, 1);
        _input = data.Input(0).ToArray();
        _target = data.Target(0).ToArray();
    }

    [Benchmark(Baseline = true)]
    public float NetGen() => _netGen.AccumulateGradients(_input, _target);

    [Benchmark]
    public float NaiveCSharp() => _naive.AccumulateGradients(_input, _target);

    [Benchmark]
    public float CarefulCSharp() => _careful.AccumulateGradients(_input, _target);
}
