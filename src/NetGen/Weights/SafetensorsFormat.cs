using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace NetGen
{
    /// <summary>
    /// The safetensors encoding (8-byte little-endian header length N, N bytes of JSON, then the data) with every check
    /// a hostile or damaged file needs: header inside the file, JSON that parses, no duplicate names, dtypes F32/F64,
    /// byte ranges inside the data, aligned, contiguous and not overlapping (the format forbids holes), sizes that match
    /// the shapes. Used by <see cref="SafetensorsWeights"/>.
    /// </summary>
    internal static class SafetensorsFormat
    {
        /// <summary>The largest header accepted (safetensors itself caps it at 100 MB).</summary>
        public const int MaxHeaderLength = 100_000_000;

        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End)
        {
            public int ElementSize => DType == "F64" ? 8 : 4;

            public string ShapeText => "[" + string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
        }

        public static byte[] Encode<T>(INetwork<T> network, SafetensorsOptions options)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            NetworkInfo info = Check(network);
            if (options.Naming != SafetensorsNaming.Sequential)
            {
                throw new ArgumentException(
                    $"SafetensorsOptions.Naming = {options.Naming} only describes files to load; SaveSafetensors writes SafetensorsNaming.Sequential names.", nameof(options));
            }

            int size = ParameterBytes.SizeOf<T>();
            string dtype = size == 8 ? "F64" : "F32";
            string[] names = SequentialNames(info, options.Prefix);
            var header = new MemoryStream();
            using (var writer = new Utf8JsonWriter(header))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("__metadata__");
                writer.WriteString("format", "pt");
                writer.WriteString("netgen.network", info.Name);
                writer.WriteString("netgen.topology", info.Topology);
                writer.WriteEndObject();
                foreach (LayerInfo layer in info.Layers)
                {
                    Tensor(writer, names[layer.Index] + "weight", dtype, new long[] { layer.Units, layer.Inputs }, (long)layer.WeightOffset * size, layer.WeightCount * size);
                    if (layer.HasBias)
                    {
                        Tensor(writer, names[layer.Index] + "bias", dtype, new long[] { layer.Units }, (long)layer.BiasOffset * size, layer.BiasCount * size);
                    }
                }

                writer.WriteEndObject();
            }

            // The header is padded with spaces so that the data starts 8-byte aligned, as safetensors writes it.
            while (header.Length % 8 != 0)
            {
                header.WriteByte((byte)' ');
            }

            byte[] data = ParameterBytes.ToLittleEndian<T>(network.Parameters);
            var file = new byte[8 + header.Length + data.Length];
            BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
            header.ToArray().CopyTo(file, 8);
            data.CopyTo(file, 8 + (int)header.Length);
            return file;
        }

        public static void Load<T>(INetwork<T> network, Stream source, string? sourceName, SafetensorsOptions options)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            NetworkInfo info = Check(network);
            options.Prefix ??= string.Empty;
            string from = sourceName is null ? "a safetensors stream" : $"the safetensors file '{sourceName}'";
            WeightsFormatException Fail(WeightsProblem problem, string detail) =>
                new($"Cannot load {from} into {info.Name} ({info.Topology}): {detail}. The parameters are unchanged.", sourceName, problem);

            long limit = 8L + MaxHeaderLength + (16L * info.ParameterCount);
            byte[] file = WeightsFileSystem.ReadAtMost(source, limit);
            if (file.Length > limit)
            {
                throw Fail(WeightsProblem.TrailingData, $"the file is larger than {WeightsReadContext.Bytes(limit)}, far more than the header and {info.ParameterCount.ToString(CultureInfo.InvariantCulture)} parameters need");
            }

            List<Entry> entries = ReadHeader(file, Fail, out int dataStart);
            CheckRanges(entries, file.Length - dataStart, Fail);
            Entry[] tensors = Match(entries, info, options, Fail);

            bool isDouble = ParameterBytes.SizeOf<T>() == 8;
            var values = new T[info.ParameterCount];
            int t = 0;
            foreach (LayerInfo layer in info.Layers)
            {
                string layerName = $"layer {(layer.Index + 1).ToString(CultureInfo.InvariantCulture)} of {info.Name}";
                Read(tensors[t++], new long[] { layer.Units, layer.Inputs }, layer.WeightOffset, layerName + "'s weight");
                if (layer.HasBias)
                {
                    Read(tensors[t++], new long[] { layer.Units }, layer.BiasOffset, layerName + "'s bias");
                }
            }

            // Every check has passed: only now does the network change.
            values.CopyTo(network.Parameters);

            void Read(Entry entry, long[] shape, int offset, string what)
            {
                if (!entry.Shape.SequenceEqual(shape))
                {
                    throw Fail(WeightsProblem.TopologyMismatch,
                        $"tensor '{entry.Name}' has shape {entry.ShapeText}, but {what} is [{string.Join(", ", shape)}] (nn.Linear's [out, in] layout)");
                }

                if (entry.DType == "F64" && !isDouble)
                {
                    throw Fail(WeightsProblem.PrecisionMismatch,
                        $"tensor '{entry.Name}' is F64 and {info.Name} is a network of float; declare it with Precision.Double, or save the tensors as float32");
                }

                ReadOnlySpan<byte> bytes = file.AsSpan(dataStart + (int)entry.Begin, (int)(entry.End - entry.Begin));
                int count = bytes.Length / entry.ElementSize;
                for (int i = 0; i < count; i++)
                {
                    values[offset + i] = entry.ElementSize == 8
                        ? T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(i * 8, 8)))
                        : T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4)));
                }
            }
        }

        /// <summary>The name prefix of each layer's tensors: <c>{prefix}{module index}.</c>, a layer with an activation taking two modules.</summary>
        public static string[] SequentialNames(NetworkInfo info, string? prefix)
        {
            var names = new string[info.Layers.Count];
            int module = 0;
            foreach (LayerInfo layer in info.Layers)
            {
                names[layer.Index] = (prefix ?? string.Empty) + module.ToString(CultureInfo.InvariantCulture) + ".";
                module += layer.Activation == Activation.Identity ? 1 : 2;
            }

            return names;
        }

        private static void Tensor(Utf8JsonWriter writer, string name, string dtype, long[] shape, long begin, long length)
        {
            writer.WriteStartObject(name);
            writer.WriteString("dtype", dtype);
            writer.WriteStartArray("shape");
            foreach (long d in shape)
            {
                writer.WriteNumberValue(d);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("data_offsets");
            writer.WriteNumberValue(begin);
            writer.WriteNumberValue(begin + length);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static List<Entry> ReadHeader(byte[] file, Func<WeightsProblem, string, WeightsFormatException> fail, out int dataStart)
        {
            if (file.Length < 8)
            {
                throw fail(file.Length == 0 ? WeightsProblem.NotWeightsFile : WeightsProblem.Truncated,
                    $"the file has {WeightsReadContext.Bytes(file.Length)}, fewer than the 8 of the header length that starts a safetensors file");
            }

            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
            if (headerLength > (ulong)(file.Length - 8))
            {
                throw fail(headerLength > MaxHeaderLength ? WeightsProblem.NotWeightsFile : WeightsProblem.Truncated,
                    $"its header length is {headerLength.ToString(CultureInfo.InvariantCulture)} bytes, larger than the file ({WeightsReadContext.Bytes(file.Length)}): it is not safetensors or it is cut short");
            }

            if (headerLength > MaxHeaderLength || headerLength < 2)
            {
                throw fail(WeightsProblem.NotWeightsFile, $"its header length {headerLength.ToString(CultureInfo.InvariantCulture)} is not that of a safetensors header");
            }

            dataStart = 8 + (int)headerLength;
            try
            {
                _ = StrictUtf8.GetCharCount(file, 8, (int)headerLength);
            }
            catch (DecoderFallbackException)
            {
                throw fail(WeightsProblem.NotWeightsFile, "its header is not UTF-8 text");
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(file.AsMemory(8, (int)headerLength), new JsonDocumentOptions { MaxDepth = 8 });
            }
            catch (JsonException e)
            {
                throw fail(WeightsProblem.NotWeightsFile, $"its header is not JSON ({e.Message})");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw fail(WeightsProblem.NotWeightsFile, "its header is not a JSON object of tensors");
                }

                var entries = new List<Entry>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        throw fail(WeightsProblem.Malformed, $"its header names '{property.Name}' twice");
                    }

                    if (property.Name == "__metadata__")
                    {
                        if (property.Value.ValueKind != JsonValueKind.Object || property.Value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
                        {
                            throw fail(WeightsProblem.Malformed, "its __metadata__ is not an object of strings");
                        }

                        continue;
                    }

                    entries.Add(ReadEntry(property, fail));
                }

                return entries;
            }
        }

        private static Entry ReadEntry(JsonProperty property, Func<WeightsProblem, string, WeightsFormatException> fail)
        {
            JsonElement value = property.Value;
            if (value.ValueKind != JsonValueKind.Object ||
                !value.TryGetProperty("dtype", out JsonElement dtype) || dtype.ValueKind != JsonValueKind.String ||
                !value.TryGetProperty("shape", out JsonElement shape) || shape.ValueKind != JsonValueKind.Array ||
                !value.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            {
                throw fail(WeightsProblem.Malformed, $"tensor '{property.Name}' lacks a dtype, a shape or a pair of data_offsets");
            }

            var dims = new List<long>();
            foreach (JsonElement d in shape.EnumerateArray())
            {
                if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                {
                    throw fail(WeightsProblem.Malformed, $"tensor '{property.Name}' has a shape entry that is not a non-negative integer");
                }

                dims.Add(dim);
            }

            if (offsets[0].ValueKind != JsonValueKind.Number || !offsets[0].TryGetInt64(out long begin) ||
                offsets[1].ValueKind != JsonValueKind.Number || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            {
                throw fail(WeightsProblem.Malformed, $"tensor '{property.Name}' has data_offsets that are not integers 0 ≤ begin ≤ end");
            }

            string type = dtype.GetString()!;
            if (type is not ("F32" or "F64"))
            {
                throw fail(WeightsProblem.Unsupported, $"tensor '{property.Name}' has dtype {type}; NetGen loads F32 and F64 tensors (convert with tensor.float() or tensor.double() before saving)");
            }

            return new Entry(property.Name, type, dims.ToArray(), begin, end);
        }

        /// <summary>Every range inside the data, aligned, of the size its shape needs, and together covering the data exactly once.</summary>
        private static void CheckRanges(List<Entry> entries, long dataLength, Func<WeightsProblem, string, WeightsFormatException> fail)
        {
            foreach (Entry e in entries)
            {
                if (e.End > dataLength)
                {
                    throw fail(WeightsProblem.Truncated,
                        $"tensor '{e.Name}' occupies bytes [{e.Begin}, {e.End}) of the data, outside the {WeightsReadContext.Bytes(dataLength)} the file holds");
                }

                if (e.Begin % e.ElementSize != 0)
                {
                    throw fail(WeightsProblem.Malformed, $"tensor '{e.Name}' starts at byte {e.Begin} of the data, not a multiple of its {e.ElementSize}-byte elements (misaligned)");
                }

                long elements = 1;
                foreach (long d in e.Shape)
                {
                    elements = d == 0 ? 0 : elements > dataLength / d ? long.MaxValue / 16 : elements * d;
                }

                if (elements * e.ElementSize != e.End - e.Begin)
                {
                    throw fail(WeightsProblem.Malformed,
                        $"tensor '{e.Name}' of shape {e.ShapeText} and dtype {e.DType} needs {elements * e.ElementSize} bytes but its data_offsets span {e.End - e.Begin}");
                }
            }

            long next = 0;
            Entry? previous = null;
            foreach (Entry e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
            {
                if (e.Begin < next)
                {
                    throw fail(WeightsProblem.Malformed, $"tensors '{previous!.Name}' and '{e.Name}' overlap in the data");
                }

                if (e.Begin > next)
                {
                    throw fail(WeightsProblem.Malformed, $"bytes [{next}, {e.Begin}) of the data belong to no tensor (the format allows no holes)");
                }

                next = e.End;
                previous = e;
            }

            if (next != dataLength)
            {
                throw fail(WeightsProblem.TrailingData, $"the data has {dataLength - next} bytes after the last tensor");
            }
        }

        /// <summary>The tensors in NetGen's parameter order (each layer's weight, then its bias), chosen as the options say.</summary>
        private static Entry[] Match(List<Entry> entries, NetworkInfo info, SafetensorsOptions options, Func<WeightsProblem, string, WeightsFormatException> fail)
        {
            string prefix = options.Prefix ?? string.Empty;
            List<Entry> candidates = entries.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            int expected = info.Layers.Sum(l => l.HasBias ? 2 : 1);
            string held = candidates.Count == 0
                ? "no tensor" + (prefix.Length == 0 ? string.Empty : $" whose name starts with '{prefix}'")
                : string.Join(", ", candidates.OrderBy(e => e.Begin).Select(e => $"{e.Name} {e.ShapeText}"));
            string topology = $"{info.Name} needs {Expected(info, options)}; the file holds {held}";

            switch (options.Naming)
            {
                case SafetensorsNaming.FileOrder:
                    if (candidates.Count != expected)
                    {
                        throw fail(WeightsProblem.TopologyMismatch, $"the file holds {candidates.Count} tensors and {info.Name} {expected}: {topology}");
                    }

                    return candidates.OrderBy(e => e.Begin).ToArray();

                case SafetensorsNaming.ModuleOrder:
                    var modules = new SortedDictionary<int, (Entry? Weight, Entry? Bias)>();
                    foreach (Entry e in candidates)
                    {
                        string rest = e.Name.Substring(prefix.Length);
                        int dot = rest.IndexOf('.', StringComparison.Ordinal);
                        string kind = dot < 0 ? string.Empty : rest.Substring(dot + 1);
                        if (dot < 1 || !int.TryParse(rest.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int index) || kind is not ("weight" or "bias"))
                        {
                            throw fail(WeightsProblem.Unsupported, $"tensor '{e.Name}' is not '<module index>.weight' or '.bias' of a Linear layer: {topology}");
                        }

                        modules.TryGetValue(index, out var pair);
                        modules[index] = kind == "weight" ? (e, pair.Bias) : (pair.Weight, e);
                    }

                    var ordered = new List<Entry>();
                    int layer = 0;
                    foreach ((Entry? weight, Entry? bias) in modules.Values)
                    {
                        if (weight is null || layer >= info.Layers.Count || (bias is not null) != info.Layers[layer].HasBias)
                        {
                            throw fail(WeightsProblem.TopologyMismatch, topology);
                        }

                        ordered.Add(weight);
                        if (bias is not null)
                        {
                            ordered.Add(bias);
                        }

                        layer++;
                    }

                    if (layer != info.Layers.Count)
                    {
                        throw fail(WeightsProblem.TopologyMismatch, topology);
                    }

                    return ordered.ToArray();

                default:
                    string[] names = SequentialNames(info, prefix);
                    var byName = candidates.ToDictionary(e => e.Name, StringComparer.Ordinal);
                    var result = new List<Entry>();
                    foreach (LayerInfo l in info.Layers)
                    {
                        foreach (string name in l.HasBias ? new[] { names[l.Index] + "weight", names[l.Index] + "bias" } : new[] { names[l.Index] + "weight" })
                        {
                            if (!byName.Remove(name, out Entry? entry))
                            {
                                throw fail(WeightsProblem.TopologyMismatch,
                                    $"there is no tensor '{name}': {topology} (for a Sequential with other modules between its Linear layers, such as Dropout, use SafetensorsNaming.ModuleOrder; for other names, a Prefix or SafetensorsNaming.FileOrder)");
                            }

                            result.Add(entry);
                        }
                    }

                    if (byName.Count > 0)
                    {
                        throw fail(WeightsProblem.TopologyMismatch, $"tensor '{byName.Keys.First()}' belongs to no layer: {topology}");
                    }

                    return result.ToArray();
            }
        }

        private static string Expected(NetworkInfo info, SafetensorsOptions options)
        {
            string[] names = SequentialNames(info, options.Prefix);
            var sb = new StringBuilder();
            foreach (LayerInfo l in info.Layers)
            {
                string n = options.Naming == SafetensorsNaming.Sequential ? names[l.Index] : string.Empty;
                sb.Append(sb.Length == 0 ? string.Empty : ", ")
                  .Append(CultureInfo.InvariantCulture, $"{n}weight [{l.Units}, {l.Inputs}]");
                if (l.HasBias)
                {
                    sb.Append(CultureInfo.InvariantCulture, $", {n}bias [{l.Units}]");
                }
            }

            return sb.ToString();
        }

        private static NetworkInfo Check<T>(INetwork<T> network)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            NetworkInfo info = network.Info;
            Precision precision = ParameterBytes.SizeOf<T>() == 8 ? Precision.Double : Precision.Single;
            if (info.Precision != precision || network.Parameters.Length != info.ParameterCount)
            {
                throw new InvalidOperationException($"{info.Name} is inconsistent: its precision or parameter span does not match its layout.");
            }

            return info;
        }
    }
}
