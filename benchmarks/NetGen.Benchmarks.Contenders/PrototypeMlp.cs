using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks.Contenders;

/// <summary>
/// Not a contender: hand-written stand-ins for what benchmarks/README.md recommends the generator emit, so that the
/// recommendations come with numbers. Inference only, float, for the three networks where NetGen misses its targets:
/// xsq (SIMD across the 64 outputs of a one-input layer), mnist and wide (matrix-vector products blocked four rows
/// at a time with two FMA accumulators per row, vectorised ReLU and tanh), at the widest vector the hardware
/// accelerates (<see cref="VectorKernels"/>). Same parameters and layout as the NetGen network it is built from; the
/// agreement test checks its outputs at every width.
/// </summary>
public sealed class PrototypeMlp
{
    private readonly float[] _p;
    private readonly LayerInfo[] _layers;
    private readonly float[] _buffer;
    private readonly bool _xsq;
    private readonly VectorWidth _width;

    /// <param name="network">The network whose parameters to copy.</param>
    /// <param name="width">The vector width of the loops; <see cref="VectorKernels.Best"/> when <c>null</c>.</param>
    public PrototypeMlp(INetwork<float> network, VectorWidth? width = null)
    {
        _width = width ?? VectorKernels.Best;
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
        switch (_width)
        {
            case VectorWidth.Bits512: Predict<Vector512<float>, Lanes512>(input, output); break;
            case VectorWidth.Bits256: Predict<Vector256<float>, Lanes256>(input, output); break;
            case VectorWidth.Bits128: Predict<Vector128<float>, Lanes128>(input, output); break;
            default: Predict<float, Lane1>(input, output); break;
        }
    }

    private void Predict<TV, TL>(ReadOnlySpan<float> input, Span<float> output)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        if (_xsq)
        {
            output[0] = PredictOneWideOne<TV, TL>(input[0]);
            return;
        }

        ReadOnlySpan<float> x = input;
        foreach (LayerInfo layer in _layers)
        {
            Span<float> y = _buffer.AsSpan(layer.OutputOffset, layer.Units);
            DenseBlocked<TV, TL>(_p.AsSpan(layer.WeightOffset, layer.WeightCount), _p.AsSpan(layer.BiasOffset, layer.Units), x, y);
            switch (layer.Activation)
            {
                case Activation.ReLU:
                case Activation.LeakyReLU:
                    VectorKernels.LeakyReLU<TV, TL>(y, layer.Activation == Activation.ReLU ? 0f : (float)layer.Alpha);
                    break;
                case Activation.Tanh:
                    VectorKernels.Tanh<TV, TL>(y);
                    break;
                case Activation.Softmax:
                    Softmax(y);
                    break;
            }

            x = y;
        }

        x.CopyTo(output);
    }

    /// <summary>1 → 64 LeakyReLU → 1: the 64 weights of a one-input layer are contiguous, so the layer is 64 / lanes FMAs.</summary>
    private float PredictOneWideOne<TV, TL>(float x)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        ref float p = ref MemoryMarshal.GetArrayDataReference(_p);
        TV vx = TL.Splat(x);
        TV alpha = TL.Splat((float)_layers[0].Alpha);
        TV acc = TL.Zero;
        for (int k = 0; k < 64; k += TL.Count)
        {
            TV h = TL.LeakyReLU(TL.Fma(TL.Load(ref p, k), vx, TL.Load(ref p, 64 + k)), alpha);
            acc = TL.Fma(h, TL.Load(ref p, 128 + k), acc);
        }

        return TL.Sum(acc) + Unsafe.Add(ref p, 192);
    }

    /// <summary>z = W·x + b, four rows at a time, two accumulators per row (eight independent FMA chains).</summary>
    private static void DenseBlocked<TV, TL>(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> z)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        int n = x.Length, units = z.Length, lanes = TL.Count;
        ref float rw = ref MemoryMarshal.GetReference(w);
        ref float rx = ref MemoryMarshal.GetReference(x);
        int j = 0;
        for (; j <= units - 4; j += 4)
        {
            ref float r0 = ref Unsafe.Add(ref rw, j * n);
            ref float r1 = ref Unsafe.Add(ref r0, n);
            ref float r2 = ref Unsafe.Add(ref r1, n);
            ref float r3 = ref Unsafe.Add(ref r2, n);
            TV a0 = TL.Zero, a1 = TL.Zero, a2 = TL.Zero, a3 = TL.Zero, c0 = TL.Zero, c1 = TL.Zero, c2 = TL.Zero, c3 = TL.Zero;
            int i = 0;
            for (; i <= n - (2 * lanes); i += 2 * lanes)
            {
                TV x0 = TL.Load(ref rx, i), x1 = TL.Load(ref rx, i + lanes);
                a0 = TL.Fma(TL.Load(ref r0, i), x0, a0);
                a1 = TL.Fma(TL.Load(ref r1, i), x0, a1);
                a2 = TL.Fma(TL.Load(ref r2, i), x0, a2);
                a3 = TL.Fma(TL.Load(ref r3, i), x0, a3);
                c0 = TL.Fma(TL.Load(ref r0, i + lanes), x1, c0);
                c1 = TL.Fma(TL.Load(ref r1, i + lanes), x1, c1);
                c2 = TL.Fma(TL.Load(ref r2, i + lanes), x1, c2);
                c3 = TL.Fma(TL.Load(ref r3, i + lanes), x1, c3);
            }

            for (; i <= n - lanes; i += lanes)
            {
                TV x0 = TL.Load(ref rx, i);
                a0 = TL.Fma(TL.Load(ref r0, i), x0, a0);
                a1 = TL.Fma(TL.Load(ref r1, i), x0, a1);
                a2 = TL.Fma(TL.Load(ref r2, i), x0, a2);
                a3 = TL.Fma(TL.Load(ref r3, i), x0, a3);
            }

            float s0 = TL.Sum(TL.Add(a0, c0)), s1 = TL.Sum(TL.Add(a1, c1)), s2 = TL.Sum(TL.Add(a2, c2)), s3 = TL.Sum(TL.Add(a3, c3));
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
            z[j] = VectorKernels.Dot<TV, TL>(w.Slice(j * n, n), x) + b[j];
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
