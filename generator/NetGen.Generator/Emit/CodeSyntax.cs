using System.Globalization;
using NetGen.Generator.Lowering;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The instruction set a generated method body is written for: 512-, 256- or 128-bit vectors, or scalars. Each is
    /// one private method, chosen at the top of Predict and AccumulateGradients by the <c>IsHardwareAccelerated</c>
    /// constants that the JIT and the AOT compiler fold, so only the taken branch is compiled.
    /// </summary>
    internal sealed class Width
    {
        public static readonly Width V512 = new(512, "512");
        public static readonly Width V256 = new(256, "256");
        public static readonly Width V128 = new(128, "128");
        public static readonly Width Scalar = new(0, "Scalar");

        /// <summary>The widths in the order the dispatch tries them.</summary>
        public static readonly Width[] All = { V512, V256, V128, Scalar };

        private Width(int bits, string suffix)
        {
            Bits = bits;
            Suffix = suffix;
        }

        public int Bits { get; }

        /// <summary>The suffix of the method written for this width, e.g. <c>__NetGen_Predict256</c>.</summary>
        public string Suffix { get; }

        public bool IsScalar => Bits == 0;

        /// <summary>The alias of <c>System.Runtime.Intrinsics.Vector{Bits}</c> at the top of the generated file.</summary>
        public string Class => "V" + Suffix;

        public int Lanes(NumericType n) => IsScalar ? 1 : Bits / 8 / n.Size;

        /// <summary>The widest width no wider than this one whose vectors fit in <paramref name="count"/> values.</summary>
        public Width Fit(NumericType n, int count)
        {
            for (int i = 0; i < All.Length; i++)
            {
                Width w = All[i];
                if (w.Bits <= Bits && w.Lanes(n) <= count)
                {
                    return w;
                }
            }

            return Scalar;
        }
    }

    /// <summary>
    /// The spelling of arithmetic for one <see cref="Width"/>: operators and <c>MathF</c> for scalars,
    /// <c>V256.Max</c>, <c>Kernels.Fma</c> and friends for vectors. Loads and stores take an element offset.
    /// </summary>
    internal sealed class CodeSyntax : IMathSyntax
    {
        public CodeSyntax(Width width, NumericType numeric)
        {
            Width = width;
            Numeric = numeric;
        }

        public Width Width { get; }

        public NumericType Numeric { get; }

        public bool IsScalar => Width.IsScalar;

        public string Zero => Constant(0);

        public string One => Constant(1);

        /// <summary>
        /// A literal of the network's type: <c>0.3f</c> in a single-precision network, <c>0.3d</c> in a double one; exact
        /// whatever the current culture and on every host the generator runs in.
        /// </summary>
        public static string Literal(NumericType n, double value) => n == NumericType.Single
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture) + n.Suffix
            : RealText(value) + n.Suffix;

        /// <summary>For comments: a value that is a float (every option of a single-precision network) as the float's shortest text.</summary>
        public static string CommentNumber(double value) =>
            (double)(float)value == value ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : RealText(value);

        /// <summary>
        /// The shortest decimal that parses back to <paramref name="value"/>: "R" is not always round-trip on .NET Framework,
        /// where the generator runs inside Visual Studio, so it is checked and G17 used when it is not.
        /// </summary>
        public static string RealText(double value)
        {
            string r = value.ToString("R", CultureInfo.InvariantCulture);
            return double.Parse(r, CultureInfo.InvariantCulture).Equals(value) ? r : value.ToString("G17", CultureInfo.InvariantCulture);
        }

        public string Constant(double value) => Splat(Literal(Numeric, value));

        /// <summary>A scalar expression broadcast to every lane.</summary>
        public string Splat(string scalar) => IsScalar ? scalar : $"{Width.Class}.Create({scalar})";

        public string Add(string a, string b) => $"{a} + {b}";

        public string Subtract(string a, string b) => $"{a} - {Wrap(b)}";

        public string Multiply(string a, string b) => $"{Wrap(a)} * {Wrap(b)}";

        public string Divide(string a, string b) => $"{Wrap(a)} / ({b})";

        public string Negate(string a) => "-" + Wrap(a);

        /// <summary>The larger value; for single-precision vectors one instruction (<c>Kernels.Max</c>; a NaN in <paramref name="a"/> propagates).</summary>
        public string Max(string a, string b) => IsScalar ? $"{Numeric.MathClass}.Max({a}, {b})" : $"{VectorMath}.Max({a}, {b})";

        /// <summary>The smaller value; for single-precision vectors one instruction (<c>Kernels.Min</c>; a NaN in <paramref name="a"/> propagates).</summary>
        public string Min(string a, string b) => IsScalar ? $"{Numeric.MathClass}.Min({a}, {b})" : $"{VectorMath}.Min({a}, {b})";

        private string VectorMath => Numeric == NumericType.Single ? "Kernels" : Width.Class;

        public string Exp(string a) => IsScalar ? $"{Numeric.MathClass}.Exp({a})" : $"Kernels.Exp({a})";

        public string Tanh(string a) => IsScalar ? $"{Numeric.MathClass}.Tanh({a})" : $"Kernels.Tanh({a})";

        /// <summary>1 / (1 + e^−a): written out for scalars; for vectors Kernels.Sigmoid, which is exactly 0 where e^−a overflows, as the scalar form is.</summary>
        public string Sigmoid(string a) => IsScalar ? Divide(One, Add(One, Exp(Negate(a)))) : $"Kernels.Sigmoid({a})";

        public string WherePositive(string z, string positive, string otherwise) => IsScalar
            ? $"({z} > {Zero} ? {positive} : {otherwise})"
            : $"{Width.Class}.ConditionalSelect({Width.Class}.GreaterThan({z}, {Zero}), {positive}, {otherwise})";

        /// <summary>a · b + c: fused for vectors (<c>Kernels.Fma</c>), a multiply and an add for scalars.</summary>
        public string Fma(string a, string b, string c) => IsScalar ? $"{Wrap(a)} * {Wrap(b)} + {c}" : $"Kernels.Fma({a}, {b}, {c})";

        /// <summary>The vector at element <paramref name="offset"/> of the buffer <paramref name="name"/>.</summary>
        public string Load(string name, string offset) => IsScalar ? $"{name}[{offset}]" : $"{Width.Class}.LoadUnsafe(ref r{name}, {Offset(offset)})";

        /// <summary>Like <see cref="Load"/>, for a vector width, with an offset that is already a <c>nuint</c> (a native-sized loop index).</summary>
        public string LoadNative(string name, string offset) => $"{Width.Class}.LoadUnsafe(ref r{name}, {offset})";

        /// <summary>
        /// The vector at element <paramref name="offset"/> of <paramref name="name"/> loaded as 128-bit vectors and joined
        /// (<c>V256.Create(lower, upper)</c>), for values that were stored as 128-bit vectors.
        /// </summary>
        public string LoadQuads(string name, int offset)
        {
            if (Width.Bits <= 128)
            {
                return Load(name, offset.ToString(CultureInfo.InvariantCulture));
            }

            var half = new CodeSyntax(Width.Bits == 512 ? Width.V256 : Width.V128, Numeric);
            int halfLanes = half.Width.Lanes(Numeric);
            return $"{Width.Class}.Create({half.LoadQuads(name, offset)}, {half.LoadQuads(name, offset + halfLanes)})";
        }

        public string Store(string value, string name, string offset) => IsScalar
            ? $"{name}[{offset}] = {value};"
            : $"{Width.Class}.StoreUnsafe({value}, ref r{name}, {Offset(offset)});";

        /// <summary>The sum of a vector's lanes (single precision: halves folded, then pairwise additions, <c>Kernels.Sum</c>).</summary>
        public string Sum(string vector) => IsScalar ? vector : Numeric == NumericType.Single ? $"Kernels.Sum({vector})" : $"{Width.Class}.Sum({vector})";

        /// <summary>
        /// One 128-bit vector of the lane sums of four vectors of this width, in order (<c>Kernels.Sum4</c>); a block of
        /// fewer rows passes <see cref="Zero"/> for the rest, which <c>Kernels.Sum2</c> and <c>Kernels.Sum1</c> leave out.
        /// </summary>
        public string Sum4(string a, string b, string c, string d) =>
            c != Zero || d != Zero ? $"Kernels.Sum4({a}, {b}, {c}, {d})"
            : b != Zero ? $"Kernels.Sum2({a}, {b})"
            : $"Kernels.Sum1({a})";

        /// <summary>The type of a local holding one value of this width (locals are declared with <c>var</c> otherwise).</summary>
        public string Type => IsScalar ? Numeric.Name : "var";

        /// <summary>Whether <paramref name="text"/> is a number written out: an offset known when the code is generated.</summary>
        public static bool IsNumber(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

        /// <summary>
        /// <paramref name="expression"/> + <paramref name="term"/> as generated code writes it: numbers added up (<c>i + 16</c>
        /// plus 256 is <c>i + 272</c>, 64 plus 16 is <c>80</c>) and nothing added for zero (<c>row</c>, not <c>row + 0</c>).
        /// </summary>
        public static string Plus(string expression, string term)
        {
            if (!IsNumber(term, out int add))
            {
                return IsNumber(expression, out int start) && start == 0 ? term : $"{expression} + {term}";
            }

            if (add == 0)
            {
                return expression;
            }

            if (IsNumber(expression, out int whole))
            {
                return (whole + add).ToString(CultureInfo.InvariantCulture);
            }

            int plus = expression.LastIndexOf(" + ", System.StringComparison.Ordinal);
            return plus >= 0 && IsNumber(expression.Substring(plus + 3), out int constant)
                ? $"{expression.Substring(0, plus)} + {(constant + add).ToString(CultureInfo.InvariantCulture)}"
                : $"{expression} + {term}";
        }

        private static string Offset(string offset) =>
            IsNumber(offset, out _) ? offset
            : offset.IndexOf(' ') < 0 ? $"(nuint){offset}"
            : $"(nuint)({offset})";

        private static string Wrap(string e)
        {
            // Parenthesise anything but a name, a literal, an indexer or a call.
            int depth = 0;
            foreach (char c in e)
            {
                if (c is '(' or '[')
                {
                    depth++;
                }
                else if (c is ')' or ']')
                {
                    depth--;
                }
                else if (depth == 0 && c is ' ' or '?' or '-' && e.IndexOf(c) > 0)
                {
                    return "(" + e + ")";
                }
            }

            return e;
        }
    }
}
