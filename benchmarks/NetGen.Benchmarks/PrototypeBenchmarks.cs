using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Contenders;

namespace NetGen.Benchmarks;

/// <summary>
/// The code benchmarks/README.md recommends the generator emit, written by hand (<see cref="PrototypeMlp"/>), against
/// NetGen's Predict on the networks where NetGen misses its targets.
/// </summary>
[MemoryDiagnoser]
public class PrototypeBenchmarks
{
    private INetwork<float> _netGen = null!;
    private PrototypeMlp _prototype = null!;
    private float[] _input = null!;
    private float[] _output = null!;

    [Params("xsq", "mnist", "wide")]
    public string Net { get; set; } = "xsq";

    [GlobalSetup]
    public void Setup()
    {
        _netGen = ReferenceNetworks.Create(Net);
        _prototype = new PrototypeMlp(_netGen);
        _input = Datasets.For(Net, 1).Input(0).ToArray();
        _output = new float[_netGen.OutputSize];
    }

    [Benchmark(Baseline = true)]
    public void NetGen() => _netGen.Predict(_input, _output);

    [Benchmark]
    public void Prototype() => _prototype.Predict(_input, _output);
}
