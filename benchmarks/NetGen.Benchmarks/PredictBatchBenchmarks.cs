using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Contenders;

namespace NetGen.Benchmarks;

/// <summary>
/// Inference of <see cref="Count"/> samples at once: <c>INetwork&lt;float&gt;.PredictBatch</c> against a loop of
/// <c>Predict</c> over the same samples, per sample (OperationsPerInvoke). PredictBatch comes with issue 11; until the
/// runtime has it, <see cref="PredictBatch"/> reports that it is missing and only the loop runs.
/// </summary>
[MemoryDiagnoser]
public class PredictBatchBenchmarks
{
    public const int Count = 256;

    private delegate void PredictBatchCall(ReadOnlySpan<float> inputs, Span<float> outputs, int count);

    private INetwork<float> _net = null!;
    private float[] _inputs = null!;
    private float[] _outputs = null!;
    private PredictBatchCall? _predictBatch;

    [Params("xsq", "digits", "mnist", "wide")]
    public string Net { get; set; } = "mnist";

    [GlobalSetup]
    public void Setup()
    {
        _net = ReferenceNetworks.Create(Net);
        _inputs = Datasets.For(Net, Count).Inputs;
        _outputs = new float[Count * _net.OutputSize];

        // Bound once, through the interface like the Predict loop: compiles on runtimes without PredictBatch.
        MethodInfo? method = typeof(INetwork<float>).GetMethod("PredictBatch", [typeof(ReadOnlySpan<float>), typeof(Span<float>), typeof(int)]);
        _predictBatch = method?.CreateDelegate<PredictBatchCall>(_net);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see PredictBenchmarks
    public void PredictLoop()
    {
        int n = _net.InputSize, m = _net.OutputSize;
        for (int i = 0; i < Count; i++)
        {
            _net.Predict(_inputs.AsSpan(i * n, n), _outputs.AsSpan(i * m, m));
        }
    }

    [Benchmark(OperationsPerInvoke = Count)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see PredictBenchmarks
    public void PredictBatch()
    {
        if (_predictBatch is null)
        {
            throw new NotSupportedException("INetwork<float>.PredictBatch is not in this runtime yet (issue 11).");
        }

        _predictBatch(_inputs, _outputs, Count);
    }
}
