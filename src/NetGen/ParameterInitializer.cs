using System;
using System.Numerics;

namespace NetGen
{
    /// <summary>Draws a network's parameters as its layers declare (the generated <c>Initialize(seed)</c> calls this).</summary>
    public static class ParameterInitializer
    {
        /// <summary>The seed a generated network's parameterless constructor uses.</summary>
        public const int DefaultSeed = 42;

        /// <summary>
        /// Fills <paramref name="parameters"/> for <paramref name="info"/>: weights from each layer's initialiser
        /// (zero-mean He or Glorot for <see cref="Init.Auto"/>), biases with its <see cref="LayerInfo.BiasInit"/>.
        /// The same seed gives the same parameters on every platform.
        /// </summary>
        public static void Initialize<T>(Span<T> parameters, NetworkInfo info, int seed)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(info);
            if (parameters.Length != info.ParameterCount)
            {
                throw new ArgumentException(
                    $"{info.Name} has {info.ParameterCount} parameters but the span holds {parameters.Length}.", nameof(parameters));
            }

            var random = new SeededRandom(seed);
            foreach (LayerInfo layer in info.Layers)
            {
                Span<T> weights = parameters.Slice(layer.WeightOffset, layer.WeightCount);
                FillWeights(weights, layer, ref random);
                if (layer.HasBias)
                {
                    parameters.Slice(layer.BiasOffset, layer.BiasCount).Fill(T.CreateChecked(layer.BiasInit));
                }
            }
        }

        /// <summary>The initialiser <see cref="Init.Auto"/> stands for with this activation: He for the ReLU family, Glorot otherwise.</summary>
        public static Init Resolve(Init init, Activation activation) =>
            init != Init.Auto ? init
            : activation is Activation.ReLU or Activation.LeakyReLU ? Init.HeNormal
            : Init.GlorotUniform;

        /// <summary>The standard deviation the resolved initialiser gives a layer's weights (0 for <see cref="Init.Zeros"/>).</summary>
        public static double StandardDeviation(LayerInfo layer)
        {
            ArgumentNullException.ThrowIfNull(layer);
            double fanIn = layer.Inputs, fanOut = layer.Units;
            double heGain2 = layer.Activation == Activation.LeakyReLU ? 2.0 / (1.0 + ((double)layer.Alpha * layer.Alpha)) : 2.0;
            return Resolve(layer.WeightInit, layer.Activation) switch
            {
                Init.HeNormal or Init.HeUniform => Math.Sqrt(heGain2 / fanIn),
                Init.GlorotNormal or Init.GlorotUniform => Math.Sqrt(2.0 / (fanIn + fanOut)),
                Init.Uniform => Math.Abs((double)layer.UniformHigh - layer.UniformLow) / Math.Sqrt(12.0),
                _ => 0.0,
            };
        }

        private static void FillWeights<T>(Span<T> weights, LayerInfo layer, ref SeededRandom random)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            Init init = Resolve(layer.WeightInit, layer.Activation);
            double std = StandardDeviation(layer);
            switch (init)
            {
                case Init.HeNormal:
                case Init.GlorotNormal:
                    for (int i = 0; i < weights.Length; i++)
                    {
                        weights[i] = T.CreateChecked(std * random.NextNormal());
                    }

                    break;

                case Init.HeUniform:
                case Init.GlorotUniform:
                    double limit = std * Math.Sqrt(3.0);
                    for (int i = 0; i < weights.Length; i++)
                    {
                        weights[i] = T.CreateChecked(((2.0 * random.NextDouble()) - 1.0) * limit);
                    }

                    break;

                case Init.Uniform:
                    double low = layer.UniformLow, high = layer.UniformHigh;
                    for (int i = 0; i < weights.Length; i++)
                    {
                        weights[i] = T.CreateChecked(low + ((high - low) * random.NextDouble()));
                    }

                    break;

                case Init.Zeros:
                    weights.Clear();
                    break;

                default:
                    throw new ArgumentOutOfRangeException(nameof(layer), init, $"Layer {layer.Index + 1} has an unknown initialiser.");
            }
        }
    }
}
