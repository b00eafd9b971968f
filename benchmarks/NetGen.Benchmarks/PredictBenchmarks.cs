using System;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Contenders;

namespace NetGen.Benchmarks;

/// <summary>
/// Inference of one sample on the six reference networks, every contender on the same weights (NetGen's, seed 42)
/// and the same input (the data set's first sample).
/// </summary>
/// <remarks>
/// The benchmark methods are compiled optimised from their first call (<c>AggressiveOptimization</c>), as a C++
/// harness is compiled with -O3: in the in-process <c>--round</c> job of the side-by-side scripts BenchmarkDotNet's
/// calls left them at tier 0, which added about 3.4 ns to every call (xsq 10.3 against 6.9 ns, Zen 4, 2026-12-07;
/// the out-of-process job was not affected). The contenders' own code is untouched by this.
/// </remarks>
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void NetGen() => _netGen.Predict(_input, _output);

    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void NaiveCSharp() => _naive.Predict(_input, _output);

    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CarefulCSharp() => _careful.Predict(_input, _output);

    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
