using System;
using Microsoft.ML.OnnxRuntime;
using NetGen.Onnx;

namespace NetGen.Benchmarks.Contenders;

/// <summary>
/// ONNX Runtime (CPU) on NetGen's own export, with its lowest-overhead API: one intra-op and one inter-op thread,
/// sequential execution, full graph optimisation, input and output as <see cref="OrtValue"/>s over pinned,
/// preallocated arrays, one <see cref="OrtIoBinding"/> bound once, and <c>RunWithBinding</c> with reused
/// <see cref="RunOptions"/>. A call copies the input in, runs, and copies the output out.
/// </summary>
public sealed class OnnxRuntimeMlp : IDisposable
{
    private readonly InferenceSession _session;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;

    /// <summary>Exports <paramref name="network"/> with <see cref="OnnxExport"/> and loads it for single-sample inference.</summary>
    public OnnxRuntimeMlp(INetwork<float> network)
    {
        byte[] model = OnnxExport.ToBytes(network);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, options);
        _input = GC.AllocateArray<float>(network.InputSize, pinned: true);
        _output = GC.AllocateArray<float>(network.OutputSize, pinned: true);
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, new long[] { 1, network.InputSize });
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, new long[] { 1, network.OutputSize });
        _binding = _session.CreateIoBinding();
        _binding.BindInput("input", _inputValue);
        _binding.BindOutput("output", _outputValue);
        _runOptions = new RunOptions();
    }

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        input.CopyTo(_input);
        _session.RunWithBinding(_runOptions, _binding);
        _output.AsSpan().CopyTo(output);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _binding.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _session.Dispose();
    }
}
