using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace NetGen
{
    /// <summary>
    /// The binary form, format version 1 (docs/weights-format.md): signature, version, precision, topology, parameter
    /// count, header CRC-32; the parameters, little-endian; the CRC-32 of every byte before it.
    /// </summary>
    internal static class BinaryWeights
    {
        /// <summary>The format version this NetGen writes and the newest it reads.</summary>
        public const ushort Version = 1;

        /// <summary>Signature (8) + version (2) + precision (1) + reserved (1) + input width (4) + layer count (4).</summary>
        private const int FixedLength = 20;

        /// <summary>Units (4) + activation (1) + flags (1) + reserved (2) + LeakyReLU slope (4).</summary>
        private const int LayerLength = 12;

        private const byte HasBiasFlag = 1;

        /// <summary>
        /// 0x89 'N' 'G' 'W' CR LF 0x1A LF: a byte above 127 and both line endings, so that a transfer in text mode or
        /// through a 7-bit channel shows up as a wrong signature rather than as a corrupt body.
        /// </summary>
        public static ReadOnlySpan<byte> Signature => [0x89, 0x4E, 0x47, 0x57, 0x0D, 0x0A, 0x1A, 0x0A];

        /// <summary>The bytes the header CRC covers: fixed part, layers, parameter count.</summary>
        private static int HeaderLength(int layerCount) => FixedLength + (LayerLength * layerCount) + 4;

        /// <summary>Header, header CRC, parameters, CRC.</summary>
        public static long FileLength(WeightsHeader header) =>
            HeaderLength(header.Layers.Length) + 4 + (header.ComputeParameterCount() * header.ValueSize) + 4;

        /// <summary>The whole file for <paramref name="header"/> and the parameters' little-endian bytes.</summary>
        public static byte[] Encode(WeightsHeader header, ReadOnlySpan<byte> parameters)
        {
            long length = FileLength(header);
            int headerLength = HeaderLength(header.Layers.Length);
            if (length > Array.MaxLength || parameters.Length != length - headerLength - 8)
            {
                throw new NotSupportedException($"A weights file of {length} bytes is larger than this NetGen can write.");
            }

            var file = new byte[length];
            Span<byte> f = file;
            Signature.CopyTo(f);
            BinaryPrimitives.WriteUInt16LittleEndian(f[8..], Version);
            f[10] = (byte)header.Precision;
            f[11] = 0;
            BinaryPrimitives.WriteInt32LittleEndian(f[12..], header.InputSize);
            BinaryPrimitives.WriteInt32LittleEndian(f[16..], header.Layers.Length);
            int at = FixedLength;
            foreach (WeightsLayer layer in header.Layers)
            {
                BinaryPrimitives.WriteInt32LittleEndian(f[at..], layer.Units);
                f[at + 4] = (byte)layer.Activation;
                f[at + 5] = layer.HasBias ? HasBiasFlag : (byte)0;
                BinaryPrimitives.WriteUInt16LittleEndian(f[(at + 6)..], 0);
                BinaryPrimitives.WriteSingleLittleEndian(f[(at + 8)..], layer.Alpha);
                at += LayerLength;
            }

            BinaryPrimitives.WriteInt32LittleEndian(f[at..], checked((int)header.ComputeParameterCount()));
            at += 4;
            BinaryPrimitives.WriteUInt32LittleEndian(f[at..], Crc32.HashToUInt32(f[..at]));
            at += 4;
            parameters.CopyTo(f[at..]);
            at += parameters.Length;
            BinaryPrimitives.WriteUInt32LittleEndian(f[at..], Crc32.HashToUInt32(f[..at]));
            return file;
        }

        /// <summary>The checksum an encoded file ends with.</summary>
        public static uint StoredChecksum(ReadOnlySpan<byte> file) => BinaryPrimitives.ReadUInt32LittleEndian(file[^4..]);

        /// <summary>
        /// Checks a file that starts with the signature, in the documented order, against the context's network, and
        /// returns where its parameter bytes are. Throws <see cref="WeightsFormatException"/> at the first problem.
        /// </summary>
        public static Range Read(ReadOnlySpan<byte> file, WeightsReadContext context)
        {
            int n = file.Length;
            if (n < FixedLength)
            {
                if (n >= 10)
                {
                    CheckVersion(BinaryPrimitives.ReadUInt16LittleEndian(file[8..]), context);
                }

                throw TruncatedHeader(context, n, FixedLength);
            }

            CheckVersion(BinaryPrimitives.ReadUInt16LittleEndian(file[8..]), context);
            int layerCount = BinaryPrimitives.ReadInt32LittleEndian(file[16..]);
            if (layerCount < 1 || layerCount > WeightsHeader.MaxLayers)
            {
                throw context.Fail(WeightsProblem.Malformed,
                    $"its header is corrupt: it declares {Int(layerCount)} layers (1 to {Int(WeightsHeader.MaxLayers)} are possible)");
            }

            int headerLength = HeaderLength(layerCount);
            if (n < headerLength + 4)
            {
                throw TruncatedHeader(context, n, headerLength + 4);
            }

            uint storedHeaderCrc = BinaryPrimitives.ReadUInt32LittleEndian(file[headerLength..]);
            uint headerCrc = Crc32.HashToUInt32(file[..headerLength]);
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

            uint stored = StoredChecksum(file);
            uint actual = Crc32.HashToUInt32(file[..^4]);
            if (stored != actual)
            {
                throw context.Fail(WeightsProblem.ChecksumMismatch,
                    $"checksum mismatch: the file says {Hex(stored)} but its contents give {Hex(actual)}; the file is corrupt");
            }

            return new Range(start, start + (int)parameterLength);
        }

        /// <summary>Rejects version 0 and versions newer than <see cref="Version"/> (the one check shared by every version).</summary>
        public static void CheckVersion(long version, WeightsReadContext context)
        {
            if (version < 1)
            {
                throw context.Fail(WeightsProblem.Malformed, $"it declares format version {version.ToString(CultureInfo.InvariantCulture)}, which does not exist");
            }

            if (version > Version)
            {
                throw context.Fail(WeightsProblem.NewerVersion,
                    $"it was written in format version {version.ToString(CultureInfo.InvariantCulture)}, newer than this NetGen reads (version {Int(Version)} and older); update NetGen to load it");
            }
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

        internal static string Hex(uint value) => "0x" + value.ToString("X8", CultureInfo.InvariantCulture);
    }
}
