using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks.Contenders;

/// <summary>NetGen's per-sample SGD step, the counterpart of <c>fann_train</c>: zero, forward and backward, p ← p − lr·g.</summary>
public static class NetGenSgd
{
    public static float Step(INetwork<float> network, ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate)
    {
        network.ZeroGradients();
        float loss = network.AccumulateGradients(input, target);
        Span<float> p = network.Parameters;
        ReadOnlySpan<float> g = network.Gradients;
        int i = 0;
        if (p.Length >= Vector512<float>.Count)
        {
            ref float rp = ref MemoryMarshal.GetReference(p);
            ref float rg = ref MemoryMarshal.GetReference(g);
            var rate = Vector512.Create(-learningRate);
            for (; i <= p.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rg, (nuint)i), rate, Vector512.LoadUnsafe(ref rp, (nuint)i)).StoreUnsafe(ref rp, (nuint)i);
            }
        }

        for (; i < p.Length; i++)
        {
            p[i] = MathF.FusedMultiplyAdd(g[i], -learningRate, p[i]);
        }

        return loss;
    }
}
