using System;

namespace NetGen.Benchmarks.Contenders;

/// <summary>
/// The MLP a C# developer ports from a textbook or from the seeds: run-time topology, jagged arrays, loops, an
/// activation switch per unit, a new array per layer and call. Same parameters and math as the NetGen network it is
/// built from.
/// </summary>
public sealed class NaiveMlp
{
    private readonly int[] _sizes;
    private readonly Activation[] _activations;
    private readonly float[] _alphas;
    private readonly float[][][] _weights;   // [layer][unit][input]
    private readonly float[][] _biases;      // [layer][unit]; zeros for a layer without bias
    private readonly float[][][] _weightGradients;
    private readonly float[][] _biasGradients;
    private readonly Loss _loss;

    /// <summary>Copies the topology and the parameters of <paramref name="network"/>.</summary>
    public NaiveMlp(INetwork<float> network)
    {
        NetworkInfo info = network.Info;
        _loss = info.Loss;
        int layers = info.Layers.Count;
        _sizes = new int[layers + 1];
        _sizes[0] = info.InputSize;
        _activations = new Activation[layers];
        _alphas = new float[layers];
        _weights = new float[layers][][];
        _biases = new float[layers][];
        _weightGradients = new float[layers][][];
        _biasGradients = new float[layers][];
        ReadOnlySpan<float> p = network.Parameters;
        for (int l = 0; l < layers; l++)
        {
            LayerInfo layer = info.Layers[l];
            _sizes[l + 1] = layer.Units;
            _activations[l] = layer.Activation;
            _alphas[l] = (float)layer.Alpha;
            _weights[l] = new float[layer.Units][];
            _weightGradients[l] = new float[layer.Units][];
            _biases[l] = new float[layer.Units];
            _biasGradients[l] = new float[layer.Units];
            for (int j = 0; j < layer.Units; j++)
            {
                _weights[l][j] = new float[layer.Inputs];
                _weightGradients[l][j] = new float[layer.Inputs];
                for (int i = 0; i < layer.Inputs; i++)
                {
                    _weights[l][j][i] = p[layer.WeightIndex(j, i)];
                }

                _biases[l][j] = layer.HasBias ? p[layer.BiasOffset + j] : 0f;
            }
        }
    }

    /// <summary>The accumulated gradients, in NetGen's flat layout (for the agreement test).</summary>
    public float[] FlatGradients(NetworkInfo info)
    {
        var flat = new float[info.ParameterCount];
        for (int l = 0; l < info.Layers.Count; l++)
        {
            LayerInfo layer = info.Layers[l];
            for (int j = 0; j < layer.Units; j++)
            {
                for (int i = 0; i < layer.Inputs; i++)
                {
                    flat[layer.WeightIndex(j, i)] = _weightGradients[l][j][i];
                }

                if (layer.HasBias)
                {
                    flat[layer.BiasOffset + j] = _biasGradients[l][j];
                }
            }
        }

        return flat;
    }

    public void ZeroGradients()
    {
        for (int l = 0; l < _weights.Length; l++)
        {
            foreach (float[] row in _weightGradients[l])
            {
                Array.Clear(row);
            }

            Array.Clear(_biasGradients[l]);
        }
    }

    public float[] Predict(float[] input)
    {
        float[] a = input;
        for (int l = 0; l < _weights.Length; l++)
        {
            a = Activate(l, Linear(l, a));
        }

        return a;
    }

    public void Predict(ReadOnlySpan<float> input, Span<float> output) => Predict(input.ToArray()).CopyTo(output);

    /// <summary>Forward and backward for one sample; adds the gradient and returns the loss (as NetGen defines it).</summary>
    public float AccumulateGradients(ReadOnlySpan<float> inputSpan, ReadOnlySpan<float> targetSpan)
    {
        float[] target = targetSpan.ToArray();
        int layers = _weights.Length;
        var outputs = new float[layers + 1][];
        outputs[0] = inputSpan.ToArray();
        for (int l = 0; l < layers; l++)
        {
            outputs[l + 1] = Activate(l, Linear(l, outputs[l]));
        }

        float[] y = outputs[layers];
        int n = y.Length;
        var delta = new float[n];   // dL/dz of the current layer
        float loss = 0;
        if (_loss == Loss.CrossEntropy)
        {
            for (int k = 0; k < n; k++)
            {
                loss -= target[k] * MathF.Log(MathF.Max(y[k], 1e-30f));
                delta[k] = y[k] - target[k];
            }
        }
        else if (_loss == Loss.MeanSquaredError)
        {
            for (int k = 0; k < n; k++)
            {
                float e = y[k] - target[k];
                loss += e * e / n;
                delta[k] = 2 * e / n * Derivative(layers - 1, y[k]);
            }
        }
        else
        {
            throw new NotSupportedException($"The naive MLP implements MeanSquaredError and CrossEntropy, not {_loss}.");
        }

        for (int l = layers - 1; l >= 0; l--)
        {
            float[] x = outputs[l];
            for (int j = 0; j < delta.Length; j++)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    _weightGradients[l][j][i] += delta[j] * x[i];
                }

                _biasGradients[l][j] += delta[j];
            }

            if (l > 0)
            {
                var previous = new float[x.Length];
                for (int i = 0; i < x.Length; i++)
                {
                    float sum = 0;
                    for (int j = 0; j < delta.Length; j++)
                    {
                        sum += _weights[l][j][i] * delta[j];
                    }

                    previous[i] = sum * Derivative(l - 1, x[i]);
                }

                delta = previous;
            }
        }

        return loss;
    }

    private float[] Linear(int l, float[] x)
    {
        var z = new float[_sizes[l + 1]];
        for (int j = 0; j < z.Length; j++)
        {
            float sum = _biases[l][j];
            for (int i = 0; i < x.Length; i++)
            {
                sum += _weights[l][j][i] * x[i];
            }

            z[j] = sum;
        }

        return z;
    }

    private float[] Activate(int l, float[] z)
    {
        var a = new float[z.Length];
        if (_activations[l] == Activation.Softmax)
        {
            float max = float.NegativeInfinity;
            foreach (float v in z)
            {
                max = Math.Max(max, v);
            }

            float sum = 0;
            for (int j = 0; j < z.Length; j++)
            {
                a[j] = MathF.Exp(z[j] - max);
                sum += a[j];
            }

            for (int j = 0; j < z.Length; j++)
            {
                a[j] /= sum;
            }

            return a;
        }

        for (int j = 0; j < z.Length; j++)
        {
            a[j] = _activations[l] switch
            {
                Activation.Identity => z[j],
                Activation.ReLU => z[j] > 0 ? z[j] : 0,
                Activation.LeakyReLU => z[j] > 0 ? z[j] : _alphas[l] * z[j],
                Activation.Sigmoid => 1f / (1f + MathF.Exp(-z[j])),
                Activation.Tanh => MathF.Tanh(z[j]),
                _ => throw new NotSupportedException($"Activation {_activations[l]}."),
            };
        }

        return a;
    }

    /// <summary>The activation's derivative from its output a (the ReLU family: a &gt; 0 exactly when z &gt; 0).</summary>
    private float Derivative(int l, float a) => _activations[l] switch
    {
        Activation.Identity => 1,
        Activation.ReLU => a > 0 ? 1 : 0,
        Activation.LeakyReLU => a > 0 ? 1 : _alphas[l],
        Activation.Sigmoid => a * (1 - a),
        Activation.Tanh => 1 - (a * a),
        _ => throw new NotSupportedException($"The naive MLP has no elementwise derivative for {_activations[l]}."),
    };
}
