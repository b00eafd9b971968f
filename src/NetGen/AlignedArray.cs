using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen
{
    /// <summary>
    /// Zero-initialised values whose first one sits on a 64-byte boundary: a generated network keeps its parameters and
    /// gradients here, so that no vector load or store of its code straddles two cache lines. A 512-bit load of weights
    /// that starts 8 bytes past a line touches two lines; the .NET heap places arrays on 8-byte boundaries, so an
    /// ordinary array is aligned by chance one time in eight (measured on mnist 784-128-64-10's Predict: 3.9 µs aligned,
    /// 4.4 µs not; wide 256-256-256-16: 5.3 against 6.1–6.4 µs; benchmarks/README.md, "Aligned parameters").
    /// The values live in an array on the pinned object heap, which the garbage collector never moves, so the boundary
    /// found once holds for the array's lifetime. Generated code uses this; user code sees the values through
    /// <c>Parameters</c> and <c>Gradients</c>.
    /// </summary>
    /// <typeparam name="T">The value type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class AlignedArray<T>
        where T : unmanaged
    {
        /// <summary>The boundary, in bytes: a cache line on x64 and Arm64, and the width of an AVX-512 vector.</summary>
        public const int Alignment = 64;

        // The array on the pinned object heap: it never moves, and this reference keeps it alive while the
        // AlignedArray is; _first points at its first value on the boundary.
        private readonly T[] _array;
        private readonly unsafe T* _first;

        /// <summary>Allocates <paramref name="length"/> zeros, the first on a 64-byte boundary.</summary>
        /// <param name="length">How many values; zero or more.</param>
        public AlignedArray(int length)
            : this(length, spare: 0)
        {
        }

        private AlignedArray(int length, int spare)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "The number of values must be zero or more.");
            }

            int size = Unsafe.SizeOf<T>();
            int slack = (Alignment / size) - 1;
            _array = GC.AllocateArray<T>(length + spare + slack, pinned: true);
            long address = Marshal.UnsafeAddrOfPinnedArrayElement(_array, 0).ToInt64();
            int misalignment = (int)(address & (Alignment - 1));
            int offset = misalignment == 0 ? 0 : (Alignment - misalignment) / size;
            unsafe
            {
                _first = (T*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), offset));
            }
            Length = length;
            SpareLength = spare;
        }

        /// <summary>The number of values.</summary>
        public int Length { get; }

        /// <summary>The values.</summary>
        public Span<T> Span
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => MemoryMarshal.CreateSpan(ref Reference, Length);
        }

        /// <summary>
        /// The first value (on the 64-byte boundary); generated code reads the values through it without bounds checks.
        /// One load from this object: the address is kept, not the array and an offset, which took the array, its data
        /// and the offset in a chain before a network's first weight could be read (xsq's <c>Predict</c> 6.9 → 6.7 ns,
        /// sincos 11.1 → 10.6 ns, Zen 4). The reference returned is one the garbage collector tracks, like any other.
        /// </summary>
        public ref T Reference
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                unsafe
                {
                    return ref Unsafe.AsRef<T>(_first);
                }
            }
        }

        /// <summary>The values right after the last one (tests fill them with guards: nothing may write there).</summary>
        internal Span<T> Spare => MemoryMarshal.CreateSpan(ref Unsafe.Add(ref Reference, Length), SpareLength);

        private int SpareLength { get; }

        /// <summary>An array of <paramref name="length"/> values followed by <paramref name="spare"/> more: see <see cref="Spare"/>.</summary>
        internal static AlignedArray<T> WithSpare(int length, int spare) => new(length, spare);

        /// <summary>Sets every value to zero.</summary>
        public void Clear() => Span.Clear();
    }
}
