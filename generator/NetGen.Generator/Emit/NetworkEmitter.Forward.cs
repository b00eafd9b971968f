using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using NetGen.Generator.Lowering;

namespace NetGen.Generator.Emit
{
    internal static partial class NetworkEmitter
    {
        /// <summary>Which method a forward pass is printed for; they differ only in where layer outputs go.</summary>
        private enum ForwardMode
        {
            Predict,
            Trace,
            Train,
        }

        private static void WritePredict(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            string t = plan.Numeric.Name;
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Computes the network's output for one input (the forward pass). Allocates nothing and may be called from");
            w.WriteLine("/// several threads at once.");
            w.WriteLine("/// </summary>");
            WriteArchitectureTable(w, plan);
            w.WriteLine($"/// <param name=\"input\">{Int(plan.InputSize)} values.</param>");
            w.WriteLine($"/// <param name=\"output\">{Int(plan.OutputSize)} values, overwritten with the network's output.</param>");
            w.WriteLine(GeneratedCode);
            w.OpenBlock($"public void Predict({ReadOnlySpanOf}<{t}> input, {SpanOf}<{t}> output)");
            WriteLengthCheck(w, "input", "InputSize");
            WriteLengthCheck(w, "output", "OutputSize");
            WritePredictScratch(w, plan);
            // Load may replace the parameters meanwhile (ParameterGuard): the pass is redone until it read one set throughout.
            w.OpenBlock("for (int __NetGen_version = __NetGen_guard.BeginRead(); ; __NetGen_version = __NetGen_guard.BeginRead())");
            WriteForward(w, plan, ForwardMode.Predict, cancellationToken);
            w.OpenBlock("if (__NetGen_guard.EndRead(__NetGen_version))");
            w.WriteLine("break;");
            w.CloseBlock();
            w.CloseBlock();
            w.CloseBlock();
        }

        private static void WriteTrace(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            string t = plan.Numeric.Name;
            w.WriteLine("/// <summary>");
            w.WriteLine($"/// Runs the forward pass and writes every layer's output, layer after layer, into <paramref name=\"layerOutputs\"/> ({Int(plan.TotalUnits)} values).");
            w.WriteLine("/// </summary>");
            w.WriteLine(GeneratedCode);
            w.OpenBlock($"public void Trace({ReadOnlySpanOf}<{t}> input, {SpanOf}<{t}> layerOutputs)");
            WriteLengthCheck(w, "input", "InputSize");
            WriteLengthCheck(w, "layerOutputs", Int(plan.TotalUnits));
            WritePredictScratch(w, plan);
            WriteForward(w, plan, ForwardMode.Trace, cancellationToken);
            w.CloseBlock();
        }

        private static void WriteLengthCheck(SourceWriter w, string name, string expected)
        {
            w.OpenBlock($"if ({name}.Length != {expected})");
            w.WriteLine($"__NetGen_ThrowLength(nameof({name}), {expected}, {name}.Length);");
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WritePredictScratch(SourceWriter w, KernelPlan plan, string parameters = "__NetGen_parameters")
        {
            string t = plan.Numeric.Name;
            w.WriteLine($"{ReadOnlySpanOf}<{t}> p = {parameters};");
            if (plan.PredictScratch > 0)
            {
                w.WriteLine(plan.PredictScratchOnStack
                    ? $"{SpanOf}<{t}> s = stackalloc {t}[{Int(plan.PredictScratch)}];"
                    : $"{SpanOf}<{t}> s = __NetGen_predictScratch ??= new {t}[{Int(plan.PredictScratch)}];");
            }

            w.WriteLine();
        }

        private static void WriteForward(SourceWriter w, KernelPlan plan, ForwardMode mode, CancellationToken cancellationToken)
        {
            for (int index = 0; index < plan.Layers.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LayerPlan layer = plan.Layers[index];
                int k = layer.Number;
                string x = index == 0 ? "x" : $"h{k - 1}";
                w.WriteLine($"// Layer {Int(k)}: Dense {Int(layer.Inputs)}→{Int(layer.Units)}, {layer.Activation}{(layer.Unrolled ? string.Empty : " (SIMD loop)")}.   " +
                    $"z{k} = W{k}·{x}{(layer.HasBias ? $" + b{k}" : string.Empty)};  h{k} = {Formula(layer)}");
                w.WriteLine($"{ReadOnlySpanOf}<{plan.Numeric.Name}> W{k} = p.Slice({Int(layer.WeightOffset)}, {Int(layer.WeightCount)});");
                if (layer.HasBias)
                {
                    w.WriteLine($"{ReadOnlySpanOf}<{plan.Numeric.Name}> b{k} = p.Slice({Int(layer.BiasOffset)}, {Int(layer.Units)});");
                }

                if (layer.Unrolled)
                {
                    WriteUnrolledForward(w, plan, index, mode);
                }
                else
                {
                    WriteLoopedForward(w, plan, index, mode);
                }

                if (mode == ForwardMode.Train || index < plan.Layers.Count - 1)
                {
                    w.WriteLine();
                }
            }
        }

        private static void WriteUnrolledForward(SourceWriter w, KernelPlan plan, int index, ForwardMode mode)
        {
            LayerPlan layer = plan.Layers[index];
            NumericType n = plan.Numeric;
            string t = n.Name;
            int k = layer.Number;

            for (int j = 0; j < layer.Units; j++)
            {
                var terms = new List<string>(layer.Inputs + 1);
                for (int i = 0; i < layer.Inputs; i++)
                {
                    terms.Add($"W{k}[{Int((j * layer.Inputs) + i)}] * {InputRef(plan, index, i)}");
                }

                if (layer.HasBias)
                {
                    terms.Add($"b{k}[{Int(j)}]");
                }

                WriteSum(w, $"{t} z{k}_{j} = ", terms);
            }

            string zero = Lit(n, 0), one = Lit(n, 1);
            switch (layer.Activation)
            {
                case Activation.ReLU:
                    for (int j = 0; j < layer.Units; j++)
                    {
                        w.WriteLine($"{t} h{k}_{j} = z{k}_{j} > {zero} ? z{k}_{j} : {zero};");
                    }

                    break;
                case Activation.LeakyReLU:
                    string alpha = AlphaLiteral(n, layer.Alpha);
                    for (int j = 0; j < layer.Units; j++)
                    {
                        w.WriteLine($"{t} h{k}_{j} = z{k}_{j} > {zero} ? z{k}_{j} : {alpha} * z{k}_{j};");
                    }

                    break;
                case Activation.Sigmoid:
                    for (int j = 0; j < layer.Units; j++)
                    {
                        w.WriteLine($"{t} h{k}_{j} = {one} / ({one} + {n.MathClass}.Exp(-z{k}_{j}));");
                    }

                    break;
                case Activation.Tanh:
                    for (int j = 0; j < layer.Units; j++)
                    {
                        w.WriteLine($"{t} h{k}_{j} = {n.MathClass}.Tanh(z{k}_{j});");
                    }

                    break;
                case Activation.Softmax:
                    w.WriteLine($"{t} m{k} = z{k}_0;");
                    for (int j = 1; j < layer.Units; j++)
                    {
                        w.WriteLine($"m{k} = {n.MathClass}.Max(m{k}, z{k}_{j});");
                    }

                    for (int j = 0; j < layer.Units; j++)
                    {
                        w.WriteLine($"{t} e{k}_{j} = {n.MathClass}.Exp(z{k}_{j} - m{k});");
                    }

                    WriteSum(w, $"{t} sum{k} = ", Enumerable.Range(0, layer.Units).Select(j => $"e{k}_{j}").ToList());
                    for (int j = 0; j < layer.Units; j++)
                    {
                        w.WriteLine($"{t} h{k}_{j} = e{k}_{j} / sum{k};");
                    }

                    break;
            }

            // Where the outputs must also land in a span: the caller's output, the trace, or a looped next layer's input.
            bool isLast = index == plan.Layers.Count - 1;
            string? target = mode switch
            {
                ForwardMode.Trace => $"layerOutputs.Slice({Int(layer.OutputOffset)}, {Int(layer.Units)})",
                ForwardMode.Predict when layer.OutputToSpan => $"s.Slice({Int(layer.PredictH)}, {Int(layer.Units)})",
                ForwardMode.Train when layer.OutputToSpan => $"s.Slice({Int(layer.TrainH)}, {Int(layer.Units)})",
                _ => null,
            };
            if (target is not null)
            {
                w.WriteLine($"{SpanOf}<{t}> h{k} = {target};");
                for (int j = 0; j < layer.Units; j++)
                {
                    w.WriteLine($"h{k}[{j}] = {HLocal(layer, j)};");
                }
            }

            if (mode == ForwardMode.Predict && isLast)
            {
                for (int j = 0; j < layer.Units; j++)
                {
                    w.WriteLine($"output[{j}] = {HLocal(layer, j)};");
                }
            }
        }

        private static void WriteLoopedForward(SourceWriter w, KernelPlan plan, int index, ForwardMode mode)
        {
            LayerPlan layer = plan.Layers[index];
            string t = plan.Numeric.Name;
            int k = layer.Number;
            bool isLast = index == plan.Layers.Count - 1;
            bool identity = layer.Activation == Activation.Identity;
            string units = Int(layer.Units);

            string traceSlice = $"layerOutputs.Slice({Int(layer.OutputOffset)}, {units})";
            string z = mode switch
            {
                ForwardMode.Predict when identity && isLast => "output",
                ForwardMode.Predict => $"s.Slice({Int(layer.PredictZ)}, {units})",
                ForwardMode.Trace when identity => traceSlice,
                ForwardMode.Trace => $"s.Slice({Int(layer.PredictZ)}, {units})",
                _ => $"s.Slice({Int(layer.TrainZ)}, {units})",
            };
            w.WriteLine($"{SpanOf}<{t}> z{k} = {z};");
            w.WriteLine($"{KernelsType}.DenseForward<{t}>(W{k}, {(layer.HasBias ? $"b{k}" : $"{ReadOnlySpanOf}<{t}>.Empty")}, {InputSpan(plan, index)}, z{k});");

            if (identity)
            {
                w.WriteLine($"{SpanOf}<{t}> h{k} = z{k};");
                return;
            }

            string h = mode switch
            {
                ForwardMode.Predict when isLast => "output",
                ForwardMode.Predict => $"s.Slice({Int(layer.PredictH)}, {units})",
                ForwardMode.Trace => traceSlice,
                _ => $"s.Slice({Int(layer.TrainH)}, {units})",
            };
            w.WriteLine($"{SpanOf}<{t}> h{k} = {h};");
            string alpha = layer.Activation == Activation.LeakyReLU ? ", " + AlphaLiteral(plan.Numeric, layer.Alpha) : string.Empty;
            w.WriteLine($"{KernelsType}.{layer.Activation}<{t}>(z{k}, h{k}{alpha});");
        }

        /// <summary>Input <paramref name="i"/> of layer <paramref name="index"/>: the caller's input, an unrolled layer's local, or a looped layer's span.</summary>
        private static string InputRef(KernelPlan plan, int index, int i)
        {
            if (index == 0)
            {
                return $"input[{Int(i)}]";
            }

            LayerPlan previous = plan.Layers[index - 1];
            return previous.Unrolled ? HLocal(previous, i) : $"h{previous.Number}[{Int(i)}]";
        }

        /// <summary>The input of layer <paramref name="index"/> as a span (a looped layer reads it whole).</summary>
        private static string InputSpan(KernelPlan plan, int index) => index == 0 ? "input" : $"h{plan.Layers[index - 1].Number}";

        /// <summary>The local holding unit <paramref name="j"/>'s output: for Identity that is z itself.</summary>
        private static string HLocal(LayerPlan layer, int j) =>
            layer.Activation == Activation.Identity ? $"z{layer.Number}_{j}" : $"h{layer.Number}_{j}";

        private static string Formula(LayerPlan layer) => layer.Activation switch
        {
            Activation.ReLU => $"max(z{layer.Number}, 0)",
            Activation.LeakyReLU => $"z{layer.Number} > 0 ? z{layer.Number} : α·z{layer.Number}  (α = {CommentNumber(layer.Alpha)})",
            Activation.Sigmoid => $"1 / (1 + e^−z{layer.Number})",
            Activation.Tanh => $"tanh(z{layer.Number})",
            Activation.Softmax => $"e^(z{layer.Number} − max) / Σ e^(z{layer.Number} − max)",
            _ => $"z{layer.Number}",
        };

        /// <summary>
        /// Writes <c>prefix term + term + … end</c>, four terms a line. Longer sums are added as a balanced tree of
        /// those lines, so that the additions do not form one long dependency chain: the processor then overlaps
        /// them (a 64-term dot product waits for about 7 additions instead of 64).
        /// </summary>
        private static void WriteSum(SourceWriter w, string prefix, IReadOnlyList<string> terms, string end = ";")
        {
            const int PerLine = 4;
            if (terms.Count <= PerLine)
            {
                w.WriteLine(prefix + string.Join(" + ", terms) + end);
                return;
            }

            var groups = new List<List<string>>();
            for (int start = 0; start < terms.Count; start += PerLine)
            {
                groups.Add(new List<string> { string.Join(" + ", terms.Skip(start).Take(PerLine)) });
            }

            while (groups.Count > 1)
            {
                var paired = new List<List<string>>((groups.Count + 1) / 2);
                for (int i = 0; i + 1 < groups.Count; i += 2)
                {
                    paired.Add(AddLines(groups[i], groups[i + 1]));
                }

                if (groups.Count % 2 == 1)
                {
                    paired.Add(groups[groups.Count - 1]);
                }

                groups = paired;
            }

            List<string> lines = groups[0];
            w.WriteLine(prefix + lines[0]);
            w.Indentation++;
            for (int i = 1; i < lines.Count; i++)
            {
                w.WriteLine(lines[i] + (i == lines.Count - 1 ? end : string.Empty));
            }

            w.Indentation--;
        }

        /// <summary>(a) + (b), where each side is one or more lines of a sum.</summary>
        private static List<string> AddLines(List<string> a, List<string> b)
        {
            var lines = new List<string>(a.Count + b.Count);
            lines.Add("(" + a[0]);
            lines.AddRange(a.Skip(1));
            lines[lines.Count - 1] += ")";
            lines.Add("+ (" + b[0]);
            lines.AddRange(b.Skip(1));
            lines[lines.Count - 1] += ")";
            return lines;
        }

        /// <summary>A numeric literal of the network's type for a small whole number.</summary>
        private static string Lit(NumericType n, int value) => Int(value) + n.Suffix;

        /// <summary>The LeakyReLU slope, declared as a float, in the network's type (exactly the float's value).</summary>
        private static string AlphaLiteral(NumericType n, double alpha) => Real(n, alpha);
    }
}
