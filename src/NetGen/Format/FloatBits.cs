using System;
using System.Runtime.InteropServices;

namespace NetGen
{
    /// <summary>A float's or double's IEEE 754 bits and back, on every target (netstandard2.0 has no SingleToInt32Bits).</summary>
    [StructLayout(LayoutKind.Explicit)]
    internal struct FloatBits
    {
        [FieldOffset(0)]
        private float _single;

        [FieldOffset(0)]
        private uint _bits;

        public static uint Single(float value) => new FloatBits { _single = value }._bits;

        public static float ToSingle(uint bits) => new FloatBits { _bits = bits }._single;

        public static ulong Double(double value) => (ulong)BitConverter.DoubleToInt64Bits(value);

        public static double ToDouble(ulong bits) => BitConverter.Int64BitsToDouble((long)bits);
    }
}
