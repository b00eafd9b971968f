using System;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// A hand-written network around a generated one: the single-sample members pass through (AccumulateGradients can be
/// overridden), the batched ones are not supported, and everything with a default in <see cref="INetwork{T}"/> (SgdStep,
/// CreateReplica, ...) is left to that default.
/// </summary>
internal class WrappedNetwork(INetwork<float> inner) : INetwork<float>
{
    /// <summary>The generated network.</summary>
    protected INetwork<float> Inner => inner;

    public int InputSize => inner.InputSize;

    public int OutputSize => inner.OutputSize;

    public int ParameterCount => inner.ParameterCount;

    public NetworkInfo Info => inner.Info;

    public Span<float> Parameters => inner.Parameters;

    public Span<float> Gradients => inner.Gradients;

    public void Predict(ReadOnlySpan<float> input, Span<float> output) => inner.Predict(input, output);

    public virtual float AccumulateGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target) => inner.AccumulateGradients(input, target);

    public float AccumulateGradientsBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count) => throw new NotSupportedException();

    public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs, int count) => throw new NotSupportedException();

    public float EvaluateLoss(ReadOnlySpan<float> input, ReadOnlySpan<float> target) => throw new NotSupportedException();

    public float EvaluateLossBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count, out int correct) => throw new NotSupportedException();

    public void ZeroGradients() => inner.ZeroGradients();

    public void Initialize(int seed) => inner.Initialize(seed);

    public void Trace(ReadOnlySpan<float> input, Span<float> layerOutputs) => inner.Trace(input, layerOutputs);
}
