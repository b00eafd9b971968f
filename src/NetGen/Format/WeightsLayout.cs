using System;

namespace NetGen
{
    /// <summary>
    /// The layout of format version 1 (docs/weights-format.md) and the binary encoding of a header and its parameters,
    /// written once for the runtime and the generator. The text form's checksum is this encoding's trailing CRC-32, so
    /// both forms are checked by the same bytes.
    /// </summary>
    internal static class WeightsLayout
    {
        /// <summary>The format version this NetGen writes and the newest it reads.</summary>
        public const ushort Version = 1;

        /// <summary>The first word of a text weights file.</summary>
        public const string TextMagic = "netgen-weights";

        /// <summary>Signature (8) + version (2) + precision (1) + reserved (1) + input width (4) + layer count (4).</summary>
        public const int FixedLength = 20;

        /// <summary>Units (4) + activation (1) + flags (1) + reserved (2) + LeakyReLU slope (4).</summary>
        public const int LayerLength = 12;

        public const byte HasBiasFlag = 1;

        /// <summary>The most layers a file may declare; a guard against corrupt counts, far above any real network.</summary>
        public const int MaxLayers = 4096;

        /// <summary>The largest array .NET allocates (Array.MaxLength on .NET 6 and later).</summary>
        private const long MaxArrayLength = 0x7FFFFFC7;

        /// <summary>
        /// 0x89 'N' 'G' 'W' CR LF 0x1A LF: a byte above 127 and both line endings, so that a transfer in text mode or
        /// through a 7-bit channel shows up as a wrong signature rather than as a corrupt body.
        /// </summary>
        public static byte[] Signature() => new byte[] { 0x89, 0x4E, 0x47, 0x57, 0x0D, 0x0A, 0x1A, 0x0A };

        /// <summary>The bytes the header CRC covers: fixed part, layers, parameter count.</summary>
        public static int HeaderLength(int layerCount) => FixedLength + (LayerLength * layerCount) + 4;

        /// <summary>Header, header CRC, parameters, CRC.</summary>
        public static long FileLength(WeightsHeader header) =>
            HeaderLength(header.Layers.Length) + 4 + (header.ComputeParameterCount() * header.ValueSize) + 4;

        /// <summary>
        /// The most bytes (text: characters) a file for this network may have: the binary form is far smaller, and the
        /// text form's lines are at most about 45 bytes per value; the rest is room for comments.
        /// </summary>
        public static long SizeLimit(WeightsHeader header) =>
            (1L << 20) + (128L * (header.ComputeParameterCount() + header.Layers.Length));

        /// <summary>The whole binary file for <paramref name="header"/> and the parameters' little-endian bytes.</summary>
        public static byte[] Encode(WeightsHeader header, byte[] parameters)
        {
            long length = FileLength(header);
            int headerLength = HeaderLength(header.Layers.Length);
            if (length > MaxArrayLength || parameters.Length != length - headerLength - 8)
            {
                throw new NotSupportedException($"A weights file of {length} bytes is larger than this NetGen can write.");
            }

            var f = new byte[length];
            Array.Copy(Signature(), f, 8);
            WriteUInt16(f, 8, Version);
            f[10] = (byte)header.Precision;
            f[11] = 0;
            WriteUInt32(f, 12, (uint)header.InputSize);
            WriteUInt32(f, 16, (uint)header.Layers.Length);
            int at = FixedLength;
            foreach (WeightsLayer layer in header.Layers)
            {
                WriteUInt32(f, at, (uint)layer.Units);
                f[at + 4] = (byte)layer.Activation;
                f[at + 5] = layer.HasBias ? HasBiasFlag : (byte)0;
                WriteUInt16(f, at + 6, 0);
                WriteUInt32(f, at + 8, FloatBits.Single(layer.Alpha));
                at += LayerLength;
            }

            WriteUInt32(f, at, (uint)checked((int)header.ComputeParameterCount()));
            at += 4;
            WriteUInt32(f, at, WeightsCrc32.Compute(f, 0, at));
            at += 4;
            Array.Copy(parameters, 0, f, at, parameters.Length);
            at += parameters.Length;
            WriteUInt32(f, at, WeightsCrc32.Compute(f, 0, at));
            return f;
        }

        /// <summary>The checksum an encoded file ends with.</summary>
        public static uint StoredChecksum(byte[] file) => ReadUInt32(file, file.Length - 4);

        public static uint ReadUInt32(byte[] data, int at) =>
            (uint)(data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24));

        public static void WriteUInt32(byte[] data, int at, uint value)
        {
            data[at] = (byte)value;
            data[at + 1] = (byte)(value >> 8);
            data[at + 2] = (byte)(value >> 16);
            data[at + 3] = (byte)(value >> 24);
        }

        private static void WriteUInt16(byte[] data, int at, ushort value)
        {
            data[at] = (byte)value;
            data[at + 1] = (byte)(value >> 8);
        }

        /// <summary>Value <paramref name="index"/> of little-endian parameter bytes, as its bits (a float's in the low 32).</summary>
        public static ulong ReadBits(byte[] data, int valueSize, int index)
        {
            ulong bits = 0;
            int at = index * valueSize;
            for (int i = valueSize - 1; i >= 0; i--)
            {
                bits = (bits << 8) | data[at + i];
            }

            return bits;
        }

        public static void WriteBits(byte[] data, int valueSize, int index, ulong bits)
        {
            int at = index * valueSize;
            for (int i = 0; i < valueSize; i++)
            {
                data[at + i] = (byte)(bits >> (8 * i));
            }
        }

        public static string Hex(uint value) => "0x" + value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
