using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// Checks a network's backward pass against finite differences of its loss. The loss is evaluated in double
    /// precision by an interpreter of <see cref="NetworkInfo"/>, with the fourth-order central stencil, so the answer is
    /// stable even for float networks (differences of a float loss over a small step are mostly rounding noise).
    /// </summary>
    public static class GradientCheck
    {
        /// <summary>
        /// Compares the gradient the network computes for one sample with finite differences and reports the largest
        /// relative error of each layer's weights and biases.
        /// </summary>
        /// <param name="network">The network; its parameters and gradients are left as they were.</param>
        /// <param name="input">One input of <see cref="INetwork{T}.InputSize"/> values.</param>
        /// <param name="target">One target of <see cref="INetwork{T}.OutputSize"/> values.</param>
        /// <param name="step">The finite-difference step in parameter units.</param>
        public static GradientCheckResult Run<T>(INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> target, double step = 1e-3)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            NetworkInfo info = network.Info;
            if (input.Length != info.InputSize || target.Length != info.OutputSize)
            {
                throw new ArgumentException(
                    $"{info.Name} takes {info.InputSize} inputs and {info.OutputSize} targets, but got {input.Length} and {target.Length}.");
            }

            if (!(step > 0) || double.IsInfinity(step))
            {
                throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be a positive, finite number.");
            }

            // The network's own gradient for this sample; its accumulated gradients are restored afterwards.
            T[] savedGradients = network.Gradients.ToArray();
            network.ZeroGradients();
            network.AccumulateGradients(input, target);
            double[] analytic = ToDouble(network.Gradients);
            savedGradients.CopyTo(network.Gradients);

            double[] parameters = ToDouble(network.Parameters);
            double[] x = ToDouble(input);
            double[] t = ToDouble(target);
            var evaluator = new DoubleEvaluator(info);
            string pattern = evaluator.KinkPattern(parameters, x);

            var numeric = new double[parameters.Length];
            var atKink = new bool[parameters.Length];
            for (int p = 0; p < parameters.Length; p++)
            {
                double saved = parameters[p];
                double[] losses = new double[4];
                double[] offsets = { 2 * step, step, -step, -2 * step };
                for (int s = 0; s < 4; s++)
                {
                    parameters[p] = saved + offsets[s];
                    losses[s] = evaluator.Loss(parameters, x, t);
                    if (s is 0 or 3 && evaluator.KinkPattern(parameters, x) != pattern)
                    {
                        atKink[p] = true;
                    }
                }

                parameters[p] = saved;
                numeric[p] = (-losses[0] + (8 * losses[1]) - (8 * losses[2]) + losses[3]) / (12 * step);
            }

            double scale = 0;
            foreach (double v in numeric)
            {
                scale = Math.Max(scale, Math.Abs(v));
            }

            double floor = Math.Max(1e-3 * scale, 1e-10);
            var layers = new List<LayerGradientCheck>(info.Layers.Count);
            foreach (LayerInfo layer in info.Layers)
            {
                layers.Add(new LayerGradientCheck(
                    layer.Index + 1,
                    Worst(layer.WeightOffset, layer.WeightCount, analytic, numeric, atKink, floor),
                    Worst(layer.BiasOffset, layer.BiasCount, analytic, numeric, atKink, floor),
                    Count(layer.WeightOffset, layer.WeightCount + layer.BiasCount, atKink)));
            }

            return new GradientCheckResult(info, layers);
        }

        private static ParameterError Worst(int offset, int count, double[] analytic, double[] numeric, bool[] atKink, double floor)
        {
            var worst = new ParameterError(-1, 0, 0, 0);
            for (int p = offset; p < offset + count; p++)
            {
                if (atKink[p])
                {
                    continue;
                }

                double error = Math.Abs(analytic[p] - numeric[p]) / Math.Max(Math.Max(Math.Abs(analytic[p]), Math.Abs(numeric[p])), floor);
                if (worst.Index < 0 || error > worst.RelativeError)
                {
                    worst = new ParameterError(p, analytic[p], numeric[p], error);
                }
            }

            return worst;
        }

        private static int Count(int offset, int count, bool[] flags)
        {
            int n = 0;
            for (int p = offset; p < offset + count; p++)
            {
                n += flags[p] ? 1 : 0;
            }

            return n;
        }

        private static double[] ToDouble<T>(ReadOnlySpan<T> values)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var result = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                result[i] = double.CreateChecked(values[i]);
            }

            return result;
        }

        private static double[] ToDouble<T>(Span<T> values)
            where T : unmanaged, IFloatingPointIeee754<T> => ToDouble((ReadOnlySpan<T>)values);
    }

    /// <summary>The worst parameter of a group: its index, both gradients, and their relative error.</summary>
    /// <param name="Index">The parameter's index, or −1 when the group is empty.</param>
    /// <param name="Analytic">The network's gradient.</param>
    /// <param name="Numeric">The finite-difference gradient.</param>
    /// <param name="RelativeError">|analytic − numeric| / max(|analytic|, |numeric|, floor); the floor is 10⁻³ of the largest gradient component.</param>
    public readonly record struct ParameterError(int Index, double Analytic, double Numeric, double RelativeError);

    /// <summary>One layer's result: the worst weight, the worst bias, and how many parameters sat on a ReLU kink and were skipped.</summary>
    public sealed record LayerGradientCheck(int Layer, ParameterError Weights, ParameterError Biases, int SkippedAtKinks)
    {
        /// <summary>The larger of the two relative errors.</summary>
        public double MaxRelativeError => Math.Max(Weights.RelativeError, Biases.RelativeError);
    }

    /// <summary>What <see cref="GradientCheck.Run{T}"/> found, layer by layer.</summary>
    public sealed class GradientCheckResult
    {
        internal GradientCheckResult(NetworkInfo network, IReadOnlyList<LayerGradientCheck> layers)
        {
            Network = network;
            Layers = layers;
        }

        /// <summary>The network checked.</summary>
        public NetworkInfo Network { get; }

        /// <summary>One entry per Dense layer, in forward order.</summary>
        public IReadOnlyList<LayerGradientCheck> Layers { get; }

        /// <summary>The largest relative error over all layers.</summary>
        public double MaxRelativeError
        {
            get
            {
                double max = 0;
                foreach (LayerGradientCheck layer in Layers)
                {
                    max = Math.Max(max, layer.MaxRelativeError);
                }

                return max;
            }
        }

        /// <summary>
        /// Whether every layer is within <paramref name="tolerance"/>; by default 10⁻⁴ for float networks (their own
        /// arithmetic limits agreement) and 10⁻⁷ for double networks.
        /// </summary>
        public bool IsWithin(double? tolerance = null) =>
            MaxRelativeError <= (tolerance ?? (Network.Precision == Precision.Single ? 1e-4 : 1e-7));

        /// <summary>A table: one line per layer with the worst weight and bias.</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"Gradient check of {Network.Name} ({Network.Topology}):\n");
            foreach (LayerGradientCheck layer in Layers)
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"  layer {layer.Layer}: weights {layer.Weights.RelativeError:E2}, biases {layer.Biases.RelativeError:E2}");
                if (layer.SkippedAtKinks > 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" ({layer.SkippedAtKinks} parameters at a ReLU kink skipped)");
                }

                sb.Append('\n');
            }

            return sb.ToString();
        }
    }
}
