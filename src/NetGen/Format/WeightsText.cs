using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// The text form, format version 1 (docs/weights-format.md): ASCII lines with the binary form's content. Every value
    /// is written as its round-trip decimal and the hex of its bits; readers take the bits and check that the decimal is
    /// the same number. The checksum line is the binary form's trailing CRC-32, so it does not depend on line endings,
    /// comments or spacing. This is the one reader: the runtime's <c>Load</c> and the generator's [EmbeddedWeights] both
    /// call <see cref="Read"/>, so a file the build embeds is exactly a file the runtime loads, with the same bits.
    /// </summary>
    internal static class WeightsText
    {
        private static readonly char[] Blanks = { ' ', '\t' };

        /// <summary>The whole text file for <paramref name="header"/>, the parameters' little-endian bytes and the binary form's checksum.</summary>
        public static string Encode(WeightsHeader header, byte[] parameters, uint checksum)
        {
            int size = header.ValueSize;
            var sb = new StringBuilder(256 + (parameters.Length / size * (size == 8 ? 44 : 27)));
            sb.Append(WeightsLayout.TextMagic).Append(' ').Append(Int(WeightsLayout.Version)).Append('\n');
            sb.Append("# NetGen weights, text form; see docs/weights-format.md. Each value is its decimal and its IEEE 754 bits,\n");
            sb.Append("# which are authoritative. The checksum covers every value: edit with NetGen, not by hand.\n");
            sb.Append("precision ").Append(WeightsHeader.PrecisionName(header.Precision)).Append('\n');
            sb.Append("input ").Append(Int(header.InputSize)).Append('\n');
            foreach (WeightsLayer layer in header.Layers)
            {
                sb.Append("layer ").Append(Int(layer.Units)).Append(' ').Append(layer.Activation.ToString()).Append(layer.HasBias ? " bias" : " nobias");
                if (layer.Activation == Activation.LeakyReLU)
                {
                    sb.Append(" alpha ");
                    AppendValue(sb, FloatBits.Single(layer.Alpha), 4);
                }

                sb.Append('\n');
            }

            sb.Append("parameters ").Append(header.ComputeParameterCount().ToString(CultureInfo.InvariantCulture)).Append('\n');
            int index = 0;
            int inputs = header.InputSize;
            for (int i = 0; i < header.Layers.Length; i++)
            {
                WeightsLayer layer = header.Layers[i];
                sb.Append("weights ").Append(Int(i + 1)).Append(' ').Append(Int(layer.Units)).Append('x').Append(Int(inputs)).Append('\n');
                for (int k = 0; k < layer.Units * inputs; k++, index++)
                {
                    AppendValue(sb, WeightsLayout.ReadBits(parameters, size, index), size);
                    sb.Append('\n');
                }

                if (layer.HasBias)
                {
                    sb.Append("biases ").Append(Int(i + 1)).Append(' ').Append(Int(layer.Units)).Append('\n');
                    for (int k = 0; k < layer.Units; k++, index++)
                    {
                        AppendValue(sb, WeightsLayout.ReadBits(parameters, size, index), size);
                        sb.Append('\n');
                    }
                }

                inputs = layer.Units;
            }

            sb.Append("checksum crc32 ").Append(WeightsLayout.Hex(checksum)).Append('\n');
            return sb.ToString();
        }

        /// <summary><c>0.01 0x3C23D70A</c>: the round-trip decimal, then the bits.</summary>
        private static void AppendValue(StringBuilder sb, ulong bits, int size)
        {
            if (size == 8)
            {
                sb.Append(FloatBits.ToDouble(bits).ToString("R", CultureInfo.InvariantCulture))
                  .Append(" 0x").Append(bits.ToString("X16", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(FloatBits.ToSingle((uint)bits).ToString("R", CultureInfo.InvariantCulture))
                  .Append(" 0x").Append(((uint)bits).ToString("X8", CultureInfo.InvariantCulture));
            }
        }

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Checks a text file (one char per byte or decoded; a leading BOM already removed) against the context's network
        /// and returns the parameters' little-endian bytes. Throws the context's exception at the first problem.
        /// </summary>
        public static byte[] Read(string text, WeightsReadContext context) => new Reader(text, context).Read();

        private sealed class Reader
        {
            private readonly string _text;
            private readonly WeightsReadContext _context;
            private int _position;
            private int _line;

            public Reader(string text, WeightsReadContext context)
            {
                _text = text;
                _context = context;
            }

            public byte[] Read()
            {
                if (_text.Length > WeightsLayout.SizeLimit(_context.Expected))
                {
                    throw _context.Fail(WeightsProblem.TrailingData,
                        $"the file is too long: a weights file for {_context.NetworkName} has at most {WeightsReadContext.Bytes(WeightsLayout.SizeLimit(_context.Expected))}, this one has more");
                }

                CheckLastLine();
                string[] first = NextLine(skipComments: false) ?? throw Truncated("the file is empty");
                if (first[0] != WeightsLayout.TextMagic || first.Length != 2 || !long.TryParse(first[1], NumberStyles.None, CultureInfo.InvariantCulture, out long version))
                {
                    throw Malformed($"the first line must be '{WeightsLayout.TextMagic} <version>'");
                }

                _context.CheckVersion(version);

                string[] precisionLine = Expect("precision", 2);
                Precision precision = precisionLine[1] == "single" ? Precision.Single
                    : precisionLine[1] == "double" ? Precision.Double
                    : throw Malformed("the precision must be 'single' or 'double'");

                int inputSize = PositiveInt(Expect("input", 2)[1], "input width");
                var layers = new List<WeightsLayer>();
                string[] tokens = NextHeaderLine();
                while (tokens[0] == "layer")
                {
                    if (layers.Count == WeightsLayout.MaxLayers)
                    {
                        throw Malformed($"more than {Int(WeightsLayout.MaxLayers)} layers");
                    }

                    layers.Add(ParseLayer(tokens));
                    tokens = NextHeaderLine();
                }

                if (tokens[0] != "parameters" || tokens.Length != 2 || layers.Count == 0)
                {
                    throw Malformed(layers.Count == 0 ? "expected a 'layer' line" : "expected a 'layer' or 'parameters' line");
                }

                var header = new WeightsHeader(precision, inputSize, layers.ToArray());
                long declared = PositiveInt(tokens[1], "parameter count");
                if (declared != header.ComputeParameterCount())
                {
                    throw Malformed($"it declares {declared.ToString(CultureInfo.InvariantCulture)} parameters but its layers have {header.ComputeParameterCount().ToString(CultureInfo.InvariantCulture)}");
                }

                _context.CheckMatches(header);

                int size = header.ValueSize;
                int count = (int)declared;
                if ((long)count * size > 0x7FFFFFC7)
                {
                    throw _context.Fail(WeightsProblem.Malformed, $"its {Int(count)} parameters are more bytes than one array can hold");
                }

                var parameters = new byte[count * size];
                int index = 0;
                int inputs = inputSize;
                for (int i = 0; i < layers.Count; i++)
                {
                    WeightsLayer layer = layers[i];
                    ExpectSection($"weights {Int(i + 1)} {Int(layer.Units)}x{Int(inputs)}", index, count);
                    ReadValues(parameters, size, ref index, layer.Units * inputs, count);
                    if (layer.HasBias)
                    {
                        ExpectSection($"biases {Int(i + 1)} {Int(layer.Units)}", index, count);
                        ReadValues(parameters, size, ref index, layer.Units, count);
                    }

                    inputs = layer.Units;
                }

                string[] checksumLine = NextLine() ?? throw Truncated($"the file is truncated: it holds all {Int(count)} values but ends without its 'checksum' line");
                if (checksumLine[0] != "checksum" || checksumLine.Length != 3 || checksumLine[1] != "crc32" ||
                    !TryParseHex(checksumLine[2], 4, out ulong stored))
                {
                    throw Malformed("expected 'checksum crc32 0x' and 8 hex digits after the last value");
                }

                if (NextLine() is not null)
                {
                    throw _context.Fail(WeightsProblem.TrailingData, $"the file goes on after its checksum line (line {Int(_line)})");
                }

                uint actual = WeightsLayout.StoredChecksum(WeightsLayout.Encode(header, parameters));
                if ((uint)stored != actual)
                {
                    throw _context.Fail(WeightsProblem.ChecksumMismatch,
                        $"checksum mismatch: the file says {WeightsLayout.Hex((uint)stored)} but its contents give {WeightsLayout.Hex(actual)}; the file is corrupt or was edited by hand");
                }

                return parameters;
            }

            private WeightsLayer ParseLayer(string[] tokens)
            {
                // layer <units> <activation> bias|nobias [alpha <decimal> <hex>]
                if (tokens.Length < 4)
                {
                    throw Malformed("a layer line is 'layer <units> <activation> bias|nobias', with 'alpha <decimal> <bits>' for LeakyReLU");
                }

                int units = PositiveInt(tokens[1], "unit count");
                Activation activation = ParseActivation(tokens[2]);
                bool hasBias = tokens[3] == "bias" ? true
                    : tokens[3] == "nobias" ? false
                    : throw Malformed("after the activation comes 'bias' or 'nobias'");

                float alpha = 0f;
                if (activation == Activation.LeakyReLU)
                {
                    if (tokens.Length != 7 || tokens[4] != "alpha")
                    {
                        throw Malformed("a LeakyReLU layer ends with 'alpha <decimal> <bits>'");
                    }

                    alpha = FloatBits.ToSingle((uint)ParseValue(tokens[5], tokens[6], 4));
                }
                else if (tokens.Length != 4)
                {
                    throw Malformed($"a {activation} layer line ends after 'bias' or 'nobias'");
                }

                return new WeightsLayer(units, activation, hasBias, alpha);
            }

            private Activation ParseActivation(string name)
            {
                // Activation codes are one byte in the binary form; the names are the members' own (AOT-safe lookup).
                for (int code = 0; code < 256; code++)
                {
                    var activation = (Activation)code;
                    if (Enum.IsDefined(typeof(Activation), activation) && string.Equals(activation.ToString(), name, StringComparison.Ordinal))
                    {
                        return activation;
                    }
                }

                throw Malformed($"'{name}' is not an activation this NetGen knows (was the file written by a newer NetGen?)");
            }

            private void ExpectSection(string section, int found, int count)
            {
                string[] tokens = NextLine() ?? throw TruncatedValues(found, count);
                if (string.Join(" ", tokens) != section)
                {
                    throw Malformed($"expected '{section}'");
                }
            }

            private void ReadValues(byte[] parameters, int size, ref int index, int values, int count)
            {
                for (int k = 0; k < values; k++, index++)
                {
                    string[] tokens = NextLine() ?? throw TruncatedValues(index, count);
                    if (tokens.Length != 2)
                    {
                        throw Malformed("a value line is '<decimal> <bits>'");
                    }

                    WeightsLayout.WriteBits(parameters, size, index, ParseValue(tokens[0], tokens[1], size));
                }
            }

            /// <summary>The bits of a '&lt;decimal&gt; &lt;hex&gt;' pair, after checking that the decimal is the same number.</summary>
            private ulong ParseValue(string decimalText, string hexText, int size)
            {
                if (!TryParseHex(hexText, size, out ulong bits))
                {
                    throw Malformed($"'{hexText}' is not 0x and {Int(size * 2)} hex digits");
                }

                if (!DecimalCheck.Agrees(decimalText, bits, size))
                {
                    string value = size == 8
                        ? FloatBits.ToDouble(bits).ToString("R", CultureInfo.InvariantCulture)
                        : FloatBits.ToSingle((uint)bits).ToString("R", CultureInfo.InvariantCulture);
                    throw Malformed($"the decimal '{decimalText}' is not the value of the bits {hexText} ({value}); the bits are authoritative, so the line was edited or damaged");
                }

                return bits;
            }

            private static bool TryParseHex(string token, int size, out ulong bits)
            {
                bits = 0;
                return token.Length == 2 + (size * 2) && token.StartsWith("0x", StringComparison.Ordinal) &&
                    ulong.TryParse(token.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bits);
            }

            private int PositiveInt(string token, string what)
            {
                if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
                {
                    throw Malformed($"the {what} '{token}' is not a positive integer");
                }

                return value;
            }

            private string[] Expect(string keyword, int length)
            {
                string[] tokens = NextHeaderLine();
                if (tokens[0] != keyword || tokens.Length != length)
                {
                    throw Malformed($"expected the '{keyword}' line");
                }

                return tokens;
            }

            private string[] NextHeaderLine() =>
                NextLine() ?? throw Truncated($"the file is truncated: it ends at line {Int(_line)}, inside its header (before its 'parameters' line)");

            /// <summary>The next line's words, skipping blank lines and (unless told otherwise) '#' comments; null at the end. Fails on a non-ASCII line.</summary>
            private string[]? NextLine(bool skipComments = true)
            {
                while (_position < _text.Length)
                {
                    int end = _text.IndexOf('\n', _position);
                    if (end < 0)
                    {
                        end = _text.Length;
                    }

                    string line = _text.Substring(_position, end - _position).TrimEnd('\r');
                    _position = end + 1;
                    _line++;
                    string[] tokens = line.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
                    if (tokens.Length > 0 && !(skipComments && tokens[0][0] == '#'))
                    {
                        foreach (char c in line)
                        {
                            if (c > '\x7F')
                            {
                                // The runtime reads one char per byte; the generator gets the compiler's decoded text.
                                string what = c <= '\xFF' ? $"the byte 0x{(int)c:X2}" : $"the character U+{(int)c:X4}";
                                throw Malformed($"{what} is not ASCII; only comments may hold other bytes");
                            }
                        }

                        return tokens;
                    }
                }

                return null;
            }

            private Exception TruncatedValues(int found, int count) =>
                Truncated($"the file is truncated: expected {Int(count)} parameter values, found {Int(found)} (the file ends at line {Int(_line)}, after {WeightsReadContext.Bytes(_text.Length)})");

            private Exception Truncated(string detail) => _context.Fail(WeightsProblem.Truncated, detail);

            private Exception Malformed(string detail) => _context.Fail(WeightsProblem.Malformed, $"line {Int(_line)}: {detail}");

            /// <summary>
            /// Writers end every line with a newline. A file whose last line has none was cut there, unless that line
            /// is complete anyway: a comment or the whole checksum line (an editor may drop the final newline).
            /// </summary>
            private void CheckLastLine()
            {
                if (_text.EndsWith("\n", StringComparison.Ordinal))
                {
                    return;
                }

                int start = _text.LastIndexOf('\n') + 1;
                string[] tokens = _text.Substring(start).TrimEnd('\r').Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
                bool complete = tokens.Length == 0 || tokens[0][0] == '#' ||
                    (tokens.Length == 3 && tokens[0] == "checksum" && tokens[1] == "crc32" && TryParseHex(tokens[2], 4, out _));
                if (!complete)
                {
                    int line = 1;
                    for (int i = 0; i < start; i++)
                    {
                        line += _text[i] == '\n' ? 1 : 0;
                    }

                    throw Truncated($"the file is truncated: its last line ({Int(line)}) stops without a newline after {WeightsReadContext.Bytes(_text.Length)}, before its checksum line");
                }
            }
        }
    }
}
