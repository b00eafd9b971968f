using System;

namespace NetGen.Tests.Execution;

/// <summary>
/// An independent, deliberately plain implementation of DESIGN.md §2's math in double precision: loops over a
/// <see cref="TestTopology"/>, no vectors, no fusion. Generated code is checked against it.
/// </summary>
public static class ReferenceNetwork
{
    /// <summary>The output and every layer's pre-activation, for parameters laid out as [W row-major, b] per layer.</summary>
    public static double[] Forward(TestTopology topology, ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, out double[][] preActivations)
    {
        double[] x = input.ToArray();
        preActivations = new double[topology.Layers.Count][];
        int offset = 0;
        for (int l = 0; l < topology.Layers.Count; l++)
        {
            TestLayer layer = topology.Layers[l];
            int inputs = x.Length;
            var z = new double[layer.Units];
            for (int j = 0; j < layer.Units; j++)
            {
                double sum = 0;
                for (int i = 0; i < inputs; i++)
                {
                    sum += parameters[offset + (j * inputs) + i] * x[i];
                }

                z[j] = sum + (layer.Bias ? parameters[offset + (layer.Units * inputs) + j] : 0.0);
            }

            offset += (layer.Units * inputs) + (layer.Bias ? layer.Units : 0);
            preActivations[l] = z;
            x = Activate(layer, z);
        }

        return x;
    }

    public static double[] Activate(TestLayer layer, double[] z)
    {
        var h = new double[z.Length];
        switch (layer.Activation)
        {
            case Activation.Identity:
                Array.Copy(z, h, z.Length);
                break;
            case Activation.ReLU:
                for (int i = 0; i < z.Length; i++)
                {
                    h[i] = Math.Max(z[i], 0.0);
                }

                break;
            case Activation.LeakyReLU:
                for (int i = 0; i < z.Length; i++)
                {
                    h[i] = z[i] > 0 ? z[i] : layer.Alpha * z[i];
                }

                break;
            case Activation.Sigmoid:
                for (int i = 0; i < z.Length; i++)
                {
                    h[i] = 1.0 / (1.0 + Math.Exp(-z[i]));
                }

                break;
            case Activation.Tanh:
                for (int i = 0; i < z.Length; i++)
                {
                    h[i] = Math.Tanh(z[i]);
                }

                break;
            case Activation.Softmax:
                double max = double.NegativeInfinity;
                foreach (double v in z)
                {
                    max = Math.Max(max, v);
                }

                double total = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    h[i] = Math.Exp(z[i] - max);
                    total += h[i];
                }

                for (int i = 0; i < z.Length; i++)
                {
                    h[i] /= total;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, null);
        }

        return h;
    }

    /// <summary>One sample's loss exactly as DESIGN.md §2 defines it.</summary>
    public static double Loss(TestTopology topology, ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        double[] y = Forward(topology, parameters, input, out _);
        int n = y.Length;
        double loss = 0;
        switch (topology.Loss)
        {
            case NetGen.Loss.MeanSquaredError:
                for (int k = 0; k < n; k++)
                {
                    loss += (y[k] - target[k]) * (y[k] - target[k]);
                }

                return loss / n;
            case NetGen.Loss.CrossEntropy:
                for (int k = 0; k < n; k++)
                {
                    loss -= target[k] * Math.Log(y[k]);
                }

                return loss;
            case NetGen.Loss.BinaryCrossEntropy:
                for (int k = 0; k < n; k++)
                {
                    loss -= (target[k] * Math.Log(y[k])) + ((1 - target[k]) * Math.Log(1 - y[k]));
                }

                return loss / n;
            default:
                throw new ArgumentOutOfRangeException(nameof(topology), topology.Loss, null);
        }
    }

    /// <summary>
    /// Central finite differences of <see cref="Loss"/> with respect to every parameter, with the fourth-order stencil
    /// (−f(θ+2h) + 8f(θ+h) − 8f(θ−h) + f(θ−2h)) / 12h: its truncation error is O(h⁴), so a large step keeps
    /// rounding noise far below the 1e-7 the double-precision tests ask for.
    /// </summary>
    /// <param name="crossedKink">Set when some evaluation put a ReLU or LeakyReLU pre-activation on the other side of 0
    /// than the unperturbed network: the loss is not differentiable there and the differences mean nothing.</param>
    public static double[] NumericGradient(TestTopology topology, double[] parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target, double step, out bool crossedKink)
    {
        var gradient = new double[parameters.Length];
        string pattern = KinkPattern(topology, parameters, input);
        crossedKink = false;
        for (int p = 0; p < parameters.Length; p++)
        {
            double saved = parameters[p];
            parameters[p] = saved + (2 * step);
            double plus2 = Loss(topology, parameters, input, target);
            parameters[p] = saved + step;
            double plus1 = Loss(topology, parameters, input, target);
            parameters[p] = saved - step;
            double minus1 = Loss(topology, parameters, input, target);
            parameters[p] = saved - (2 * step);
            double minus2 = Loss(topology, parameters, input, target);
            parameters[p] = saved + (2 * step);
            crossedKink |= KinkPattern(topology, parameters, input) != pattern;
            parameters[p] = saved - (2 * step);
            crossedKink |= KinkPattern(topology, parameters, input) != pattern;
            parameters[p] = saved;
            gradient[p] = (-plus2 + (8 * plus1) - (8 * minus1) + minus2) / (12 * step);
        }

        return gradient;
    }

    /// <summary>Which side of 0 every ReLU-family pre-activation is on, as a string of '+' and '-'.</summary>
    private static string KinkPattern(TestTopology topology, ReadOnlySpan<double> parameters, ReadOnlySpan<double> input)
    {
        Forward(topology, parameters, input, out double[][] z);
        var pattern = new System.Text.StringBuilder();
        for (int l = 0; l < topology.Layers.Count; l++)
        {
            if (topology.Layers[l].Activation is Activation.ReLU or Activation.LeakyReLU)
            {
                foreach (double v in z[l])
                {
                    pattern.Append(v > 0 ? '+' : '-');
                }
            }
        }

        return pattern.ToString();
    }
}
