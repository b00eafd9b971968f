using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Contenders;

namespace NetGen.Benchmarks;

/// <summary>
/// One plain SGD step on one sample (batch 1): the generated SgdStep, which adds −lr·dz⊗x straight into the parameters
/// during the backward pass, against AccumulateGradients alone (the baseline: the same forward and backward, into the
/// gradients) and against the step done in passes (clear the gradients, AccumulateGradients, then p −= lr·g).
/// </summary>
[MemoryDiagnoser]
public class SgdStepBenchmarks
{
    // Small enough that millions of steps on one sample leave the network (and which ReLU rows are zero) as it was.
    private const float LearningRate = 1e-7f;

    private INetwork<float> _net = null!;
    private float[] _input = null!;
    private float[] _target = null!;

    [Params("xsq", "digits", "mnist", "wide")]
    public string Net { get; set; } = "xsq";

    [GlobalSetup]
    public void Setup()
    {
        _net = ReferenceNetworks.Create(Net);
        SampleSet data = Datasets.For(Net, 1);
        _input = data.Input(0).ToArray();
        _target = data.Target(0).ToArray();
    }

    [Benchmark(Baseline = true)]
    public float AccumulateGradients() => _net.AccumulateGradients(_input, _target);

    [Benchmark]
    public float SgdStep() => _net.SgdStep(_input, _target, LearningRate);

    [Benchmark]
    public float StepInPasses() => NetGenSgd.Step(_net, _input, _target, LearningRate);
}
