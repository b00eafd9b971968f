using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NetGen
{
    /// <summary>
    /// Moves parameters to and from their little-endian IEEE 754 encoding. Works on the bits as integers, so every
    /// value, NaN payloads included, round-trips exactly.
    /// </summary>
    internal static class ParameterBytes
    {
        public static byte[] ToLittleEndian<T>(ReadOnlySpan<T> values)
            where T : unmanaged
        {
            var bytes = new byte[checked(values.Length * SizeOf<T>())];
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                Swap<T>(bytes);
            }

            return bytes;
        }

        public static void FromLittleEndian<T>(ReadOnlySpan<byte> bytes, Span<T> values)
            where T : unmanaged
        {
            Span<byte> target = MemoryMarshal.AsBytes(values);
            bytes.CopyTo(target);
            if (!BitConverter.IsLittleEndian)
            {
                Swap<T>(target);
            }
        }

        public static int SizeOf<T>()
            where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                return 4;
            }

            if (typeof(T) == typeof(double))
            {
                return 8;
            }

            throw new NotSupportedException($"Weights files hold float or double parameters, not {typeof(T).Name}.");
        }

        private static void Swap<T>(Span<byte> bytes)
            where T : unmanaged
        {
            if (SizeOf<T>() == 8)
            {
                Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(words, words);
            }
            else
            {
                Span<uint> words = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(words, words);
            }
        }
    }
}
