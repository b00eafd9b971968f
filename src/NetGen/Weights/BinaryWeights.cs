using System;
using System.Buffers.Binary;
using System.Globalization;

namespace NetGen
{
    /// <summary>
    /// The binary form, format version 1 (docs/weights-format.md): signature, version, precision, topology, parameter
    /// count, header CRC-32; the parameters, little-endian; the CRC-32 of every byte before it.
    /// </summary>
    internal static class BinaryWeights
    {
        private const int FixedLength = WeightsLayout.FixedLength;

        private const int LayerLength = WeightsLayout.LayerLength;

        private const byte HasBiasFlag = WeightsLayout.HasBiasFlag;

        private static int HeaderLength(int layerCount) => WeightsLayout.HeaderLength(layerCount);

        /// <summary>
        /// Checks a file that starts with the signature, in the documented order, against the context's network, and
        /// returns where its parameter bytes are. Throws <see cref="WeightsFormatException"/> at the first problem.
        /// </summary>
        public static Range Read(byte[] file, WeightsReadContext context)
        {
            int n = file.Length;
            if (n < FixedLength)
            {
                if (n >= 10)
                {
                    context.CheckVersion(BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)));
                }

                throw TruncatedHeader(context, n, FixedLength);
            }

            context.CheckVersion(BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)));
            int layerCount = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(16));
            if (layerCount < 1 || layerCount > WeightsLayout.MaxLayers)
            {
                throw context.Fail(WeightsProblem.Malformed,
                    $"its header is corrupt: it declares {Int(layerCount)} layers (1 to {Int(WeightsLayout.MaxLayers)} are possible)");
            }

            int headerLength = HeaderLength(layerCount);
            if (n < headerLength + 4)
            {
                throw TruncatedHeader(context, n, headerLength + 4);
            }

            uint storedHeaderCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(headerLength));
            uint headerCrc = WeightsCrc32.Compute(file, 0, headerLength);
            if (storedHeaderCrc != headerCrc)
            {
                throw context.Fail(WeightsProblem.ChecksumMismatch,
                    $"its header is corrupt: the header checksum is {Hex(storedHeaderCrc)} in the file but {Hex(headerCrc)} computed");
            }

            WeightsHeader header = ParseHeader(file, layerCount, context);
            context.CheckMatches(header);

            int start = headerLength + 4;
            long parameterLength = header.ComputeParameterCount() * header.ValueSize;
            long expected = start + parameterLength + 4;
            if (n < expected)
            {
                throw context.Fail(WeightsProblem.Truncated, $"the file is truncated: expected {WeightsReadContext.Bytes(expected)}, found {WeightsReadContext.Bytes(n)}");
            }

            if (n > expected)
            {
                throw context.Fail(WeightsProblem.TrailingData,
                    $"the file is too long: expected {WeightsReadContext.Bytes(expected)}, found {WeightsReadContext.Bytes(n)} ({WeightsReadContext.Bytes(n - expected)} after the checksum)");
            }

            uint stored = WeightsLayout.StoredChecksum(file);
            uint actual = WeightsCrc32.Compute(file, 0, n - 4);
            if (stored != actual)
            {
                throw context.Fail(WeightsProblem.ChecksumMismatch,
                    $"checksum mismatch: the file says {Hex(stored)} but its contents give {Hex(actual)}; the file is corrupt");
            }

            return new Range(start, start + (int)parameterLength);
        }

        /// <summary>Reads and checks the header's fields. The header's CRC has passed: a bad field here is a writer's fault, not damage.</summary>
        private static WeightsHeader ParseHeader(ReadOnlySpan<byte> file, int layerCount, WeightsReadContext context)
        {
            byte precision = file[10];
            if (precision > (byte)Precision.Double)
            {
                throw Malformed(context, $"precision code {Int(precision)} is not 0 (single) or 1 (double)");
            }

            if (file[11] != 0)
            {
                throw Malformed(context, "the reserved byte 11 is not 0");
            }

            int inputSize = BinaryPrimitives.ReadInt32LittleEndian(file[12..]);
            if (inputSize < 1)
            {
                throw Malformed(context, $"the input width is {Int(inputSize)}");
            }

            var layers = new WeightsLayer[layerCount];
            int at = FixedLength;
            for (int i = 0; i < layerCount; i++, at += LayerLength)
            {
                string where = $"layer {Int(i + 1)}";
                int units = BinaryPrimitives.ReadInt32LittleEndian(file[at..]);
                if (units < 1)
                {
                    throw Malformed(context, $"{where} has {Int(units)} units");
                }

                byte activation = file[at + 4];
                if (!Enum.IsDefined((Activation)activation))
                {
                    throw Malformed(context, $"{where} has activation code {Int(activation)}, which this NetGen does not know (was the file written by a newer NetGen?)");
                }

                byte flags = file[at + 5];
                if ((flags & ~HasBiasFlag) != 0 || BinaryPrimitives.ReadUInt16LittleEndian(file[(at + 6)..]) != 0)
                {
                    throw Malformed(context, $"{where} has flags or reserved bits set that format version 1 does not define");
                }

                float alpha = BinaryPrimitives.ReadSingleLittleEndian(file[(at + 8)..]);
                if ((Activation)activation != Activation.LeakyReLU && BitConverter.SingleToInt32Bits(alpha) != 0)
                {
                    throw Malformed(context, $"{where} is not LeakyReLU but records a slope");
                }

                layers[i] = new WeightsLayer(units, (Activation)activation, (flags & HasBiasFlag) != 0, alpha);
            }

            var header = new WeightsHeader((Precision)precision, inputSize, layers);
            int declared = BinaryPrimitives.ReadInt32LittleEndian(file[at..]);
            long computed = header.ComputeParameterCount();
            if (declared != computed)
            {
                throw Malformed(context, $"it declares {Int(declared)} parameters but its topology has {computed.ToString(CultureInfo.InvariantCulture)}");
            }

            return header;
        }

        private static WeightsFormatException Malformed(WeightsReadContext context, string detail) =>
            context.Fail(WeightsProblem.Malformed, "its header is malformed: " + detail);

        private static WeightsFormatException TruncatedHeader(WeightsReadContext context, int found, int needed) =>
            context.Fail(WeightsProblem.Truncated,
                $"the file is truncated inside its header: expected at least {WeightsReadContext.Bytes(needed)} of header " +
                $"(and {WeightsReadContext.Bytes(context.ExpectedBinaryLength)} in all for {context.NetworkName}), found {WeightsReadContext.Bytes(found)}");

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Hex(uint value) => WeightsLayout.Hex(value);
    }
}
