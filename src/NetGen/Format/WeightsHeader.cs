using System.Globalization;
using System.Text;

namespace NetGen
{
    /// <summary>One layer as a weights file records it.</summary>
    /// <param name="Units">The number of units.</param>
    /// <param name="Activation">The activation.</param>
    /// <param name="HasBias">Whether the layer has biases.</param>
    /// <param name="Alpha">The LeakyReLU slope; 0 for every other activation, so that equal topologies encode equally.</param>
    internal readonly record struct WeightsLayer(int Units, Activation Activation, bool HasBias, float Alpha);

    /// <summary>
    /// The header of a weights file: precision and topology, the part that must match the network. Built from a
    /// network's NetworkInfo (runtime) or its declaration (generator) for writing and for comparison, or read from a file.
    /// Part of the format core that the generator compiles in (src/NetGen/Format).
    /// </summary>
    internal sealed class WeightsHeader
    {
        public WeightsHeader(Precision precision, int inputSize, WeightsLayer[] layers)
        {
            Precision = precision;
            InputSize = inputSize;
            Layers = layers;
        }

        public Precision Precision { get; }

        public int InputSize { get; }

        public WeightsLayer[] Layers { get; }

        /// <summary>The bytes of one value: 4 for single precision, 8 for double.</summary>
        public int ValueSize => Precision == Precision.Double ? 8 : 4;

#if !NETGEN_GENERATOR
        public static WeightsHeader FromInfo(NetworkInfo info)
        {
            var layers = new WeightsLayer[info.Layers.Count];
            for (int i = 0; i < layers.Length; i++)
            {
                LayerInfo l = info.Layers[i];
                layers[i] = new WeightsLayer(l.Units, l.Activation, l.HasBias, l.Activation == Activation.LeakyReLU ? (float)l.Alpha : 0f);
            }

            return new WeightsHeader(info.Precision, info.InputSize, layers);
        }
#endif

        /// <summary>A count no network has, standing for every count above <see cref="int.MaxValue"/>.</summary>
        public const long TooManyParameters = 1L << 40;

        /// <summary>
        /// The number of parameters the topology implies, or <see cref="TooManyParameters"/> when that is more than
        /// <see cref="int.MaxValue"/> (a corrupt or hostile header may declare absurd sizes).
        /// </summary>
        public long ComputeParameterCount()
        {
            long count = 0;
            long inputs = InputSize;
            foreach (WeightsLayer layer in Layers)
            {
                count += ParameterLayout.LayerCount(inputs, layer.Units, layer.HasBias);
                if (count > int.MaxValue)
                {
                    return TooManyParameters;
                }

                inputs = layer.Units;
            }

            return count;
        }

        /// <summary>
        /// The first difference from <paramref name="other"/> (this is the file, <paramref name="other"/> the network
        /// called <paramref name="networkName"/>), or <see langword="null"/> when precision and topology agree.
        /// Agreement follows <see cref="NetworkInfo.HasSameTopology"/>: slopes count only for LeakyReLU layers.
        /// </summary>
        public string? FirstDifference(WeightsHeader other, string networkName)
        {
            if (Precision != other.Precision)
            {
                return $"the file holds {PrecisionName(Precision)}-precision values but {networkName} is {PrecisionName(other.Precision)} precision";
            }

            if (InputSize != other.InputSize)
            {
                return $"the input width is {Int(InputSize)} in the file, {Int(other.InputSize)} in {networkName}";
            }

            if (Layers.Length != other.Layers.Length)
            {
                return $"the file has {Int(Layers.Length)} layers, {networkName} has {Int(other.Layers.Length)}";
            }

            for (int i = 0; i < Layers.Length; i++)
            {
                WeightsLayer a = Layers[i], b = other.Layers[i];
                string where = $"layer {Int(i + 1)}";
                if (a.Units != b.Units)
                {
                    return $"{where} has {Int(a.Units)} units in the file, {Int(b.Units)} in {networkName}";
                }

                if (a.Activation != b.Activation)
                {
                    return $"{where} is {a.Activation} in the file, {b.Activation} in {networkName}";
                }

                if (a.HasBias != b.HasBias)
                {
                    return $"{where} {(a.HasBias ? "has" : "has no")} biases in the file but {(b.HasBias ? "has" : "has no")} biases in {networkName}";
                }

                if (a.Activation == Activation.LeakyReLU && a.Alpha != b.Alpha)
                {
                    return $"{where}'s LeakyReLU slope is {Real(a.Alpha)} in the file, {Real(b.Alpha)} in {networkName}";
                }
            }

            return null;
        }

        /// <summary>For messages: <c>1 → 64 LeakyReLU(alpha 0.01) → 1 Identity, single precision, 193 parameters</c>.</summary>
        public string Describe()
        {
            StringBuilder sb = TopologyText.Start(InputSize);
            foreach (WeightsLayer layer in Layers)
            {
                TopologyText.AppendLayer(sb, layer.Units, layer.Activation, layer.HasBias, layer.Alpha, withAlpha: true);
            }

            sb.Append(", ").Append(TopologyText.PrecisionText(Precision)).Append(", ")
              .Append(ComputeParameterCount().ToString(CultureInfo.InvariantCulture)).Append(" parameters");
            return sb.ToString();
        }

        public static string PrecisionName(Precision precision) => precision == Precision.Double ? "double" : "single";

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Real(float value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
