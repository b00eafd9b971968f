using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Contenders;

namespace NetGen.Benchmarks;

/// <summary>
/// FANN 2.2 against NetGen on the networks FANN can express (no ReLU, no softmax): inference of one sample, and one
/// per-sample training step (<c>fann_train</c> against NetGen's zero, forward and backward, p ← p − lr·g).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FannBenchmarks
{
    private INetwork<float> _netGen = null!;
    private CarefulMlp _careful = null!;
    private FannMlp _fann = null!;
    private float[] _input = null!;
    private float[] _target = null!;
    private float[] _output = null!;
    private float _learningRate;

    [Params("xor", "xsq-tanh", "digits-sigmoid")]
    public string Net { get; set; } = "xor";

    [GlobalSetup]
    public void Setup()
    {
        if (!FannMlp.IsAvailable)
        {
            throw new InvalidOperationException("libfloatfann.so.2 is not installed; run benchmarks/setup.sh.");
        }

        _netGen = ReferenceNetworks.Create(Net);
        _careful = new CarefulMlp(_netGen);
        const float fannRate = 0.01f;
        _fann = new FannMlp(_netGen, fannRate);
        _learningRate = fannRate * _netGen.OutputSize / 2;   // the same step (FANN's error has no 2/n factor)
        SampleSet data = Datasets.For(Net, 1);
        _input = data.Input(0).ToArray();
        _target = data.Target(0).ToArray();
        _output = new float[_netGen.OutputSize];
    }

    [GlobalCleanup]
    public void Cleanup() => _fann.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("Predict")]
    public void NetGen() => _netGen.Predict(_input, _output);

    [Benchmark, BenchmarkCategory("Predict")]
    public void CarefulCSharp() => _careful.Predict(_input, _output);

    [Benchmark, BenchmarkCategory("Predict")]
    public void Fann() => _fann.Predict(_input, _output);

    [Benchmark(Baseline = true), BenchmarkCategory("Train")]
    public float NetGenSgdStep() => NetGenSgd.Step(_netGen, _input, _target, _learningRate);

    [Benchmark, BenchmarkCategory("Train")]
    public void FannTrain() => _fann.Train(_input, _target);
}
