using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Training
{
    /// <summary>
    /// Element-wise loops over the flat parameter and gradient spans, vectorised with <see cref="Vector{T}"/> for
    /// <see cref="float"/> and <see cref="double"/> and scalar for any other type. Each element is computed with the
    /// same operations in the same order in the vector body and in the scalar tail, so results do not depend on where
    /// an element falls. Nothing here allocates.
    /// </summary>
    internal static class VectorOps
    {
        /// <summary>Whether <see cref="Vector{T}"/> can be used for <typeparamref name="T"/> on this machine.</summary>
        public static bool IsAccelerated<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => Vector.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

        /// <summary>Σ x_i².</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static T SumOfSquares<T>(ReadOnlySpan<T> x)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int i = 0;
            T sum = T.Zero;
            if (IsAccelerated<T>() && x.Length >= Vector<T>.Count)
            {
                ReadOnlySpan<Vector<T>> xv = MemoryMarshal.Cast<T, Vector<T>>(x);
                Vector<T> acc0 = Vector<T>.Zero, acc1 = Vector<T>.Zero;
                int k = 0;
                for (; k + 1 < xv.Length; k += 2)
                {
                    acc0 += xv[k] * xv[k];
                    acc1 += xv[k + 1] * xv[k + 1];
                }

                if (k < xv.Length)
                {
                    acc0 += xv[k] * xv[k];
                }

                sum = Vector.Sum(acc0 + acc1);
                i = xv.Length * Vector<T>.Count;
            }

            for (; i < x.Length; i++)
            {
                sum += x[i] * x[i];
            }

            return sum;
        }

        /// <summary>y_i += x_i, then x_i = 0: moves a worker's gradient into the total in one pass over both.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void AddAndClear<T>(Span<T> y, Span<T> x)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int i = 0;
            if (IsAccelerated<T>() && x.Length >= Vector<T>.Count)
            {
                Span<Vector<T>> yv = MemoryMarshal.Cast<T, Vector<T>>(y.Slice(0, x.Length));
                Span<Vector<T>> xv = MemoryMarshal.Cast<T, Vector<T>>(x);
                for (int k = 0; k < xv.Length; k++)
                {
                    yv[k] += xv[k];
                    xv[k] = Vector<T>.Zero;
                }

                i = xv.Length * Vector<T>.Count;
            }

            for (; i < x.Length; i++)
            {
                y[i] += x[i];
                x[i] = T.Zero;
            }
        }

        /// <summary>Whether every element is finite (neither NaN nor infinite).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool AllFinite<T>(ReadOnlySpan<T> x)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int i = 0;
            if (IsAccelerated<T>() && x.Length >= Vector<T>.Count)
            {
                // x − x is 0 for a finite x and NaN for NaN or ±∞; the NaN survives the sum.
                ReadOnlySpan<Vector<T>> xv = MemoryMarshal.Cast<T, Vector<T>>(x);
                Vector<T> acc = Vector<T>.Zero;
                for (int k = 0; k < xv.Length; k++)
                {
                    acc += xv[k] - xv[k];
                }

                if (!Vector.EqualsAll(acc, Vector<T>.Zero))
                {
                    return false;
                }

                i = xv.Length * Vector<T>.Count;
            }

            for (; i < x.Length; i++)
            {
                if (!T.IsFinite(x[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// One SGD step over every element, fused with the trainer's bookkeeping in one pass, in the order of PyTorch's
        /// <c>torch.optim.SGD</c>: previous ← p (when <paramref name="previous"/> is not empty); g ← c·g; decay
        /// g ← g + λ·p (when <paramref name="decayed"/>); with momentum b ← g on the first step, else b ← b·μ + (1 − τ)·g,
        /// then p ← p + s·(g + μ·b) (Nesterov) or p ← p + s·b; without, p ← p + s·g; s = −lr. Each is the same rounding as
        /// the separate passes it replaces; <paramref name="g"/> is left holding the gradient the update used, or, with
        /// <paramref name="clear"/> (the trainer's step), zero, the squares of the gradients read (before scaling) added
        /// to <paramref name="squares"/>. Returns whether every updated parameter is finite.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool SgdStep<T>(Span<T> p, Span<T> g, Span<T> b, Span<T> previous, in SgdCoefficients<T> k, bool decayed, bool clear, ref T squares)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = p.Length;
            g = g.Slice(0, n);
            bool momentum = k.Momentum, keep = !previous.IsEmpty;
            if (momentum)
            {
                b = b.Slice(0, n);
            }

            if (keep)
            {
                previous = previous.Slice(0, n);
            }

            bool scale = k.GradientScale != T.One, first = k.FirstStep, nesterov = k.Nesterov;
            T c = k.GradientScale, lambda = k.Lambda, mu = k.Mu, dampened = k.Dampened, step = k.S;
            int i = 0;
            bool finite = true;
            if (IsAccelerated<T>() && n >= Vector<T>.Count)
            {
                Span<Vector<T>> pv = MemoryMarshal.Cast<T, Vector<T>>(p);
                Span<Vector<T>> gv = MemoryMarshal.Cast<T, Vector<T>>(g);
                Span<Vector<T>> bv = momentum ? MemoryMarshal.Cast<T, Vector<T>>(b) : default;
                Span<Vector<T>> ov = keep ? MemoryMarshal.Cast<T, Vector<T>>(previous) : default;
                var cv = new Vector<T>(c);
                var lv = new Vector<T>(lambda);
                var muv = new Vector<T>(mu);
                var dv = new Vector<T>(dampened);
                var sv = new Vector<T>(step);
                Vector<T> acc = Vector<T>.Zero, sq = Vector<T>.Zero;
                for (int j = 0; j < pv.Length; j++)
                {
                    Vector<T> old = pv[j];
                    if (keep)
                    {
                        ov[j] = old;
                    }

                    Vector<T> grad = gv[j];
                    if (clear)
                    {
                        sq += grad * grad;
                        gv[j] = Vector<T>.Zero;
                    }

                    if (scale)
                    {
                        grad *= cv;
                    }

                    if (decayed)
                    {
                        grad += lv * old;
                    }

                    if ((scale || decayed) && !clear)
                    {
                        gv[j] = grad;
                    }

                    Vector<T> direction = grad;
                    if (momentum)
                    {
                        Vector<T> buffer = first ? grad : (bv[j] * muv) + (dv * grad);
                        bv[j] = buffer;
                        direction = nesterov ? grad + (muv * buffer) : buffer;
                    }

                    Vector<T> updated = old + (sv * direction);
                    pv[j] = updated;
                    acc += updated - updated;
                }

                finite = Vector.EqualsAll(acc, Vector<T>.Zero);
                squares += Vector.Sum(sq);
                i = pv.Length * Vector<T>.Count;
            }

            for (; i < n; i++)
            {
                T old = p[i];
                if (keep)
                {
                    previous[i] = old;
                }

                T grad = g[i];
                if (clear)
                {
                    squares += grad * grad;
                    g[i] = T.Zero;
                }

                if (scale)
                {
                    grad *= c;
                }

                if (decayed)
                {
                    grad += lambda * old;
                }

                if ((scale || decayed) && !clear)
                {
                    g[i] = grad;
                }

                T direction = grad;
                if (momentum)
                {
                    T buffer = first ? grad : (b[i] * mu) + (dampened * grad);
                    b[i] = buffer;
                    direction = nesterov ? grad + (mu * buffer) : buffer;
                }

                T updated = old + (step * direction);
                p[i] = updated;
                finite &= T.IsFinite(updated);
            }

            return finite;
        }

        /// <summary>
        /// One Adam step over every element, fused with the trainer's bookkeeping in one pass over memory, in the order
        /// of PyTorch's single-tensor <c>torch.optim.Adam</c>: previous ← p (when <paramref name="previous"/> is not
        /// empty); g ← c·g; coupled decay g ← g + λ·p (when <paramref name="coupled"/>); decoupled decay p ← p·δ (when
        /// <paramref name="decoupled"/>); m ← lerp(m, g, w1); v ← v·β2 + (w2·g)·g; (AMSGrad: v̂ ← max(v̂, v));
        /// d ← √v / bc2Sqrt + ε; p ← p + (s·m) / d, with s = −lr / (1 − β1^t). Each of these is the same rounding as the
        /// separate passes it replaces. <paramref name="g"/> is left holding the gradient the update used (as the
        /// separate passes left it), or, with <paramref name="clear"/> (the trainer's step), zero, the squares of the
        /// gradients read (before scaling) added to <paramref name="squares"/>. Returns whether every updated
        /// parameter is finite.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool AdamStep<T>(
            Span<T> p, Span<T> g, Span<T> m, Span<T> v, Span<T> vMax, Span<T> previous,
            in AdamCoefficients<T> k, bool coupled, bool decoupled, bool clear, ref T squares)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = p.Length;
            g = g.Slice(0, n);
            m = m.Slice(0, n);
            v = v.Slice(0, n);
            bool amsGrad = k.AmsGrad, keep = !previous.IsEmpty;
            if (amsGrad)
            {
                vMax = vMax.Slice(0, n);
            }

            if (keep)
            {
                previous = previous.Slice(0, n);
            }

            // torch.lerp(m, g, w): m + w·(g − m) for |w| < 0.5, else g − (g − m)·(1 − w).
            T w1 = k.W1, beta2 = k.Beta2, w2 = k.W2, bc2Sqrt = k.Bc2Sqrt, eps = k.Eps, s = k.S, c = k.GradientScale, lambda = k.Lambda, delta = k.Decay;
            bool lowWeight = T.Abs(w1) < T.CreateTruncating(0.5);
            bool scaled = c != T.One;
            T oneMinusW1 = T.One - w1;
            bool finite = true;
            int i = 0;
            if (IsAccelerated<T>() && n >= Vector<T>.Count)
            {
                Span<Vector<T>> pv = MemoryMarshal.Cast<T, Vector<T>>(p);
                Span<Vector<T>> gv = MemoryMarshal.Cast<T, Vector<T>>(g);
                Span<Vector<T>> mv = MemoryMarshal.Cast<T, Vector<T>>(m);
                Span<Vector<T>> vv = MemoryMarshal.Cast<T, Vector<T>>(v);
                Span<Vector<T>> xv = amsGrad ? MemoryMarshal.Cast<T, Vector<T>>(vMax) : default;
                Span<Vector<T>> ov = keep ? MemoryMarshal.Cast<T, Vector<T>>(previous) : default;
                var w1v = new Vector<T>(w1);
                var omw1v = new Vector<T>(oneMinusW1);
                var b2v = new Vector<T>(beta2);
                var w2v = new Vector<T>(w2);
                var bcv = new Vector<T>(bc2Sqrt);
                var epsv = new Vector<T>(eps);
                var sv = new Vector<T>(s);
                var cv = new Vector<T>(c);
                var lv = new Vector<T>(lambda);
                var dv = new Vector<T>(delta);
                Vector<T> acc = Vector<T>.Zero, sq = Vector<T>.Zero;
                for (int j = 0; j < pv.Length; j++)
                {
                    Vector<T> pk = pv[j];
                    if (keep)
                    {
                        ov[j] = pk;
                    }

                    Vector<T> raw = gv[j];
                    if (clear)
                    {
                        sq += raw * raw;
                        gv[j] = Vector<T>.Zero;
                    }

                    Vector<T> gk = scaled ? raw * cv : raw;
                    if (coupled)
                    {
                        gk += lv * pk;
                    }

                    if ((scaled || coupled) && !clear)
                    {
                        gv[j] = gk;
                    }

                    if (decoupled)
                    {
                        pk *= dv;
                    }

                    Vector<T> mk = lowWeight ? mv[j] + (w1v * (gk - mv[j])) : gk - ((gk - mv[j]) * omw1v);
                    mv[j] = mk;
                    Vector<T> vk = (vv[j] * b2v) + ((w2v * gk) * gk);
                    vv[j] = vk;
                    if (amsGrad)
                    {
                        vk = Vector.Max(xv[j], vk);
                        xv[j] = vk;
                    }

                    Vector<T> denom = (Vector.SquareRoot(vk) / bcv) + epsv;
                    Vector<T> updated = pk + ((sv * mk) / denom);
                    pv[j] = updated;
                    acc += updated - updated;
                }

                finite = Vector.EqualsAll(acc, Vector<T>.Zero);
                squares += Vector.Sum(sq);
                i = pv.Length * Vector<T>.Count;
            }

            for (; i < n; i++)
            {
                T pi = p[i];
                if (keep)
                {
                    previous[i] = pi;
                }

                T raw = g[i];
                if (clear)
                {
                    squares += raw * raw;
                    g[i] = T.Zero;
                }

                T gi = scaled ? raw * c : raw;
                if (coupled)
                {
                    gi += lambda * pi;
                }

                if ((scaled || coupled) && !clear)
                {
                    g[i] = gi;
                }

                if (decoupled)
                {
                    pi *= delta;
                }

                T mi = lowWeight ? m[i] + (w1 * (gi - m[i])) : gi - ((gi - m[i]) * oneMinusW1);
                m[i] = mi;
                T vi = (v[i] * beta2) + ((w2 * gi) * gi);
                v[i] = vi;
                if (amsGrad)
                {
                    vi = T.Max(vMax[i], vi);
                    vMax[i] = vi;
                }

                T denom = (T.Sqrt(vi) / bc2Sqrt) + eps;
                T updated = pi + ((s * mi) / denom);
                p[i] = updated;
                finite &= T.IsFinite(updated);
            }

            return finite;
        }
    }

    /// <summary>
    /// The per-step constants of <see cref="VectorOps.AdamStep"/>: gradient scale c, decay λ (coupled) or factor δ
    /// (decoupled), w1 = 1 − β1, β2, w2 = 1 − β2, √(1 − β2^t), ε and s = −lr / (1 − β1^t).
    /// </summary>
    internal readonly record struct AdamCoefficients<T>(
        T GradientScale, T Lambda, T Decay, T W1, T Beta2, T W2, T Bc2Sqrt, T Eps, T S, bool AmsGrad)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The per-step constants of <see cref="VectorOps.SgdStep"/>: gradient scale c, decay λ, momentum μ and 1 − τ
    /// (dampening), s = −lr, whether there is a momentum buffer, whether this is its first step, and Nesterov.
    /// </summary>
    internal readonly record struct SgdCoefficients<T>(
        T GradientScale, T Lambda, T Mu, T Dampened, T S, bool Momentum, bool FirstStep, bool Nesterov)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
