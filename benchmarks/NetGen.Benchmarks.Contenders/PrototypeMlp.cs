using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks.Contenders;

/// <summary>
/// Not a contender: hand-written stand-ins for what benchmarks/README.md recommends the generator emit, so that the
/// recommendations come with numbers. Inference only, float, for the three networks where NetGen misses its targets:
/// xsq (SIMD across the 64 outputs of a one-input layer), mnist and wide (matrix-vector products blocked four rows
/// at a time with two FMA accumulators per row, vectorised ReLU and tanh). Same parameters and layout as the NetGen
/// network it is built from; the agreement test checks its outputs.
/// </summary>
public sealed class PrototypeMlp
{
    private readonly float[] _p;
    private readonly LayerInfo[] _layers;
    private readonly float[] _buffer;
    private readonly bool _xsq;

    public PrototypeMlp(INetwork<float> network)
    {
        NetworkInfo info = network.Info;
        _p = network.Parameters.ToArray();
        _layers = new LayerInfo[info.Layers.Count];
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l] = info.Layers[l];
            if (!_layers[l].HasBias || _layers[l].Activation is not (Activation.Identity or Activation.ReLU or Activation.LeakyReLU or Activation.Tanh or Activation.Softmax))
            {
                throw new NotSupportedException("The prototype covers biased Identity, ReLU, LeakyReLU, Tanh and output Softmax layers.");
            }
        }

        _xsq = info.InputSize == 1 && _layers.Length == 2 && _layers[0].Units == 64 && _layers[1].Units == 1;
        _buffer = new float[info.TotalUnits];
    }

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_xsq)
        {
            output[0] = PredictOneWideOne(input[0]);
            return;
        }

        ReadOnlySpan<float> x = input;
        foreach (LayerInfo layer in _layers)
        {
            Span<float> y = _buffer.AsSpan(layer.OutputOffset, layer.Units);
            DenseBlocked(_p.AsSpan(layer.WeightOffset, layer.WeightCount), _p.AsSpan(layer.BiasOffset, layer.Units), x, y);
            switch (layer.Activation)
            {
                case Activation.ReLU:
                case Activation.LeakyReLU:
                    LeakyReLU(y, layer.Activation == Activation.ReLU ? 0f : (float)layer.Alpha);
                    break;
                case Activation.Tanh:
                    Tanh(y);
                    break;
                case Activation.Softmax:
                    Softmax(y);
                    break;
            }

            x = y;
        }

        x.CopyTo(output);
    }

    /// <summary>1 → 64 LeakyReLU → 1: the 64 weights of a one-input layer are contiguous, so the layer is four FMAs.</summary>
    private float PredictOneWideOne(float x)
    {
        ref float p = ref MemoryMarshal.GetArrayDataReference(_p);
        var vx = Vector512.Create(x);
        var alpha = Vector512.Create((float)_layers[0].Alpha);
        Vector512<float> acc = Vector512<float>.Zero;
        for (nuint k = 0; k < 64; k += 16)
        {
            Vector512<float> z = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, k), vx, Vector512.LoadUnsafe(ref p, 64 + k));
            Vector512<float> h = Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<float>.Zero), z, z * alpha);
            acc = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref p, 128 + k), acc);
        }

        return Vector512.Sum(acc) + Unsafe.Add(ref p, 192);
    }

    /// <summary>z = W·x + b, four rows at a time, two accumulators per row (eight independent FMA chains).</summary>
    private static void DenseBlocked(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> z)
    {
        int n = x.Length, units = z.Length;
        ref float rw = ref MemoryMarshal.GetReference(w);
        ref float rx = ref MemoryMarshal.GetReference(x);
        int j = 0;
        for (; j <= units - 4; j += 4)
        {
            ref float r0 = ref Unsafe.Add(ref rw, j * n);
            ref float r1 = ref Unsafe.Add(ref r0, n);
            ref float r2 = ref Unsafe.Add(ref r1, n);
            ref float r3 = ref Unsafe.Add(ref r2, n);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, c0 = default, c1 = default, c2 = default, c3 = default;
            int i = 0;
            for (; i <= n - 32; i += 32)
            {
                Vector512<float> x0 = Vector512.LoadUnsafe(ref rx, (nuint)i), x1 = Vector512.LoadUnsafe(ref rx, (nuint)(i + 16));
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, (nuint)i), x0, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r1, (nuint)i), x0, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, (nuint)i), x0, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r3, (nuint)i), x0, a3);
                c0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, (nuint)(i + 16)), x1, c0);
                c1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r1, (nuint)(i + 16)), x1, c1);
                c2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, (nuint)(i + 16)), x1, c2);
                c3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r3, (nuint)(i + 16)), x1, c3);
            }

            for (; i <= n - 16; i += 16)
            {
                Vector512<float> x0 = Vector512.LoadUnsafe(ref rx, (nuint)i);
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, (nuint)i), x0, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r1, (nuint)i), x0, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, (nuint)i), x0, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r3, (nuint)i), x0, a3);
            }

            float s0 = Vector512.Sum(a0 + c0), s1 = Vector512.Sum(a1 + c1), s2 = Vector512.Sum(a2 + c2), s3 = Vector512.Sum(a3 + c3);
            for (; i < n; i++)
            {
                float xi = Unsafe.Add(ref rx, i);
                s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref r0, i), xi, s0);
                s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref r1, i), xi, s1);
                s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref r2, i), xi, s2);
                s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref r3, i), xi, s3);
            }

            z[j] = s0 + b[j];
            z[j + 1] = s1 + b[j + 1];
            z[j + 2] = s2 + b[j + 2];
            z[j + 3] = s3 + b[j + 3];
        }

        for (; j < units; j++)
        {
            z[j] = CarefulMlp.Dot(w.Slice(j * n, n), x) + b[j];
        }
    }

    private static void LeakyReLU(Span<float> y, float alpha)
    {
        ref float r = ref MemoryMarshal.GetReference(y);
        var a = Vector512.Create(alpha);
        int i = 0;
        for (; i <= y.Length - 16; i += 16)
        {
            Vector512<float> v = Vector512.LoadUnsafe(ref r, (nuint)i);
            Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<float>.Zero), v, v * a).StoreUnsafe(ref r, (nuint)i);
        }

        for (; i < y.Length; i++)
        {
            float v = Unsafe.Add(ref r, i);
            Unsafe.Add(ref r, i) = v > 0 ? v : alpha * v;
        }
    }

    /// <summary>tanh(z) = 1 − 2 / (e^(2z) + 1) with the vector exp: exact ±1 in the limits, a few ulp elsewhere (absolute).</summary>
    private static void Tanh(Span<float> y)
    {
        ref float r = ref MemoryMarshal.GetReference(y);
        var one = Vector512<float>.One;
        var two = Vector512.Create(2f);
        int i = 0;
        for (; i <= y.Length - 16; i += 16)
        {
            Vector512<float> v = Vector512.LoadUnsafe(ref r, (nuint)i);
            (one - (two / (Vector512.Exp(v * two) + one))).StoreUnsafe(ref r, (nuint)i);
        }

        for (; i < y.Length; i++)
        {
            Unsafe.Add(ref r, i) = MathF.Tanh(Unsafe.Add(ref r, i));
        }
    }

    private static void Softmax(Span<float> y)
    {
        float max = y[0];
        for (int i = 1; i < y.Length; i++)
        {
            max = MathF.Max(max, y[i]);
        }

        float sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = MathF.Exp(y[i] - max);
            sum += y[i];
        }

        float inv = 1f / sum;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] *= inv;
        }
    }
}
