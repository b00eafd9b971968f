using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks.Contenders;

/// <summary>
/// The bar a good engineer sets without a generator: run-time topology, one flat parameter array in NetGen's layout,
/// every buffer allocated once, <see cref="Vector512{T}"/> dot products and axpys with two accumulators and fused
/// multiply-adds, no bounds checks in the inner loops. Same parameters and math as the NetGen network it is built from.
/// </summary>
public sealed class CarefulMlp
{
    private readonly LayerPlan[] _layers;
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private readonly float[] _outputs;    // every layer's activations, layer after layer
    private readonly float[] _delta;      // dL/dz of the layer being back-propagated
    private readonly float[] _deltaNext;  // dL/dz of the layer below
    private readonly Loss _loss;

    /// <summary>Copies the topology and the parameters of <paramref name="network"/>.</summary>
    public CarefulMlp(INetwork<float> network)
    {
        NetworkInfo info = network.Info;
        _loss = info.Loss;
        _parameters = network.Parameters.ToArray();
        _gradients = new float[_parameters.Length];
        _layers = new LayerPlan[info.Layers.Count];
        int widest = info.InputSize;
        for (int l = 0; l < _layers.Length; l++)
        {
            LayerInfo layer = info.Layers[l];
            if (layer.Activation == Activation.Softmax && l != _layers.Length - 1)
            {
                throw new NotSupportedException("The careful MLP supports Softmax on the output layer only.");
            }

            _layers[l] = new LayerPlan(layer.Inputs, layer.Units, layer.WeightOffset, layer.BiasOffset, layer.OutputOffset, layer.Activation, (float)layer.Alpha);
            widest = Math.Max(widest, layer.Units);
        }

        _outputs = new float[info.TotalUnits];
        _delta = new float[widest];
        _deltaNext = new float[widest];
    }

    public ReadOnlySpan<float> Gradients => _gradients;

    public void ZeroGradients() => Array.Clear(_gradients);

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        Forward(input).CopyTo(output);
    }

    /// <summary>Forward and backward for one sample; adds the gradient and returns the loss (as NetGen defines it).</summary>
    public float AccumulateGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        ReadOnlySpan<float> y = Forward(input);
        LayerPlan last = _layers[^1];
        Span<float> delta = _delta.AsSpan(0, last.Units);
        float loss = 0;
        if (_loss == Loss.CrossEntropy)
        {
            float targetSum = 0;
            for (int k = 0; k < y.Length; k++)
            {
                targetSum += target[k];
                if (target[k] != 0)
                {
                    loss -= target[k] * MathF.Log(y[k]);
                }
            }

            for (int k = 0; k < y.Length; k++)
            {
                delta[k] = (y[k] * targetSum) - target[k];
            }
        }
        else if (_loss == Loss.MeanSquaredError && last.Activation != Activation.Softmax)
        {
            float scale = 2f / y.Length;
            for (int k = 0; k < y.Length; k++)
            {
                float e = y[k] - target[k];
                loss += e * e;
                delta[k] = scale * e * Derivative(last, y[k]);
            }

            loss /= y.Length;
        }
        else
        {
            throw new NotSupportedException($"The careful MLP implements MeanSquaredError and CrossEntropy with Softmax, not {_loss}.");
        }

        Span<float> p = _parameters, g = _gradients;
        float[] current = _delta, below = _deltaNext;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            LayerPlan layer = _layers[l];
            ReadOnlySpan<float> x = l == 0 ? input : _outputs.AsSpan(_layers[l - 1].Output, layer.Inputs);
            ReadOnlySpan<float> dz = current.AsSpan(0, layer.Units);

            // gW += dz ⊗ x, gb += dz.
            for (int j = 0; j < layer.Units; j++)
            {
                MultiplyAdd(x, dz[j], g.Slice(layer.Weights + (j * layer.Inputs), layer.Inputs));
            }

            if (layer.Biases >= 0)
            {
                MultiplyAdd(dz, 1f, g.Slice(layer.Biases, layer.Units));
            }

            if (l > 0)
            {
                // dx = Wᵀ dz, then through the activation below.
                Span<float> dx = below.AsSpan(0, layer.Inputs);
                dx.Clear();
                for (int j = 0; j < layer.Units; j++)
                {
                    MultiplyAdd(p.Slice(layer.Weights + (j * layer.Inputs), layer.Inputs), dz[j], dx);
                }

                LayerPlan previous = _layers[l - 1];
                for (int i = 0; i < dx.Length; i++)
                {
                    dx[i] *= Derivative(previous, x[i]);
                }

                (current, below) = (below, current);
            }
        }

        return loss;
    }

    private ReadOnlySpan<float> Forward(ReadOnlySpan<float> input)
    {
        ReadOnlySpan<float> p = _parameters;
        ReadOnlySpan<float> x = input;
        foreach (LayerPlan layer in _layers)
        {
            Span<float> y = _outputs.AsSpan(layer.Output, layer.Units);
            for (int j = 0; j < layer.Units; j++)
            {
                float z = Dot(p.Slice(layer.Weights + (j * layer.Inputs), layer.Inputs), x);
                y[j] = layer.Biases >= 0 ? z + p[layer.Biases + j] : z;
            }

            Activate(layer, y);
            x = y;
        }

        return x;
    }

    private static void Activate(in LayerPlan layer, Span<float> y)
    {
        switch (layer.Activation)
        {
            case Activation.Identity:
                break;
            case Activation.ReLU:
            case Activation.LeakyReLU:
            {
                float alpha = layer.Activation == Activation.ReLU ? 0f : layer.Alpha;
                int i = 0;
                ref float r = ref MemoryMarshal.GetReference(y);
                var zero = Vector512<float>.Zero;
                var a = Vector512.Create(alpha);
                for (; i <= y.Length - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    Vector512<float> v = Vector512.LoadUnsafe(ref r, (nuint)i);
                    Vector512.ConditionalSelect(Vector512.GreaterThan(v, zero), v, v * a).StoreUnsafe(ref r, (nuint)i);
                }

                for (; i < y.Length; i++)
                {
                    float v = Unsafe.Add(ref r, i);
                    Unsafe.Add(ref r, i) = v > 0 ? v : alpha * v;
                }

                break;
            }

            case Activation.Sigmoid:
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = 1f / (1f + MathF.Exp(-y[i]));
                }

                break;
            case Activation.Tanh:
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = MathF.Tanh(y[i]);
                }

                break;
            case Activation.Softmax:
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

                break;
            }

            default:
                throw new NotSupportedException($"Activation {layer.Activation}.");
        }
    }

    /// <summary>The activation's derivative from its output (the ReLU family: output &gt; 0 exactly when z &gt; 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Derivative(in LayerPlan layer, float a) => layer.Activation switch
    {
        Activation.ReLU => a > 0 ? 1f : 0f,
        Activation.LeakyReLU => a > 0 ? 1f : layer.Alpha,
        Activation.Sigmoid => a * (1 - a),
        Activation.Tanh => 1 - (a * a),
        _ => 1f,
    };

    /// <summary>Σ a_i b_i with two Vector512 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = a.Length;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        int i = 0;
        float sum = 0;
        const int W = 16;
        if (n >= W)
        {
            Vector512<float> acc0 = Vector512<float>.Zero, acc1 = Vector512<float>.Zero;
            for (; i <= n - (2 * W); i += 2 * W)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i), acc0);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)(i + W)), Vector512.LoadUnsafe(ref rb, (nuint)(i + W)), acc1);
            }

            if (i <= n - W)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i), acc0);
                i += W;
            }

            sum = Vector512.Sum(acc0 + acc1);
        }

        for (; i < n; i++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), sum);
        }

        return sum;
    }

    /// <summary>y += s·x with Vector512 fused multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float s, Span<float> y)
    {
        int n = y.Length;
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        const int W = 16;
        if (n >= W)
        {
            var vs = Vector512.Create(s);
            for (; i <= n - W; i += W)
            {
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rx, (nuint)i), vs, Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ry, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref rx, i), s, Unsafe.Add(ref ry, i));
        }
    }

    private readonly record struct LayerPlan(int Inputs, int Units, int Weights, int Biases, int Output, Activation Activation, float Alpha);
}
