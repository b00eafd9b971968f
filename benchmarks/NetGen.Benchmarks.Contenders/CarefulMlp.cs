using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks.Contenders;

/// <summary>
/// The bar a good engineer sets without a generator: run-time topology, one flat parameter array in NetGen's layout,
/// every buffer allocated once, dot products and axpys with two accumulators and fused multiply-adds at the widest
/// vector the hardware accelerates (<see cref="VectorKernels"/>: 512, 256 or 128 bits, or scalar), no bounds checks in
/// the inner loops. Same parameters and math as the NetGen network it is built from.
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
    private readonly VectorWidth _width;

    /// <summary>Copies the topology and the parameters of <paramref name="network"/>.</summary>
    /// <param name="network">The network whose topology and parameters to copy.</param>
    /// <param name="width">The vector width of the loops; <see cref="VectorKernels.Best"/> when <c>null</c>.</param>
    public CarefulMlp(INetwork<float> network, VectorWidth? width = null)
    {
        _width = width ?? VectorKernels.Best;
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

    /// <summary>The vector width the loops run at.</summary>
    public VectorWidth Width => _width;

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        ReadOnlySpan<float> y = _width switch
        {
            VectorWidth.Bits512 => Forward<Vector512<float>, Lanes512>(input),
            VectorWidth.Bits256 => Forward<Vector256<float>, Lanes256>(input),
            VectorWidth.Bits128 => Forward<Vector128<float>, Lanes128>(input),
            _ => Forward<float, Lane1>(input),
        };
        y.CopyTo(output);
    }

    /// <summary>Forward and backward for one sample; adds the gradient and returns the loss (as NetGen defines it).</summary>
    public float AccumulateGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target) => _width switch
    {
        VectorWidth.Bits512 => AccumulateGradients<Vector512<float>, Lanes512>(input, target),
        VectorWidth.Bits256 => AccumulateGradients<Vector256<float>, Lanes256>(input, target),
        VectorWidth.Bits128 => AccumulateGradients<Vector128<float>, Lanes128>(input, target),
        _ => AccumulateGradients<float, Lane1>(input, target),
    };

    // The loops, once per vector width (the JIT specialises every struct instantiation; the width is chosen once per call).
    private float AccumulateGradients<TV, TL>(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        ReadOnlySpan<float> y = Forward<TV, TL>(input);
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
                VectorKernels.MultiplyAdd<TV, TL>(x, dz[j], g.Slice(layer.Weights + (j * layer.Inputs), layer.Inputs));
            }

            if (layer.Biases >= 0)
            {
                VectorKernels.MultiplyAdd<TV, TL>(dz, 1f, g.Slice(layer.Biases, layer.Units));
            }

            if (l > 0)
            {
                // dx = Wᵀ dz, then through the activation below.
                Span<float> dx = below.AsSpan(0, layer.Inputs);
                dx.Clear();
                for (int j = 0; j < layer.Units; j++)
                {
                    VectorKernels.MultiplyAdd<TV, TL>(p.Slice(layer.Weights + (j * layer.Inputs), layer.Inputs), dz[j], dx);
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

    private ReadOnlySpan<float> Forward<TV, TL>(ReadOnlySpan<float> input)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        ReadOnlySpan<float> p = _parameters;
        ReadOnlySpan<float> x = input;
        foreach (LayerPlan layer in _layers)
        {
            Span<float> y = _outputs.AsSpan(layer.Output, layer.Units);
            for (int j = 0; j < layer.Units; j++)
            {
                float z = VectorKernels.Dot<TV, TL>(p.Slice(layer.Weights + (j * layer.Inputs), layer.Inputs), x);
                y[j] = layer.Biases >= 0 ? z + p[layer.Biases + j] : z;
            }

            Activate<TV, TL>(layer, y);
            x = y;
        }

        return x;
    }

    private static void Activate<TV, TL>(in LayerPlan layer, Span<float> y)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        switch (layer.Activation)
        {
            case Activation.Identity:
                break;
            case Activation.ReLU:
            case Activation.LeakyReLU:
                VectorKernels.LeakyReLU<TV, TL>(y, layer.Activation == Activation.ReLU ? 0f : layer.Alpha);
                break;
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

    private readonly record struct LayerPlan(int Inputs, int Units, int Weights, int Biases, int Output, Activation Activation, float Alpha);
}
