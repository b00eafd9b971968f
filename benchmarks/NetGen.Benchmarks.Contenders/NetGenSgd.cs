using System;

namespace NetGen.Benchmarks.Contenders;

/// <summary>NetGen's per-sample SGD step, the counterpart of <c>fann_train</c>: zero, forward and backward, p ← p − lr·g.</summary>
public static class NetGenSgd
{
    /// <param name="network">The network to step.</param>
    /// <param name="input">One sample's input.</param>
    /// <param name="target">Its target.</param>
    /// <param name="learningRate">The step size.</param>
    /// <param name="width">The vector width of the update; <see cref="VectorKernels.Best"/> when <c>null</c>.</param>
    /// <returns>The sample's loss before the step.</returns>
    public static float Step(INetwork<float> network, ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate, VectorWidth? width = null)
    {
        network.ZeroGradients();
        float loss = network.AccumulateGradients(input, target);
        VectorKernels.MultiplyAdd(network.Gradients, -learningRate, network.Parameters, width ?? VectorKernels.Best);
        return loss;
    }
}
