using System;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// A plain double-precision interpreter of a <see cref="NetworkInfo"/>: forward pass and loss for arbitrary
    /// parameters. It serves the gradient check, where the loss must be exact enough for finite differences.
    /// </summary>
    internal sealed class DoubleEvaluator
    {
        private readonly NetworkInfo _info;
        private readonly double[][] _z;
        private readonly double[][] _h;

        public DoubleEvaluator(NetworkInfo info)
        {
            _info = info;
            _z = new double[info.Layers.Count][];
            _h = new double[info.Layers.Count][];
            for (int l = 0; l < info.Layers.Count; l++)
            {
                _z[l] = new double[info.Layers[l].Units];
                _h[l] = new double[info.Layers[l].Units];
            }
        }

        public double[] Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input)
        {
            ReadOnlySpan<double> x = input;
            foreach (LayerInfo layer in _info.Layers)
            {
                double[] z = _z[layer.Index], h = _h[layer.Index];
                for (int j = 0; j < layer.Units; j++)
                {
                    double sum = layer.HasBias ? parameters[layer.BiasOffset + j] : 0.0;
                    for (int i = 0; i < layer.Inputs; i++)
                    {
                        sum += parameters[layer.WeightIndex(j, i)] * x[i];
                    }

                    z[j] = sum;
                }

                Activate(layer, z, h);
                x = h;
            }

            return _h[_info.Layers.Count - 1];
        }

        public double Loss(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target)
        {
            double[] y = Forward(parameters, input);
            double[] z = _z[_info.Layers.Count - 1];
            int n = y.Length;
            double loss = 0;
            switch (_info.Loss)
            {
                case NetGen.Loss.CrossEntropy:
                    // −Σ t ln softmax(z), from the logits so that no probability underflows to ln 0.
                    double max = double.NegativeInfinity;
                    foreach (double v in z)
                    {
                        max = Math.Max(max, v);
                    }

                    double sum = 0;
                    foreach (double v in z)
                    {
                        sum += Math.Exp(v - max);
                    }

                    double logSum = Math.Log(sum);
                    for (int k = 0; k < n; k++)
                    {
                        loss -= target[k] * (z[k] - max - logSum);
                    }

                    return loss;
                case NetGen.Loss.BinaryCrossEntropy:
                    for (int k = 0; k < n; k++)
                    {
                        loss += Math.Max(z[k], 0) + Math.Log(1 + Math.Exp(-Math.Abs(z[k]))) - (target[k] * z[k]);
                    }

                    return loss / n;
                default:
                    for (int k = 0; k < n; k++)
                    {
                        double e = y[k] - target[k];
                        loss += e * e;
                    }

                    return loss / n;
            }
        }

        /// <summary>The sign of every ReLU-family pre-activation, to tell when a perturbation crossed a kink.</summary>
        public string KinkPattern(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input)
        {
            Forward(parameters, input);
            var sb = new StringBuilder();
            foreach (LayerInfo layer in _info.Layers)
            {
                if (layer.Activation is Activation.ReLU or Activation.LeakyReLU)
                {
                    foreach (double v in _z[layer.Index])
                    {
                        sb.Append(v > 0 ? '+' : '-');
                    }
                }
            }

            return sb.ToString();
        }

        private static void Activate(LayerInfo layer, double[] z, double[] h)
        {
            switch (layer.Activation)
            {
                case Activation.ReLU:
                    for (int i = 0; i < z.Length; i++)
                    {
                        h[i] = z[i] > 0 ? z[i] : 0;
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
                        h[i] = 1 / (1 + Math.Exp(-z[i]));
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

                    double sum = 0;
                    for (int i = 0; i < z.Length; i++)
                    {
                        h[i] = Math.Exp(z[i] - max);
                        sum += h[i];
                    }

                    for (int i = 0; i < z.Length; i++)
                    {
                        h[i] /= sum;
                    }

                    break;
                default:
                    Array.Copy(z, h, z.Length);
                    break;
            }
        }
    }
}
