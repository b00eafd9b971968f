using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen
{
    // The constants of the 128- and 256-bit e^x, sigmoid and tanh, read as vectors from the assembly's constant data.
    // Written as Vector128.Create(c), every constant of every e^x inlined into a method is one common subexpression that
    // the JIT keeps in a register for the rest of the method: with a sigmoid on two layers and the 16 vector registers of
    // x64 without AVX-512, XorNet's Predict ran out of registers and kept eight vectors on its stack frame. Read from
    // these rows, each use is a memory operand of its instruction (benchmarks/README.md, "Constants from memory").
    // The 512-bit kernels keep Create: AVX-512 has 32 registers and folds a broadcast constant into the instruction; so
    // does every width where the machine is not x64 (Row128 and Row256 below).
    public static partial class Kernels
    {
        private static class SingleConstant
        {
            public const float ExpLow = -87.3f; // e^x clamps x below
            public const float ExpHigh = 88.0f; // and above
            public const float ExpMagic = 12582912f; // 1.5 · 2^23: adding it rounds to an integer
            public const float Log2E = 1.44269504f; // log2 e
            public const float Ln2High = -0.693359375f; // −ln 2: its leading bits
            public const float Ln2Low = 2.12194440e-4f; // and the rest
            public const float One = 1f;
            public const float Half = 0.5f; // 1/2!, and where tanh switches to its series
            public const float C3 = 1f / 6; // 1/3!
            public const float C4 = 1f / 24; // 1/4!
            public const float C5 = 1f / 120; // 1/5!
            public const float C6 = 1f / 720; // 1/6!
            public const float C7 = 1f / 5040; // 1/7!
            public const float SigmoidZero = -88.72283905f; // sigmoid is exactly 0 below −ln(float.MaxValue)
            public const float Two = 2f;
            public const float NegativeZero = -0f; // the sign bit
            public const float TanhQ6 = 21844f / 6081075; // tanh's series, x¹³ … x³
            public const float TanhQ5 = -1382f / 155925;
            public const float TanhQ4 = 62f / 2835;
            public const float TanhQ3 = -17f / 315;
            public const float TanhQ2 = 2f / 15;
            public const float TanhQ1 = -1f / 3;
        }

        private static class DoubleConstant
        {
            public const double ExpLow = -708.39; // e^x clamps x below
            public const double ExpHigh = 709.0; // and above
            public const double ExpMagic = 6755399441055744.0; // 1.5 · 2^52
            public const double Log2E = 1.4426950408889634; // log2 e
            public const double Ln2High = -0.693147180369123816490; // −ln 2: its leading bits
            public const double Ln2Low = -1.90821492927058770002e-10; // and the rest
            public const double C12 = 1.0 / 479001600; // 1/12! … 1/2!
            public const double C11 = 1.0 / 39916800;
            public const double C10 = 1.0 / 3628800;
            public const double C9 = 1.0 / 362880;
            public const double C8 = 1.0 / 40320;
            public const double C7 = 1.0 / 5040;
            public const double C6 = 1.0 / 720;
            public const double C5 = 1.0 / 120;
            public const double C4 = 1.0 / 24;
            public const double C3 = 1.0 / 6;
            public const double Half = 1.0 / 2;
            public const double One = 1.0;
            public const double SigmoidZero = -709.782712893384; // sigmoid is exactly 0 below −ln(double.MaxValue)
            public const double Two = 2.0;
            public const double NegativeZero = -0.0; // the sign bit
            public const double TanhSmall = 0.1; // where tanh switches to its series
            public const double TanhQ6 = 21844.0 / 6081075; // tanh's series, x¹³ … x³
            public const double TanhQ5 = -1382.0 / 155925;
            public const double TanhQ4 = 62.0 / 2835;
            public const double TanhQ3 = -17.0 / 315;
            public const double TanhQ2 = 2.0 / 15;
            public const double TanhQ1 = -1.0 / 3;
        }

        // One row per SingleRow, in its order: the constant eight times (a 256-bit vector; 128-bit code reads the first half).
        private static ReadOnlySpan<float> SingleRows =>
        [
            SingleConstant.ExpLow, SingleConstant.ExpLow, SingleConstant.ExpLow, SingleConstant.ExpLow, SingleConstant.ExpLow, SingleConstant.ExpLow, SingleConstant.ExpLow, SingleConstant.ExpLow,
            SingleConstant.ExpHigh, SingleConstant.ExpHigh, SingleConstant.ExpHigh, SingleConstant.ExpHigh, SingleConstant.ExpHigh, SingleConstant.ExpHigh, SingleConstant.ExpHigh, SingleConstant.ExpHigh,
            SingleConstant.ExpMagic, SingleConstant.ExpMagic, SingleConstant.ExpMagic, SingleConstant.ExpMagic, SingleConstant.ExpMagic, SingleConstant.ExpMagic, SingleConstant.ExpMagic, SingleConstant.ExpMagic,
            SingleConstant.Log2E, SingleConstant.Log2E, SingleConstant.Log2E, SingleConstant.Log2E, SingleConstant.Log2E, SingleConstant.Log2E, SingleConstant.Log2E, SingleConstant.Log2E,
            SingleConstant.Ln2High, SingleConstant.Ln2High, SingleConstant.Ln2High, SingleConstant.Ln2High, SingleConstant.Ln2High, SingleConstant.Ln2High, SingleConstant.Ln2High, SingleConstant.Ln2High,
            SingleConstant.Ln2Low, SingleConstant.Ln2Low, SingleConstant.Ln2Low, SingleConstant.Ln2Low, SingleConstant.Ln2Low, SingleConstant.Ln2Low, SingleConstant.Ln2Low, SingleConstant.Ln2Low,
            SingleConstant.One, SingleConstant.One, SingleConstant.One, SingleConstant.One, SingleConstant.One, SingleConstant.One, SingleConstant.One, SingleConstant.One,
            SingleConstant.Half, SingleConstant.Half, SingleConstant.Half, SingleConstant.Half, SingleConstant.Half, SingleConstant.Half, SingleConstant.Half, SingleConstant.Half,
            SingleConstant.C3, SingleConstant.C3, SingleConstant.C3, SingleConstant.C3, SingleConstant.C3, SingleConstant.C3, SingleConstant.C3, SingleConstant.C3,
            SingleConstant.C4, SingleConstant.C4, SingleConstant.C4, SingleConstant.C4, SingleConstant.C4, SingleConstant.C4, SingleConstant.C4, SingleConstant.C4,
            SingleConstant.C5, SingleConstant.C5, SingleConstant.C5, SingleConstant.C5, SingleConstant.C5, SingleConstant.C5, SingleConstant.C5, SingleConstant.C5,
            SingleConstant.C6, SingleConstant.C6, SingleConstant.C6, SingleConstant.C6, SingleConstant.C6, SingleConstant.C6, SingleConstant.C6, SingleConstant.C6,
            SingleConstant.C7, SingleConstant.C7, SingleConstant.C7, SingleConstant.C7, SingleConstant.C7, SingleConstant.C7, SingleConstant.C7, SingleConstant.C7,
            SingleConstant.SigmoidZero, SingleConstant.SigmoidZero, SingleConstant.SigmoidZero, SingleConstant.SigmoidZero, SingleConstant.SigmoidZero, SingleConstant.SigmoidZero, SingleConstant.SigmoidZero, SingleConstant.SigmoidZero,
            SingleConstant.Two, SingleConstant.Two, SingleConstant.Two, SingleConstant.Two, SingleConstant.Two, SingleConstant.Two, SingleConstant.Two, SingleConstant.Two,
            SingleConstant.NegativeZero, SingleConstant.NegativeZero, SingleConstant.NegativeZero, SingleConstant.NegativeZero, SingleConstant.NegativeZero, SingleConstant.NegativeZero, SingleConstant.NegativeZero, SingleConstant.NegativeZero,
            SingleConstant.TanhQ6, SingleConstant.TanhQ6, SingleConstant.TanhQ6, SingleConstant.TanhQ6, SingleConstant.TanhQ6, SingleConstant.TanhQ6, SingleConstant.TanhQ6, SingleConstant.TanhQ6,
            SingleConstant.TanhQ5, SingleConstant.TanhQ5, SingleConstant.TanhQ5, SingleConstant.TanhQ5, SingleConstant.TanhQ5, SingleConstant.TanhQ5, SingleConstant.TanhQ5, SingleConstant.TanhQ5,
            SingleConstant.TanhQ4, SingleConstant.TanhQ4, SingleConstant.TanhQ4, SingleConstant.TanhQ4, SingleConstant.TanhQ4, SingleConstant.TanhQ4, SingleConstant.TanhQ4, SingleConstant.TanhQ4,
            SingleConstant.TanhQ3, SingleConstant.TanhQ3, SingleConstant.TanhQ3, SingleConstant.TanhQ3, SingleConstant.TanhQ3, SingleConstant.TanhQ3, SingleConstant.TanhQ3, SingleConstant.TanhQ3,
            SingleConstant.TanhQ2, SingleConstant.TanhQ2, SingleConstant.TanhQ2, SingleConstant.TanhQ2, SingleConstant.TanhQ2, SingleConstant.TanhQ2, SingleConstant.TanhQ2, SingleConstant.TanhQ2,
            SingleConstant.TanhQ1, SingleConstant.TanhQ1, SingleConstant.TanhQ1, SingleConstant.TanhQ1, SingleConstant.TanhQ1, SingleConstant.TanhQ1, SingleConstant.TanhQ1, SingleConstant.TanhQ1,
        ];

        // One row per DoubleRow, in its order: the constant four times (a 256-bit vector).
        private static ReadOnlySpan<double> DoubleRows =>
        [
            DoubleConstant.ExpLow, DoubleConstant.ExpLow, DoubleConstant.ExpLow, DoubleConstant.ExpLow,
            DoubleConstant.ExpHigh, DoubleConstant.ExpHigh, DoubleConstant.ExpHigh, DoubleConstant.ExpHigh,
            DoubleConstant.ExpMagic, DoubleConstant.ExpMagic, DoubleConstant.ExpMagic, DoubleConstant.ExpMagic,
            DoubleConstant.Log2E, DoubleConstant.Log2E, DoubleConstant.Log2E, DoubleConstant.Log2E,
            DoubleConstant.Ln2High, DoubleConstant.Ln2High, DoubleConstant.Ln2High, DoubleConstant.Ln2High,
            DoubleConstant.Ln2Low, DoubleConstant.Ln2Low, DoubleConstant.Ln2Low, DoubleConstant.Ln2Low,
            DoubleConstant.C12, DoubleConstant.C12, DoubleConstant.C12, DoubleConstant.C12,
            DoubleConstant.C11, DoubleConstant.C11, DoubleConstant.C11, DoubleConstant.C11,
            DoubleConstant.C10, DoubleConstant.C10, DoubleConstant.C10, DoubleConstant.C10,
            DoubleConstant.C9, DoubleConstant.C9, DoubleConstant.C9, DoubleConstant.C9,
            DoubleConstant.C8, DoubleConstant.C8, DoubleConstant.C8, DoubleConstant.C8,
            DoubleConstant.C7, DoubleConstant.C7, DoubleConstant.C7, DoubleConstant.C7,
            DoubleConstant.C6, DoubleConstant.C6, DoubleConstant.C6, DoubleConstant.C6,
            DoubleConstant.C5, DoubleConstant.C5, DoubleConstant.C5, DoubleConstant.C5,
            DoubleConstant.C4, DoubleConstant.C4, DoubleConstant.C4, DoubleConstant.C4,
            DoubleConstant.C3, DoubleConstant.C3, DoubleConstant.C3, DoubleConstant.C3,
            DoubleConstant.Half, DoubleConstant.Half, DoubleConstant.Half, DoubleConstant.Half,
            DoubleConstant.One, DoubleConstant.One, DoubleConstant.One, DoubleConstant.One,
            DoubleConstant.SigmoidZero, DoubleConstant.SigmoidZero, DoubleConstant.SigmoidZero, DoubleConstant.SigmoidZero,
            DoubleConstant.Two, DoubleConstant.Two, DoubleConstant.Two, DoubleConstant.Two,
            DoubleConstant.NegativeZero, DoubleConstant.NegativeZero, DoubleConstant.NegativeZero, DoubleConstant.NegativeZero,
            DoubleConstant.TanhSmall, DoubleConstant.TanhSmall, DoubleConstant.TanhSmall, DoubleConstant.TanhSmall,
            DoubleConstant.TanhQ6, DoubleConstant.TanhQ6, DoubleConstant.TanhQ6, DoubleConstant.TanhQ6,
            DoubleConstant.TanhQ5, DoubleConstant.TanhQ5, DoubleConstant.TanhQ5, DoubleConstant.TanhQ5,
            DoubleConstant.TanhQ4, DoubleConstant.TanhQ4, DoubleConstant.TanhQ4, DoubleConstant.TanhQ4,
            DoubleConstant.TanhQ3, DoubleConstant.TanhQ3, DoubleConstant.TanhQ3, DoubleConstant.TanhQ3,
            DoubleConstant.TanhQ2, DoubleConstant.TanhQ2, DoubleConstant.TanhQ2, DoubleConstant.TanhQ2,
            DoubleConstant.TanhQ1, DoubleConstant.TanhQ1, DoubleConstant.TanhQ1, DoubleConstant.TanhQ1,
        ];

        internal enum SingleRow
        {
            ExpLow,
            ExpHigh,
            ExpMagic,
            Log2E,
            Ln2High,
            Ln2Low,
            One,
            Half,
            C3,
            C4,
            C5,
            C6,
            C7,
            SigmoidZero,
            Two,
            NegativeZero,
            TanhQ6,
            TanhQ5,
            TanhQ4,
            TanhQ3,
            TanhQ2,
            TanhQ1,
        }

        internal enum DoubleRow
        {
            ExpLow,
            ExpHigh,
            ExpMagic,
            Log2E,
            Ln2High,
            Ln2Low,
            C12,
            C11,
            C10,
            C9,
            C8,
            C7,
            C6,
            C5,
            C4,
            C3,
            Half,
            One,
            SigmoidZero,
            Two,
            NegativeZero,
            TanhSmall,
            TanhQ6,
            TanhQ5,
            TanhQ4,
            TanhQ3,
            TanhQ2,
            TanhQ1,
        }

        // x64 reads the row as a vector, a memory operand of the instruction that uses it. Elsewhere (Arm64: 32 vector
        // registers, and no memory operands to fold into) the constant is read as a number, which the JIT folds into a
        // Create as before.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector128<float> Row128(SingleRow row) => X86Base.IsSupported
            ? Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(SingleRows), (nuint)((int)row * Vector256<float>.Count))
            : Vector128.Create(SingleRows[(int)row * Vector256<float>.Count]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<float> Row256(SingleRow row) => X86Base.IsSupported
            ? Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(SingleRows), (nuint)((int)row * Vector256<float>.Count))
            : Vector256.Create(SingleRows[(int)row * Vector256<float>.Count]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector128<double> Row128(DoubleRow row) => X86Base.IsSupported
            ? Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(DoubleRows), (nuint)((int)row * Vector256<double>.Count))
            : Vector128.Create(DoubleRows[(int)row * Vector256<double>.Count]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<double> Row256(DoubleRow row) => X86Base.IsSupported
            ? Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(DoubleRows), (nuint)((int)row * Vector256<double>.Count))
            : Vector256.Create(DoubleRows[(int)row * Vector256<double>.Count]);
    }
}
