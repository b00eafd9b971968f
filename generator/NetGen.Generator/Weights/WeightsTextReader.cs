using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.Generator.Model;

namespace NetGen.Generator.Weights
{
    /// <summary>
    /// Reads the text form of a weights file at build time. It takes every value from its hex bits (the decimal is
    /// for people; .NET Framework hosts do not parse floating point exactly), rebuilds the canonical binary encoding
    /// and checks the CRC-32, so a file that loads at build time is exactly the file the runtime would load.
    /// </summary>
    internal static class WeightsTextReader
    {
        public const string Magic = "netgen-weights";
        private static readonly byte[] Signature = { 0x89, 0x4E, 0x47, 0x57, 0x0D, 0x0A, 0x1A, 0x0A };

        /// <summary>Whether the text looks like a weights file at all (its first line), so other additional files are skipped cheaply.</summary>
        public static bool LooksLikeWeights(string text) =>
            text.StartsWith(Magic, StringComparison.Ordinal) || text.StartsWith("\uFEFF" + Magic, StringComparison.Ordinal);

        public static WeightsFileSpec Read(string path, string? text)
        {
            if (text is null)
            {
                return Fail(path, "the file cannot be read", unreadable: true);
            }

            if (!LooksLikeWeights(text))
            {
                return Fail(path, "it does not start with the line 'netgen-weights 1' of the text form (embed the text form: Save(path, WeightsFormat.Text))");
            }

            try
            {
                return Parse(path, text);
            }
            catch (FormatException e)
            {
                return Fail(path, e.Message);
            }
        }

        private static WeightsFileSpec Parse(string path, string text)
        {
            var lines = new List<(int Number, string[] Words)>();
            string[] raw = text.Split('\n');
            for (int i = 0; i < raw.Length; i++)
            {
                string line = raw[i].TrimEnd('\r');
                if (i == 0)
                {
                    line = line.TrimStart('\uFEFF');
                }

                string[] words = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0 || (i > 0 && words[0].StartsWith("#", StringComparison.Ordinal)))
                {
                    continue;
                }

                lines.Add((i + 1, words));
            }

            int at = 0;
            string[] Next(string keyword)
            {
                if (at >= lines.Count)
                {
                    throw new FormatException($"the file ends before its '{keyword}' line");
                }

                (int number, string[] words) = lines[at++];
                if (words[0] != keyword)
                {
                    throw new FormatException($"line {number}: expected '{keyword}', found '{words[0]}'");
                }

                return words;
            }

            string[] magic = Next(Magic);
            if (magic.Length != 2 || magic[1] != "1")
            {
                throw new FormatException($"it is format version '{(magic.Length > 1 ? magic[1] : string.Empty)}', and this NetGen reads version 1");
            }

            string[] precisionLine = Next("precision");
            Precision precision = precisionLine.Length == 2 && precisionLine[1] == "single" ? Precision.Single
                : precisionLine.Length == 2 && precisionLine[1] == "double" ? Precision.Double
                : throw new FormatException("the precision is neither 'single' nor 'double'");
            int inputSize = PositiveInt(Next("input"), 1);

            var layers = new List<WeightsLayerSpec>();
            while (at < lines.Count && lines[at].Words[0] == "layer")
            {
                string[] w = Next("layer");
                if (w.Length < 4 || !TryActivation(w[2], out Activation activation) || (w[3] != "bias" && w[3] != "nobias"))
                {
                    throw new FormatException($"line {lines[at - 1].Number}: a layer line is 'layer <units> <activation> bias|nobias'");
                }

                uint alpha = 0;
                if (activation == Activation.LeakyReLU)
                {
                    if (w.Length != 7 || w[4] != "alpha")
                    {
                        throw new FormatException($"line {lines[at - 1].Number}: a LeakyReLU layer ends with 'alpha <decimal> <bits>'");
                    }

                    alpha = (uint)Bits(w[6], 4, lines[at - 1].Number);
                }
                else if (w.Length != 4)
                {
                    throw new FormatException($"line {lines[at - 1].Number}: a {activation} layer line ends after '{w[3]}'");
                }

                layers.Add(new WeightsLayerSpec(PositiveInt(w, 1), activation, w[3] == "bias", alpha));
            }

            if (layers.Count == 0)
            {
                throw new FormatException("the file declares no layer");
            }

            int count = PositiveInt(Next("parameters"), 1);
            int size = precision == Precision.Single ? 4 : 8;
            var bits = new List<ulong>(count);
            int inputs = inputSize;
            for (int i = 0; i < layers.Count; i++)
            {
                string[] weights = Next("weights");
                string expected = $"{layers[i].Units}x{inputs}";
                if (weights.Length != 3 || weights[1] != (i + 1).ToString(CultureInfo.InvariantCulture) || weights[2] != expected)
                {
                    throw new FormatException($"line {lines[at - 1].Number}: expected 'weights {i + 1} {expected}'");
                }

                ReadValues(layers[i].Units * inputs);
                if (layers[i].HasBias)
                {
                    string[] biases = Next("biases");
                    if (biases.Length != 3 || biases[1] != (i + 1).ToString(CultureInfo.InvariantCulture) || biases[2] != layers[i].Units.ToString(CultureInfo.InvariantCulture))
                    {
                        throw new FormatException($"line {lines[at - 1].Number}: expected 'biases {i + 1} {layers[i].Units}'");
                    }

                    ReadValues(layers[i].Units);
                }

                inputs = layers[i].Units;
            }

            if (bits.Count != count)
            {
                throw new FormatException($"the header says {count} parameters but the layers hold {bits.Count}");
            }

            string[] checksumLine = Next("checksum");
            if (checksumLine.Length != 3 || checksumLine[1] != "crc32")
            {
                throw new FormatException($"line {lines[at - 1].Number}: expected 'checksum crc32 0x<8 hex digits>'");
            }

            uint stated = (uint)Bits(checksumLine[2], 4, lines[at - 1].Number);
            if (at != lines.Count)
            {
                throw new FormatException($"line {lines[at].Number}: nothing but comments may follow the checksum");
            }

            uint actual = Checksum(precision, inputSize, layers, bits);
            if (actual != stated)
            {
                throw new FormatException($"checksum mismatch: the file says 0x{stated:X8} but its contents give 0x{actual:X8}, so the file was edited or damaged");
            }

            return new WeightsFileSpec(path, null, false, precision, inputSize, new EquatableArray<WeightsLayerSpec>(layers.ToArray()), new EquatableArray<ulong>(bits.ToArray()));

            void ReadValues(int n)
            {
                for (int k = 0; k < n; k++)
                {
                    if (at >= lines.Count)
                    {
                        throw new FormatException($"the file is cut short: expected {count} parameter values, found {bits.Count}");
                    }

                    (int number, string[] words) = lines[at++];
                    if (words.Length != 2)
                    {
                        throw new FormatException($"line {number}: expected a value '<decimal> 0x<bits>'");
                    }

                    bits.Add(Bits(words[1], size, number));
                }
            }
        }

        /// <summary>The CRC-32 of the canonical binary encoding of this content (docs/weights-format.md, "Binary form").</summary>
        public static uint Checksum(Precision precision, int inputSize, IReadOnlyList<WeightsLayerSpec> layers, IReadOnlyList<ulong> bits)
        {
            int size = precision == Precision.Single ? 4 : 8;
            int headerLength = 24 + (12 * layers.Count);
            var data = new byte[headerLength + 4 + (bits.Count * size)];
            Array.Copy(Signature, data, Signature.Length);
            int o = 8;
            Put(data, ref o, 1, 2);
            Put(data, ref o, precision == Precision.Double ? 1UL : 0UL, 1);
            Put(data, ref o, 0, 1);
            Put(data, ref o, (ulong)inputSize, 4);
            Put(data, ref o, (ulong)layers.Count, 4);
            foreach (WeightsLayerSpec layer in layers)
            {
                Put(data, ref o, (ulong)layer.Units, 4);
                Put(data, ref o, (ulong)layer.Activation, 1);
                Put(data, ref o, layer.HasBias ? 1UL : 0UL, 1);
                Put(data, ref o, 0, 2);
                Put(data, ref o, layer.Activation == Activation.LeakyReLU ? layer.AlphaBits : 0U, 4);
            }

            Put(data, ref o, (ulong)bits.Count, 4);
            Put(data, ref o, Crc32.Compute(data, 0, headerLength), 4);
            foreach (ulong value in bits)
            {
                Put(data, ref o, value, size);
            }

            return Crc32.Compute(data, 0, data.Length);
        }

        private static void Put(byte[] data, ref int offset, ulong value, int bytes)
        {
            for (int i = 0; i < bytes; i++)
            {
                data[offset++] = (byte)(value >> (8 * i));
            }
        }

        private static ulong Bits(string word, int size, int line)
        {
            if (!word.StartsWith("0x", StringComparison.Ordinal) || word.Length != 2 + (2 * size) ||
                !ulong.TryParse(word.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value))
            {
                throw new FormatException($"line {line}: '{word}' is not 0x and {2 * size} hex digits");
            }

            return value;
        }

        private static int PositiveInt(string[] words, int index)
        {
            if (words.Length <= index || !int.TryParse(words[index], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            {
                throw new FormatException($"'{string.Join(" ", words)}' needs a whole number of at least 1");
            }

            return value;
        }

        private static bool TryActivation(string name, out Activation activation)
        {
            foreach (Activation candidate in (Activation[])Enum.GetValues(typeof(Activation)))
            {
                if (candidate.ToString() == name)
                {
                    activation = candidate;
                    return true;
                }
            }

            activation = default;
            return false;
        }

        private static WeightsFileSpec Fail(string path, string error, bool unreadable = false) =>
            new(path, error, unreadable, Precision.Single, 0, EquatableArray<WeightsLayerSpec>.Empty, EquatableArray<ulong>.Empty);
    }
}
