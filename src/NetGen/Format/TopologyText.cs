using System.Globalization;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// The one way a topology is written in messages, comments and descriptions: <c>1 → 64 LeakyReLU → 1 Identity</c>,
    /// with <c>(alpha 0.01)</c> after a LeakyReLU where the slope matters and <c>(no bias)</c> after a layer without biases.
    /// Compiled into the runtime and, linked, into the generator, so a build error and a run-time error print a network
    /// the same way.
    /// </summary>
    internal static class TopologyText
    {
        /// <summary>Starts a topology with the input width.</summary>
        public static StringBuilder Start(int inputSize) => new StringBuilder(inputSize.ToString(CultureInfo.InvariantCulture));

        /// <summary>Appends one layer: <c> → units Activation</c>, the LeakyReLU slope when <paramref name="withAlpha"/>, and <c>(no bias)</c>.</summary>
        public static StringBuilder AppendLayer(StringBuilder sb, int units, Activation activation, bool hasBias, double alpha, bool withAlpha)
        {
            sb.Append(" → ").Append(units.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(activation);
            if (withAlpha && activation == Activation.LeakyReLU)
            {
                sb.Append("(alpha ").Append(Number(alpha)).Append(')');
            }

            if (!hasBias)
            {
                sb.Append(" (no bias)");
            }

            return sb;
        }

        /// <summary><c>single precision</c> or <c>double precision</c>.</summary>
        public static string PrecisionText(Precision precision) => precision == Precision.Double ? "double precision" : "single precision";

        /// <summary>A slope as its shortest text: a value that is a float as the float's, otherwise the double's.</summary>
        public static string Number(double value) => (double)(float)value == value
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
