using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen
{
    /// <summary>
    /// Vectorised building blocks that generated code calls for layers too wide to unroll. Every routine works on
    /// spans of exactly the documented lengths, allocates nothing and uses <see cref="Vector512{T}"/> or
    /// <see cref="Vector256{T}"/> with two accumulators where the hardware has them.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static partial class Kernels
    {
        /// <summary>Σ a_i b_i over the common length.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = a.Length;
            if (b.Length < n)
            {
                ThrowLength(nameof(b), n, b.Length);
            }

            ref T ra = ref MemoryMarshal.GetReference(a);
            ref T rb = ref MemoryMarshal.GetReference(b);
            int i = 0;
            T sum = T.Zero;
            if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
            {
                Vector512<T> acc0 = Vector512<T>.Zero, acc1 = Vector512<T>.Zero;
                int w = Vector512<T>.Count;
                for (; i <= n - (2 * w); i += 2 * w)
                {
                    acc0 += Vector512.LoadUnsafe(ref ra, (nuint)i) * Vector512.LoadUnsafe(ref rb, (nuint)i);
                    acc1 += Vector512.LoadUnsafe(ref ra, (nuint)(i + w)) * Vector512.LoadUnsafe(ref rb, (nuint)(i + w));
                }

                for (; i <= n - w; i += w)
                {
                    acc0 += Vector512.LoadUnsafe(ref ra, (nuint)i) * Vector512.LoadUnsafe(ref rb, (nuint)i);
                }

                sum = Vector512.Sum(acc0 + acc1);
            }
            else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
            {
                Vector256<T> acc0 = Vector256<T>.Zero, acc1 = Vector256<T>.Zero;
                int w = Vector256<T>.Count;
                for (; i <= n - (2 * w); i += 2 * w)
                {
                    acc0 += Vector256.LoadUnsafe(ref ra, (nuint)i) * Vector256.LoadUnsafe(ref rb, (nuint)i);
                    acc1 += Vector256.LoadUnsafe(ref ra, (nuint)(i + w)) * Vector256.LoadUnsafe(ref rb, (nuint)(i + w));
                }

                for (; i <= n - w; i += w)
                {
                    acc0 += Vector256.LoadUnsafe(ref ra, (nuint)i) * Vector256.LoadUnsafe(ref rb, (nuint)i);
                }

                sum = Vector256.Sum(acc0 + acc1);
            }

            for (; i < n; i++)
            {
                sum += Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i);
            }

            return sum;
        }

        /// <summary>y += scale · x over the length of <paramref name="y"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void MultiplyAdd<T>(ReadOnlySpan<T> x, T scale, Span<T> y)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = y.Length;
            if (x.Length < n)
            {
                ThrowLength(nameof(x), n, x.Length);
            }

            ref T rx = ref MemoryMarshal.GetReference(x);
            ref T ry = ref MemoryMarshal.GetReference(y);
            int i = 0;
            if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
            {
                var s = Vector512.Create(scale);
                int w = Vector512<T>.Count;
                for (; i <= n - w; i += w)
                {
                    (Vector512.LoadUnsafe(ref ry, (nuint)i) + (s * Vector512.LoadUnsafe(ref rx, (nuint)i))).StoreUnsafe(ref ry, (nuint)i);
                }
            }
            else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
            {
                var s = Vector256.Create(scale);
                int w = Vector256<T>.Count;
                for (; i <= n - w; i += w)
                {
                    (Vector256.LoadUnsafe(ref ry, (nuint)i) + (s * Vector256.LoadUnsafe(ref rx, (nuint)i))).StoreUnsafe(ref ry, (nuint)i);
                }
            }

            for (; i < n; i++)
            {
                Unsafe.Add(ref ry, i) += scale * Unsafe.Add(ref rx, i);
            }
        }

        /// <summary>z = W·x + b, with W a row-major [z.Length, x.Length] matrix; <paramref name="b"/> may be empty (no bias).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void DenseForward<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> z)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int units = z.Length, inputs = x.Length;
            if (w.Length != units * inputs)
            {
                ThrowLength(nameof(w), units * inputs, w.Length);
            }

            if (b.Length != 0 && b.Length != units)
            {
                ThrowLength(nameof(b), units, b.Length);
            }

            if (inputs == 1)
            {
                // One input: the weights are one contiguous column, so z = b + x₀·W runs across the units.
                if (b.Length == 0)
                {
                    z.Clear();
                }
                else
                {
                    b.CopyTo(z);
                }

                MultiplyAdd(w, x[0], z);
                return;
            }

            for (int j = 0; j < units; j++)
            {
                T dot = Dot(w.Slice(j * inputs, inputs), x);
                z[j] = b.Length == 0 ? dot : dot + b[j];
            }
        }

        /// <summary>gW += dz ⊗ x (gW row-major [dz.Length, x.Length]) and, when <paramref name="gb"/> is not empty, gb += dz.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void DenseAccumulateGradients<T>(ReadOnlySpan<T> dz, ReadOnlySpan<T> x, Span<T> gw, Span<T> gb)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int units = dz.Length, inputs = x.Length;
            if (gw.Length != units * inputs)
            {
                ThrowLength(nameof(gw), units * inputs, gw.Length);
            }

            if (inputs == 1)
            {
                // One input: gW (a column) += x₀·dz across the units.
                MultiplyAdd(dz, x[0], gw);
            }
            else
            {
                for (int j = 0; j < units; j++)
                {
                    T d = dz[j];
                    if (d != T.Zero)
                    {
                        MultiplyAdd(x, d, gw.Slice(j * inputs, inputs));
                    }
                }
            }

            if (gb.Length != 0)
            {
                MultiplyAdd(dz, T.One, gb);
            }
        }

        /// <summary>dx = Wᵀ·dz, with W a row-major [dz.Length, dx.Length] matrix.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void DenseBackwardInput<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> dz, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int units = dz.Length, inputs = dx.Length;
            if (w.Length != units * inputs)
            {
                ThrowLength(nameof(w), units * inputs, w.Length);
            }

            dx.Clear();
            for (int j = 0; j < units; j++)
            {
                T d = dz[j];
                if (d != T.Zero)
                {
                    MultiplyAdd(w.Slice(j * inputs, inputs), d, dx);
                }
            }
        }

        /// <summary>h = max(z, 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void ReLU<T>(ReadOnlySpan<T> z, Span<T> h)
            where T : unmanaged, IFloatingPointIeee754<T> => SelectPositive(z, z, T.Zero, h, leaky: false);

        /// <summary>dz = dh where z &gt; 0, else 0 (the derivative at 0 is 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void ReLUBackward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> dh, Span<T> dz)
            where T : unmanaged, IFloatingPointIeee754<T> => SelectPositive(z, dh, T.Zero, dz, leaky: false);

        /// <summary>h = z where z &gt; 0, else α·z.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void LeakyReLU<T>(ReadOnlySpan<T> z, Span<T> h, T alpha)
            where T : unmanaged, IFloatingPointIeee754<T> => SelectPositive(z, z, alpha, h, leaky: true);

        /// <summary>dz = dh where z &gt; 0, else α·dh.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void LeakyReLUBackward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> dh, Span<T> dz, T alpha)
            where T : unmanaged, IFloatingPointIeee754<T> => SelectPositive(z, dh, alpha, dz, leaky: true);

        /// <summary>
        /// result_i = v_i where z_i &gt; 0, else slope·v_i (leaky) or exactly 0 (ReLU, so that −∞ and NaN gradients do not
        /// leak through a closed unit): the ReLU family, forward (v = z) and backward (v = dh).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void SelectPositive<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> v, T slope, Span<T> result, bool leaky)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = result.Length;
            if (z.Length < n || v.Length < n)
            {
                ThrowLength(nameof(z), n, Math.Min(z.Length, v.Length));
            }

            ref T rz = ref MemoryMarshal.GetReference(z);
            ref T rv = ref MemoryMarshal.GetReference(v);
            ref T rr = ref MemoryMarshal.GetReference(result);
            int i = 0;
            if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
            {
                var s = Vector512.Create(slope);
                for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                {
                    Vector512<T> x = Vector512.LoadUnsafe(ref rv, (nuint)i);
                    Vector512<T> positive = Vector512.GreaterThan(Vector512.LoadUnsafe(ref rz, (nuint)i), Vector512<T>.Zero);
                    Vector512.ConditionalSelect(positive, x, leaky ? s * x : Vector512<T>.Zero).StoreUnsafe(ref rr, (nuint)i);
                }
            }
            else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
            {
                var s = Vector256.Create(slope);
                for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                {
                    Vector256<T> x = Vector256.LoadUnsafe(ref rv, (nuint)i);
                    Vector256<T> positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref rz, (nuint)i), Vector256<T>.Zero);
                    Vector256.ConditionalSelect(positive, x, leaky ? s * x : Vector256<T>.Zero).StoreUnsafe(ref rr, (nuint)i);
                }
            }
            else if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
            {
                var s = Vector128.Create(slope);
                for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
                {
                    Vector128<T> x = Vector128.LoadUnsafe(ref rv, (nuint)i);
                    Vector128<T> positive = Vector128.GreaterThan(Vector128.LoadUnsafe(ref rz, (nuint)i), Vector128<T>.Zero);
                    Vector128.ConditionalSelect(positive, x, leaky ? s * x : Vector128<T>.Zero).StoreUnsafe(ref rr, (nuint)i);
                }
            }

            for (; i < n; i++)
            {
                T x = Unsafe.Add(ref rv, i);
                Unsafe.Add(ref rr, i) = Unsafe.Add(ref rz, i) > T.Zero ? x : leaky ? slope * x : T.Zero;
            }
        }

        /// <summary>h = 1 / (1 + e^−z); exact 0 or 1 in the limits, never NaN for finite z.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Sigmoid<T>(ReadOnlySpan<T> z, Span<T> h)
            where T : unmanaged, IFloatingPointIeee754<T> => Map(z, h, default(SigmoidOp));

        /// <summary>dz = dh ⊙ h ⊙ (1 − h), with h the sigmoid's output.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void SigmoidBackward<T>(ReadOnlySpan<T> h, ReadOnlySpan<T> dh, Span<T> dz)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < dz.Length; i++)
            {
                T y = h[i];
                dz[i] = dh[i] * y * (T.One - y);
            }
        }

        /// <summary>h = tanh(z).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Tanh<T>(ReadOnlySpan<T> z, Span<T> h)
            where T : unmanaged, IFloatingPointIeee754<T> => Map(z, h, default(TanhOp));

        /// <summary>dz = dh ⊙ (1 − h²), with h the tanh's output.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TanhBackward<T>(ReadOnlySpan<T> h, ReadOnlySpan<T> dh, Span<T> dz)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < dz.Length; i++)
            {
                T y = h[i];
                dz[i] = dh[i] * (T.One - (y * y));
            }
        }

        /// <summary>h = softmax(z), computed as e^(z − max z) / Σ e^(z − max z) so that no exponential overflows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Softmax<T>(ReadOnlySpan<T> z, Span<T> h)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T max = z[0];
            for (int i = 1; i < h.Length; i++)
            {
                max = T.Max(max, z[i]);
            }

            Map(z, h, new ShiftedExpOp(double.CreateTruncating(max)));
            T sum = T.Zero;
            for (int i = 0; i < h.Length; i++)
            {
                sum += h[i];
            }

            T inv = T.One / sum;
            for (int i = 0; i < h.Length; i++)
            {
                h[i] *= inv;
            }
        }

        /// <summary>The softmax Jacobian-vector product: dz_k = h_k (dh_k − Σ_j dh_j h_j).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void SoftmaxBackward<T>(ReadOnlySpan<T> h, ReadOnlySpan<T> dh, Span<T> dz)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T dot = Dot(dh.Slice(0, dz.Length), h);
            for (int i = 0; i < dz.Length; i++)
            {
                dz[i] = h[i] * (dh[i] - dot);
            }
        }

        /// <summary>
        /// Mean squared error (1/n) Σ (y − t)²; writes dL/dy = (2/n)(y − t) into <paramref name="dy"/> and returns the loss.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static T MeanSquaredError<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> target, Span<T> dy)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = dy.Length;
            T sum = T.Zero;
            T scale = T.CreateTruncating(2) / T.CreateTruncating(n);
            for (int k = 0; k < n; k++)
            {
                T e = y[k] - target[k];
                sum += e * e;
                dy[k] = scale * e;
            }

            return sum / T.CreateTruncating(n);
        }

        /// <summary>
        /// Cross-entropy −Σ t_k ln softmax(z)_k from the logits <paramref name="z"/> and the softmax output
        /// <paramref name="y"/>; writes the fused gradient dz_k = y_k Σt − t_k and returns the loss. <paramref name="dz"/>
        /// holds the exponentials on the way, so it must not overlap the other spans.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> target, Span<T> dz)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = dz.Length;
            T max = z[0];
            for (int k = 1; k < n; k++)
            {
                max = T.Max(max, z[k]);
            }

            // The exponentials go into dz first (vectors), which is overwritten with the gradient below.
            Map(z, dz, new ShiftedExpOp(double.CreateTruncating(max)));
            T sum = T.Zero;
            for (int k = 0; k < n; k++)
            {
                sum += dz[k];
            }

            T logSum = T.Log(sum);
            T loss = T.Zero, targetSum = T.Zero;
            for (int k = 0; k < n; k++)
            {
                T t = target[k];
                targetSum += t;
                if (t != T.Zero)
                {
                    loss -= t * (z[k] - max - logSum);
                }
            }

            for (int k = 0; k < n; k++)
            {
                dz[k] = (y[k] * targetSum) - target[k];
            }

            return loss;
        }

        /// <summary>
        /// Binary cross-entropy −(1/n) Σ [t ln y + (1 − t) ln(1 − y)] from the logits, computed as
        /// (1/n) Σ [softplus(z) − t z] so that it stays finite; writes dz = (y − t)/n and returns the loss.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static T SigmoidBinaryCrossEntropy<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> target, Span<T> dz)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = dz.Length;
            T invN = T.One / T.CreateTruncating(n);
            T loss = T.Zero;
            for (int k = 0; k < n; k++)
            {
                loss += Softplus(z[k]) - (target[k] * z[k]);
                dz[k] = (y[k] - target[k]) * invN;
            }

            return loss * invN;
        }

        /// <summary>ln(1 + e^z) without overflow: max(z, 0) + ln(1 + e^−|z|).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Softplus<T>(T z)
            where T : unmanaged, IFloatingPointIeee754<T>
            => T.Max(z, T.Zero) + T.LogP1(T.Exp(-T.Abs(z)));

        /// <summary>The checks of a kernel over a [rows, columns] matrix in each of two spans: sizes of zero or more, and spans that hold it.</summary>
        private static void CheckMatrix<T>(ReadOnlySpan<T> first, string firstName, ReadOnlySpan<T> second, string secondName, int rows, int columns)
        {
            if (rows < 0 || columns < 0)
            {
                throw new ArgumentOutOfRangeException(rows < 0 ? "rows" : "columns", rows < 0 ? rows : columns, "A matrix has zero or more rows and columns.");
            }

            int length = rows * columns;
            if (first.Length < length)
            {
                ThrowLength(firstName, length, first.Length);
            }

            if (second.Length < length)
            {
                ThrowLength(secondName, length, second.Length);
            }
        }

        private static void ThrowLength(string name, int expected, int actual) =>
            throw new ArgumentException($"Expected {expected} values but got {actual}.", name);
    }
}
