using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Generator.Lowering;

namespace NetGen.Generator.Emit
{
    internal static partial class NetworkEmitter
    {
        /// <summary>Which method a forward pass is printed for; they differ only in where the plan puts each value.</summary>
        private enum ForwardMode
        {
            Predict,
            Trace,
            Train,
        }

        private static LayerValues Values(LayerPlan layer, ForwardMode mode) => mode switch
        {
            ForwardMode.Predict => layer.Predict,
            ForwardMode.Trace => layer.Trace,
            _ => layer.Train,
        };

        private static void WritePredict(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            string t = plan.Numeric.Name;
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Computes the network's output for one input (the forward pass). Allocates nothing and may be called from");
            w.WriteLine("/// several threads at once.");
            w.WriteLine("/// </summary>");
            WriteArchitectureTable(w, plan);
            w.WriteLine($"/// <param name=\"input\">{Values(plan.InputSize)}.</param>");
            w.WriteLine($"/// <param name=\"output\">{Values(plan.OutputSize)}, overwritten with the network's output.</param>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Predict);
            w.OpenBlock($"public void Predict({ReadOnlySpanOf}<{t}> input, {SpanOf}<{t}> output)");
            WriteLengthCheck(w, "input", "InputSize");
            WriteLengthCheck(w, "output", "OutputSize");
            if (plan.PredictInline)
            {
                WriteInlinePasses(w, plan, guarded: true, cancellationToken);
                w.WriteLine();
                w.WriteLine(SlowPathComment);
                w.WriteLine("__NetGen_PredictWhileWritten(input, output);");
                w.CloseBlock();
                w.WriteLine();
                WritePredictWhileWritten(w, plan);
                return;
            }

            WritePredictScratch(w, plan);
            WriteGuardedPass(
                w,
                () =>
                {
                    WritePredictPass(w, plan, "__NetGen_parameters.Span", cancellationToken);
                    w.WriteLine();
                },
                "__NetGen_PredictWhileWritten(input, output);");
            w.CloseBlock();
            w.WriteLine();
            WritePredictWhileWritten(w, plan);
        }

        /// <summary>
        /// Embedded.Predict's body: the forward pass over the embedded weights, written out
        /// (<see cref="KernelPlan.PredictInline"/>) or through the private method of each vector width.
        /// </summary>
        private static void WriteEmbeddedPredictBody(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            if (plan.PredictInline)
            {
                WriteInlinePasses(w, plan, guarded: false, cancellationToken);
                return;
            }

            WritePredictScratch(w, plan);
            WritePredictPass(w, plan, "EmbeddedParameters", cancellationToken);
        }

        /// <summary>
        /// The forward pass written into Predict itself (<see cref="KernelPlan.PredictInline"/>): one copy per vector
        /// width behind the <c>IsHardwareAccelerated</c> branches, or one scalar copy when no layer uses vectors. Each copy
        /// allocates its own stack scratch if it uses any and reads the parameters through a span of constant length, so
        /// the JIT proves every slice and index in range.
        /// </summary>
        private static void WriteInlinePasses(SourceWriter w, KernelPlan plan, bool guarded, CancellationToken cancellationToken)
        {
            if (!plan.HasVectorPredict)
            {
                WriteInlinePass(w, plan, Width.Scalar, guarded, cancellationToken);
                return;
            }

            WriteDispatch(w, width => WriteInlinePass(w, plan, width, guarded, cancellationToken));
        }

        private static void WriteInlinePass(SourceWriter w, KernelPlan plan, Width width, bool guarded, CancellationToken cancellationToken)
        {
            string t = plan.Numeric.Name;
            var body = new SourceWriter { Indentation = w.Indentation };
            WriteForward(body, plan, ForwardMode.Predict, width, cancellationToken);
            WriteStackScratchIfUsed(w, plan, body);

            // The embedded weights are constant data of constant length; the instance's array always has ParameterCount values.
            string memory = plan.HasVectorPredict ? "MemoryMarshal" : MemoryMarshalType;
            w.WriteLine("// The parameters as a span of constant length: the JIT proves every slice of it in range.");
            w.WriteLine(guarded
                ? $"{ReadOnlySpanOf}<{t}> p = {memory}.CreateReadOnlySpan(ref __NetGen_parameters.Reference, ParameterCount);"
                : $"{ReadOnlySpanOf}<{t}> p = EmbeddedParameters;");
            if (!guarded)
            {
                w.WriteLine();
                w.Append(body);
                return;
            }

            // One pass, and no call on the way: the rerun of a pass that lost is __NetGen_PredictWhileWritten's, after the branches.
            w.WriteLine(GuardComment);
            w.WriteLine("int __NetGen_version = __NetGen_guard.BeginRead();");
            w.WriteLine();
            w.Append(body);
            w.WriteLine();
            w.OpenBlock("if (__NetGen_guard.EndRead(__NetGen_version))");
            w.WriteLine("return;");
            w.CloseBlock();
        }

        private const string SlowPathComment = "// A Load wrote the parameters during the pass: once more, with writers held off.";

        private const string GuardComment = "// Load may replace the parameters meanwhile (ParameterGuard): a pass counts only if it read one set throughout.";

        /// <summary>
        /// A pass under the <c>ParameterGuard</c> (a sequence lock): it counts only if no <c>Load</c> wrote the parameters
        /// meanwhile, and one that lost runs once more through <paramref name="slowPath"/>, which holds writers off, so no
        /// pass runs more than twice however often Load is called. <paramref name="version"/> names the version local
        /// (two guarded passes in one method need two names).
        /// </summary>
        private static void WriteGuardedPass(SourceWriter w, System.Action pass, string slowPath, string version = "__NetGen_version")
        {
            w.WriteLine(GuardComment);
            w.WriteLine($"int {version} = __NetGen_guard.BeginRead();");
            pass();
            w.OpenBlock($"if (!__NetGen_guard.EndRead({version}))");
            w.WriteLine(SlowPathComment);
            w.WriteLine(slowPath);
            w.CloseBlock();
        }

        /// <summary>
        /// A method that runs <paramref name="call"/> holding the writers' lock (<c>ParameterGuard.BeginExclusiveRead</c>), where
        /// a pass cannot lose to a Load: the slow path of <see cref="WriteGuardedPass"/>, out of line so that the guarded
        /// method's own code does not carry the lock and its try/finally.
        /// </summary>
        private static void WriteWhileWritten(SourceWriter w, string signature, string call)
        {
            w.WriteLine(GeneratedCode);
            w.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
            w.OpenBlock(signature);
            w.WriteLine("__NetGen_guard.BeginExclusiveRead();");
            w.OpenBlock("try");
            w.WriteLine(call);
            w.CloseBlock();
            w.OpenBlock("finally");
            w.WriteLine("__NetGen_guard.EndExclusiveRead();");
            w.CloseBlock();
            w.CloseBlock();
        }

        /// <summary>
        /// The slow path of Predict: Predict again, holding the writers' lock, where its pass cannot lose. Out of line so
        /// that an inline Predict (<see cref="KernelPlan.PredictInline"/>) has no call on its fast path (fewer registers to save).
        /// </summary>
        private static void WritePredictWhileWritten(SourceWriter w, KernelPlan plan)
        {
            string t = plan.Numeric.Name;
            WriteWhileWritten(w, $"private void __NetGen_PredictWhileWritten({ReadOnlySpanOf}<{t}> input, {SpanOf}<{t}> output)", "Predict(input, output);");
        }

        /// <summary>
        /// The stack scratch of one vector width's Predict body, declared only when <paramref name="body"/> uses it: a
        /// stackalloc is zeroed on every call, and the 512-bit code of xsq keeps every value in registers.
        /// </summary>
        private static void WriteStackScratchIfUsed(SourceWriter w, KernelPlan plan, SourceWriter body)
        {
            if (plan.PredictScratchOnStack && body.ToString().Contains(" s.Slice("))
            {
                string t = plan.Numeric.Name;
                w.WriteLine($"{SpanOf}<{t}> s = stackalloc {t}[{Int(plan.PredictScratch)}];");
                w.WriteLine();
            }
        }

        /// <summary>
        /// Predict's per-thread scratch array for vector layers, declared before any loop. Scratch on the stack is
        /// allocated by each width's method, and only by those that use it (<see cref="WritePredictWidths"/>): a
        /// stackalloc is zeroed on every call, and the 512-bit code of xsq keeps every value in registers.
        /// </summary>
        private static void WritePredictScratch(SourceWriter w, KernelPlan plan)
        {
            if (!plan.HasVectorPredict || plan.PredictScratchOnStack)
            {
                return;
            }

            string t = plan.Numeric.Name;
            w.WriteLine($"{SpanOf}<{t}> s = (__NetGen_predictScratch ??= new {AlignedArrayOf}<{t}>({Int(plan.PredictScratch)})).Span;");
        }

        /// <summary>One forward pass of Predict over <paramref name="parameters"/>, into <c>output</c>.</summary>
        private static void WritePredictPass(SourceWriter w, KernelPlan plan, string parameters, CancellationToken cancellationToken)
        {
            if (!plan.HasVectorPredict)
            {
                w.WriteLine($"{ReadOnlySpanOf}<{plan.Numeric.Name}> p = {parameters};");
                w.WriteLine();
                WriteForward(w, plan, ForwardMode.Predict, Width.Scalar, cancellationToken);
                return;
            }

            string scratch = plan.PredictScratchOnStack ? string.Empty : ", s";
            WriteDispatch(w, width => w.WriteLine($"__NetGen_Predict{width.Suffix}({parameters}, input, output{scratch});"));
        }

        /// <summary>The branch per vector width; the JIT and ILC fold the constants and compile only the taken one.</summary>
        private static void WriteDispatch(SourceWriter w, System.Action<Width> writeBranch)
        {
            for (int i = 0; i < Width.All.Length; i++)
            {
                Width width = Width.All[i];
                if (width.IsScalar)
                {
                    w.OpenBlock("else");
                }
                else
                {
                    w.OpenBlock($"{(i == 0 ? "if" : "else if")} ({width.Class}.IsHardwareAccelerated)");
                }

                writeBranch(width);
                w.CloseBlock();
            }
        }

        /// <summary>The private Predict of each vector width, shared by Predict and Embedded.Predict.</summary>
        private static void WritePredictWidths(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            if (!plan.HasVectorPredict || plan.PredictInline)
            {
                return;
            }

            string t = plan.Numeric.Name;
            foreach (Width width in Width.All)
            {
                w.WriteLine();
                w.WriteLine($"/// <summary>Predict with {Describe(width)}.</summary>");
                w.WriteLine(GeneratedCode);
                WriteOptimizationAttribute(w, MethodKinds.Predict);
                string scratch = plan.PredictScratchOnStack ? string.Empty : $", {SpanOf}<{t}> s";
                w.OpenBlock($"private static void __NetGen_Predict{width.Suffix}({ReadOnlySpanOf}<{t}> p, {ReadOnlySpanOf}<{t}> input, {SpanOf}<{t}> output{scratch})");
                var body = new SourceWriter { Indentation = w.Indentation };
                WriteForward(body, plan, ForwardMode.Predict, width, cancellationToken);
                WriteStackScratchIfUsed(w, plan, body);

                w.Append(body);
                w.CloseBlock();
            }
        }

        private static string Describe(Width width) => width.IsScalar ? "scalar code (no vector hardware)" : $"{Int(width.Bits)}-bit vectors";

        private static void WriteTrace(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            string t = plan.Numeric.Name;
            w.WriteLine("/// <summary>");
            w.WriteLine($"/// Runs the forward pass and writes every layer's output, layer after layer, into <paramref name=\"layerOutputs\"/> ({Values(plan.TotalUnits)}).");
            w.WriteLine("/// A diagnostic: it runs scalar code, so its last digits may differ from Predict's.");
            w.WriteLine("/// </summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Trace);
            w.OpenBlock($"public void Trace({ReadOnlySpanOf}<{t}> input, {SpanOf}<{t}> layerOutputs)");
            WriteLengthCheck(w, "input", "InputSize");
            WriteLengthCheck(w, "layerOutputs", Int(plan.TotalUnits));
            w.WriteLine($"{ReadOnlySpanOf}<{t}> p = __NetGen_parameters.Span;");
            if (plan.HasVectorLayers)
            {
                w.WriteLine(plan.PredictScratchOnStack
                    ? $"{SpanOf}<{t}> s = stackalloc {t}[{Int(plan.PredictScratch)}];"
                    : $"{SpanOf}<{t}> s = (__NetGen_predictScratch ??= new {AlignedArrayOf}<{t}>({Int(plan.PredictScratch)})).Span;");
            }

            w.WriteLine();
            WriteForward(w, plan, ForwardMode.Trace, Width.Scalar, cancellationToken);
            w.CloseBlock();
        }

        private static void WriteLengthCheck(SourceWriter w, string name, string expected)
        {
            w.OpenBlock($"if ({name}.Length != {expected})");
            w.WriteLine($"__NetGen_ThrowLength(nameof({name}), {expected}, {name}.Length);");
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WriteForward(SourceWriter w, KernelPlan plan, ForwardMode mode, Width width, CancellationToken cancellationToken)
        {
            for (int index = 0; index < plan.Layers.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LayerPlan layer = plan.Layers[index];
                int k = layer.Number;
                string x = InputName(plan, index, mode);
                w.WriteLine($"// Layer {Int(k)}: Dense {Int(layer.Inputs)}→{Int(layer.Units)}, {layer.Activation}, {StrategyText(plan, index, mode, width)}.   " +
                    $"z{k} = W{k}·{x}{(layer.HasBias ? $" + b{k}" : string.Empty)};  h{k} = {layer.Op.Formula($"z{k}", layer.Alpha)}");
                w.WriteLine($"{ReadOnlySpanOf}<{plan.Numeric.Name}> W{k} = p.Slice({Int(layer.WeightOffset)}, {Int(layer.WeightCount)});");
                if (layer.HasBias)
                {
                    w.WriteLine($"{ReadOnlySpanOf}<{plan.Numeric.Name}> b{k} = p.Slice({Int(layer.BiasOffset)}, {Int(layer.Units)});");
                }

                if (layer.Strategy == LayerStrategy.VectorUnits && mode == ForwardMode.Predict && !width.IsScalar)
                {
                    WriteVectorUnits(w, plan, index, width);
                }
                else if (layer.Unrolled)
                {
                    WriteUnrolledForward(w, plan, index, mode);
                }
                else
                {
                    WriteVectorForward(w, plan, index, mode, width);
                }

                if (mode == ForwardMode.Train || index < plan.Layers.Count - 1)
                {
                    w.WriteLine();
                }
            }
        }

        private static string StrategyText(KernelPlan plan, int index, ForwardMode mode, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            switch (layer.Strategy)
            {
                case LayerStrategy.UnrolledScalar:
                    return "unrolled";
                case LayerStrategy.VectorUnits:
                    return width.IsScalar ? "unrolled" : "rows as 128-bit vectors, units in vectors of four";
                case LayerStrategy.VectorAcrossOutputs:
                    return width.IsScalar ? "a loop across the units" : $"vectors across the units";
                default:
                    Width dot = width.Fit(plan.Numeric, layer.Inputs);
                    if (dot.IsScalar)
                    {
                        return "rows in blocks of four";
                    }

                    int lanes = dot.Lanes(plan.Numeric);
                    bool held = mode == ForwardMode.Predict && InputRegisters(plan, index, width) is not null;
                    int rows = NetworkLowering.RowsPerBlock(layer, plan.Numeric, dot.Bits, lanes, NetworkLowering.RowsLoop(layer.Inputs, lanes, held), RowQuadsOut(plan, index, mode, width));
                    return $"rows in blocks of {(rows == 8 ? "eight" : "four")}, {Int(dot.Bits)}-bit dot products";
            }
        }

        private static void WriteUnrolledForward(SourceWriter w, KernelPlan plan, int index, ForwardMode mode)
        {
            LayerPlan layer = plan.Layers[index];
            NumericType n = plan.Numeric;
            var s = new CodeSyntax(Width.Scalar, n);
            string t = n.Name;
            int k = layer.Number;
            LayerValues values = Values(layer, mode);

            for (int j = 0; j < layer.Units; j++)
            {
                var terms = new List<string>(layer.Inputs + 1);
                for (int i = 0; i < layer.Inputs; i++)
                {
                    terms.Add($"W{k}[{Int((j * layer.Inputs) + i)}] * {InputRef(plan, index, i, mode)}");
                }

                WriteSum(w, $"{t} z{k}_{j} = ", terms, layer.HasBias ? $"b{k}[{Int(j)}]" : null);
            }

            if (layer.Op.IsElementwise)
            {
                if (!layer.Op.IsIdentity)
                {
                    for (int j = 0; j < layer.Units; j++)
                    {
                        w.WriteLine($"{t} h{k}_{j} = {layer.Op.Forward(s, $"z{k}_{j}", layer.Alpha)};");
                    }
                }
            }
            else
            {
                // Softmax: subtract the largest logit so that no exponential overflows.
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
                w.WriteLine($"{t} inv{k} = {Lit(n, 1)} / sum{k};");
                for (int j = 0; j < layer.Units; j++)
                {
                    w.WriteLine($"{t} h{k}_{j} = e{k}_{j} * inv{k};");
                }
            }

            // Where the outputs must also land in a span: the caller's output, the trace, or a vector layer's input.
            if (values.HSpan.Exists)
            {
                string target = SpanName(values.HSpan);
                if (values.HSpan.Storage == Storage.Scratch || values.HSpan.Storage == Storage.LayerOutputs)
                {
                    w.WriteLine($"{SpanOf}<{t}> {target} = {SpanSource(values.HSpan, layer.Units)};");
                }

                for (int j = 0; j < layer.Units; j++)
                {
                    w.WriteLine($"{target}[{j}] = {Local(values.H, j)};");
                }
            }
        }

        private static void WriteVectorForward(SourceWriter w, KernelPlan plan, int index, ForwardMode mode, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            NumericType n = plan.Numeric;
            int k = layer.Number;
            LayerValues values = Values(layer, mode);
            string x = InputName(plan, index, mode);
            string z = SpanName(values.Z), h = SpanName(values.H);
            bool vectors = !width.IsScalar;
            int registers = mode == ForwardMode.Predict ? OutputRegisters(plan, index, width) : 0;
            bool acrossOutputs = layer.Strategy == LayerStrategy.VectorAcrossOutputs;
            if (RowQuadsOut(plan, index, mode, width))
            {
                // h stays in registers as vectors of four units, read by the next layer (NetworkLowering.HoldsRowQuads).
                DeclareRef(w, n, $"W{k}");
                if (layer.HasBias)
                {
                    DeclareRef(w, n, $"b{k}");
                }

                string[]? held = InputRegisters(plan, index, width);
                if (held is null)
                {
                    DeclareRef(w, n, x);
                }

                WriteRows(w, plan, layer, width, x, z, held, activated: null, keepZ: false, quadsOut: true);
                return;
            }

            // Rows summed in blocks of four straight into vectors of units: a cheap activation follows in registers, and
            // only training keeps z (see WriteRows). An exponential one runs afterwards over the whole layer at full width.
            bool elementwise = layer.Op.IsElementwise;
            bool activateInRows = registers == 0 && !acrossOutputs && elementwise && !layer.Op.UsesExponential && values.H != values.Z
                && NetworkLowering.SumsRowBlocks(layer, n, width.Fit(n, layer.Inputs).Lanes(n));
            if (!(registers > 0 && acrossOutputs) && !(activateInRows && mode != ForwardMode.Train))
            {
                DeclareSpan(w, plan, values.Z, layer.Units, vectors);
            }

            if (values.H != values.Z && registers == 0)
            {
                DeclareSpan(w, plan, values.H, layer.Units, vectors);
            }

            if (vectors)
            {
                DeclareRef(w, n, $"W{k}");
                if (layer.HasBias)
                {
                    DeclareRef(w, n, $"b{k}");
                }

                if (mode != ForwardMode.Predict || InputRegisters(plan, index, width) is null)
                {
                    DeclareRef(w, n, x);
                }
            }

            if (registers > 0)
            {
                // h stays in registers, one vector per local, for the next layer's dot products to read.
                var r = new CodeSyntax(width.Fit(n, layer.Units), n);
                int lanes = width.Fit(n, layer.Units).Lanes(n);
                if (acrossOutputs)
                {
                    w.WriteLine($"{n.Name} x{k} = {x}[0];");
                }
                else
                {
                    WriteRows(w, plan, layer, width, x, z, InputRegisters(plan, index, width), activated: null, keepZ: true);
                }

                for (int c = 0; c < registers; c++)
                {
                    string at = Int(c * lanes);
                    // Sums stored as 128-bit vectors are loaded back as such and joined in registers: one wide load of
                    // several narrower stores would wait for them to reach the cache (a store-forwarding stall).
                    string zv = !acrossOutputs ? (NetworkLowering.SumsRowBlocks(layer, n, width.Fit(n, layer.Inputs).Lanes(n)) ? r.LoadQuads(z, c * lanes) : r.Load(z, at))
                        : layer.HasBias ? r.Fma(r.Load($"W{k}", at), r.Splat($"x{k}"), r.Load($"b{k}", at))
                        : r.Multiply(r.Load($"W{k}", at), r.Splat($"x{k}"));
                    if (layer.Op.IsIdentity)
                    {
                        w.WriteLine($"var {RegisterName(k, c)} = {zv};");
                    }
                    else
                    {
                        w.WriteLine($"var z{k}v{Int(c)} = {zv};");
                        w.WriteLine($"var {RegisterName(k, c)} = {layer.Op.Forward(r, $"z{k}v{Int(c)}", layer.Alpha)};");
                    }
                }

                return;
            }

            if (layer.Strategy == LayerStrategy.VectorAcrossOutputs)
            {
                // z = x₀·W + b across the units; for an element-wise activation h follows in the same registers.
                w.WriteLine($"{n.Name} x{k} = {x}[0];");
                ForEachChunk(w, n, width, layer.Units, inPlace: false, (s, at) =>
                {
                    string zv = layer.HasBias ? s.Fma(s.Load($"W{k}", at), s.Splat($"x{k}"), s.Load($"b{k}", at)) : s.Multiply(s.Load($"W{k}", at), s.Splat($"x{k}"));
                    var lines = new List<string>();
                    if (elementwise && values.H != values.Z && mode == ForwardMode.Predict)
                    {
                        lines.Add(s.Store(layer.Op.Forward(s, zv, layer.Alpha), h, at));
                    }
                    else
                    {
                        lines.Add($"{s.Type} z = {zv};");
                        lines.Add(s.Store("z", z, at));
                        if (elementwise && values.H != values.Z)
                        {
                            lines.Add(s.Store(layer.Op.Forward(s, "z", layer.Alpha), h, at));
                        }
                    }

                    return lines;
                });
            }
            else
            {
                WriteRows(w, plan, layer, width, x, z, mode == ForwardMode.Predict ? InputRegisters(plan, index, width) : null,
                    activated: activateInRows ? h : null, keepZ: !activateInRows || mode == ForwardMode.Train);
                if (elementwise && values.H != values.Z && !activateInRows)
                {
                    ForEachChunk(w, n, width, layer.Units, inPlace: false, (s, at) => new[] { s.Store(layer.Op.Forward(s, s.Load(z, at), layer.Alpha), h, at) });
                }
            }

            if (!elementwise)
            {
                WriteVectorSoftmax(w, n, width, k, layer.Units, z, h);
            }
        }

        /// <summary>
        /// A <see cref="LayerStrategy.VectorUnits"/> layer in Predict: the input as vectors of four (zero lanes past the
        /// last input), each row's products as vectors, each block of four rows summed into one vector of four units, then
        /// bias and activation on those vectors (<c>h{k}q{c}</c>, units 4c…4c+3), which stay in registers for the next layer.
        /// </summary>
        private static void WriteVectorUnits(SourceWriter w, KernelPlan plan, int index, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            NumericType n = plan.Numeric;
            var v = new CodeSyntax(Width.V128, n);
            int k = layer.Number, inputs = layer.Inputs, units = layer.Units;
            int chunks = (inputs + 3) / 4, quads = (units + 3) / 4;
            LayerValues values = layer.Predict;

            DeclareRef(w, n, $"W{k}");
            if (layer.HasBias)
            {
                DeclareRef(w, n, $"b{k}");
            }

            string[] x = WriteInputQuads(w, plan, index, width);

            // One vector of four lanes of the parameters at offset (from the first weight of the layer) of base, of which
            // the first `valid` lanes are kept and the rest are zero; a load that would pass the end of the parameters
            // starts earlier and its lanes are moved down.
            string Quad(string baseName, int baseOffset, int offset, int valid)
            {
                int end = baseOffset + offset + 4;
                if (end > plan.ParameterCount)
                {
                    int shift = end - plan.ParameterCount;
                    DeclareRef(w, n, "p");
                    return $"V128.Shuffle({v.Load("p", Int(baseOffset + offset - shift))}, {LaneIndices(shift, valid)})";
                }

                string load = v.Load(baseName, Int(offset));
                return valid == 4 ? load : $"({load} & {LaneMask(w, valid)})";
            }

            for (int j = 0; j < units; j++)
            {
                string a = $"a{k}_{j}";
                for (int c = 0; c < chunks; c++)
                {
                    string wq = Quad($"W{k}", layer.WeightOffset, (j * inputs) + (4 * c), System.Math.Min(4, inputs - (4 * c)));
                    w.WriteLine(c == 0 ? $"var {a} = {v.Multiply(wq, x[c])};" : $"{a} = {v.Fma(wq, x[c], a)};");
                }
            }

            string zero = v.Zero;
            var z = new string[quads];
            for (int q = 0; q < quads; q++)
            {
                string[] rows = Enumerable.Range(4 * q, 4).Select(j => j < units ? $"a{k}_{j}" : zero).ToArray();
                string sums = v.Sum4(rows[0], rows[1], rows[2], rows[3]);
                string zq = layer.HasBias ? v.Add(sums, Quad($"b{k}", layer.BiasOffset, 4 * q, System.Math.Min(4, units - (4 * q)))) : sums;
                z[q] = layer.Op.IsIdentity ? RegisterQuad(k, q) : $"z{k}q{Int(q)}";
                w.WriteLine($"var {z[q]} = {zq};");
            }

            if (layer.Op.IsElementwise && !layer.Op.IsIdentity)
            {
                for (int q = 0; q < quads; q++)
                {
                    w.WriteLine($"var {RegisterQuad(k, q)} = {layer.Op.Forward(v, z[q], layer.Alpha)};");
                }
            }
            else if (!layer.Op.IsElementwise)
            {
                // Softmax: the largest logit (lanes past the last unit left out), the exponentials, their sum, one division.
                string Valid(int q, string vector, string otherwise) => 4 * (q + 1) <= units ? vector : $"V128.ConditionalSelect({LaneMask(w, units - (4 * q))}, {vector}, {otherwise})";
                string largest = Valid(0, z[0], "V128.Create(float.NegativeInfinity)");
                for (int q = 1; q < quads; q++)
                {
                    largest = v.Max(largest, Valid(q, z[q], "V128.Create(float.NegativeInfinity)"));
                }

                w.WriteLine($"{n.Name} m{k} = Kernels.MaxAcross({largest});");
                for (int q = 0; q < quads; q++)
                {
                    string e = v.Exp(v.Subtract(z[q], v.Splat($"m{k}")));
                    w.WriteLine($"var e{k}q{Int(q)} = {(4 * (q + 1) <= units ? e : $"{e} & {LaneMask(w, units - (4 * q))}")};");
                }

                w.WriteLine($"{n.Name} sum{k} = {v.Sum(string.Join(" + ", Enumerable.Range(0, quads).Select(q => $"e{k}q{Int(q)}")))};");
                w.WriteLine($"var inv{k} = {v.Splat($"{Lit(n, 1)} / sum{k}")};");
                for (int q = 0; q < quads; q++)
                {
                    w.WriteLine($"var {RegisterQuad(k, q)} = {v.Multiply($"e{k}q{Int(q)}", $"inv{k}")};");
                }
            }

            // Where h must also land: the caller's output or a looped layer's input span, or the next unrolled layer's locals.
            if (values.HSpan.Exists)
            {
                string target = SpanName(values.HSpan);
                if (values.HSpan.Storage == Storage.Scratch)
                {
                    w.WriteLine($"{SpanOf}<{n.Name}> {target} = {SpanSource(values.HSpan, units)};");
                }

                DeclareRef(w, n, target);
                for (int q = 0; q < quads; q++)
                {
                    if (4 * (q + 1) <= units)
                    {
                        w.WriteLine(v.Store(RegisterQuad(k, q), target, Int(4 * q)));
                    }
                    else
                    {
                        for (int u = 4 * q; u < units; u++)
                        {
                            w.WriteLine($"{target}[{Int(u)}] = V128.GetElement({RegisterQuad(k, q)}, {Int(u - (4 * q))});");
                        }
                    }
                }
            }

            if (index + 1 < plan.Layers.Count && plan.Layers[index + 1].Strategy == LayerStrategy.UnrolledScalar)
            {
                for (int u = 0; u < units; u++)
                {
                    w.WriteLine($"{n.Name} {Local(values.H, u)} = V128.GetElement({RegisterQuad(k, u / 4)}, {Int(u % 4)});");
                }
            }
        }

        /// <summary>
        /// Declares layer <paramref name="index"/>'s input as 128-bit vectors <c>x{k}q{c}</c> (inputs 4c…4c+3, zero past the
        /// last) and returns their names: the previous layer's vectors, a span's elements (a partial last vector loaded from
        /// the span's end and moved down, inside the span), or an unrolled layer's locals.
        /// </summary>
        private static string[] WriteInputQuads(SourceWriter w, KernelPlan plan, int index, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            NumericType n = plan.Numeric;
            var v = new CodeSyntax(Width.V128, n);
            int k = layer.Number, inputs = layer.Inputs;
            int chunks = (inputs + 3) / 4;
            var names = new string[chunks];
            LayerPlan? previous = index > 0 ? plan.Layers[index - 1] : null;
            for (int c = 0; c < chunks; c++)
            {
                int valid = System.Math.Min(4, inputs - (4 * c));
                if (previous is not null && (previous.Strategy == LayerStrategy.VectorUnits || RowQuadsOut(plan, index - 1, ForwardMode.Predict, width)))
                {
                    string h = RegisterQuad(previous.Number, c);
                    if (valid == 4)
                    {
                        names[c] = h;
                        continue;
                    }

                    names[c] = $"x{k}q{Int(c)}";
                    w.WriteLine($"var {names[c]} = {h} & {LaneMask(w, valid)};");
                    continue;
                }

                names[c] = $"x{k}q{Int(c)}";
                string value;
                if (previous is not null && previous.Strategy == LayerStrategy.UnrolledScalar)
                {
                    value = $"V128.Create({string.Join(", ", Enumerable.Range(4 * c, 4).Select(i => i < inputs ? Local(previous.Predict.H, i) : Lit(n, 0)))})";
                }
                else
                {
                    string x = InputName(plan, index, ForwardMode.Predict);
                    if (valid == 4 || inputs >= 4)
                    {
                        DeclareRef(w, n, x);
                    }

                    value = valid == 4 ? v.Load(x, Int(4 * c))
                        : inputs >= 4 ? $"V128.Shuffle({v.Load(x, Int(inputs - 4))}, {LaneIndices(4 - valid, valid)})"
                        : $"V128.Create({string.Join(", ", Enumerable.Range(0, 4).Select(i => i < inputs ? $"{x}[{Int(i)}]" : Lit(n, 0)))})";
                }

                w.WriteLine($"var {names[c]} = {value};");
            }

            return names;
        }

        /// <summary>Shuffle indices that move lanes <paramref name="from"/>… down to lane 0 and zero every lane past <paramref name="valid"/>.</summary>
        private static string LaneIndices(int from, int valid) =>
            $"V128.Create({string.Join(", ", Enumerable.Range(0, 4).Select(l => Int(l < valid ? from + l : 4)))})";

        /// <summary>The name of a mask that keeps the first <paramref name="valid"/> lanes of four, declared once per method.</summary>
        private static string LaneMask(SourceWriter w, int valid)
        {
            string name = $"first{Int(valid)}";
            if (w.DeclaredRefs.Add(name))
            {
                w.WriteLine($"var {name} = V128.AsSingle(V128.Create({string.Join(", ", Enumerable.Range(0, 4).Select(l => l < valid ? "-1" : "0"))})); // the first {Values(valid, "lane")}");
            }

            return name;
        }

        private static string RegisterQuad(int k, int q) => $"h{Int(k)}q{Int(q)}";

        /// <summary>Whether layer <paramref name="index"/>'s Predict output stays in registers at this width (<see cref="NetworkLowering.HoldsRowQuads"/>).</summary>
        private static bool RowQuadsOut(KernelPlan plan, int index, ForwardMode mode, Width width)
        {
            if (mode != ForwardMode.Predict || width.IsScalar || index + 1 >= plan.Layers.Count)
            {
                return false;
            }

            LayerPlan layer = plan.Layers[index];
            return NetworkLowering.HoldsRowQuads(layer, plan.Layers[index + 1], plan.Numeric, width.Fit(plan.Numeric, layer.Inputs).Lanes(plan.Numeric));
        }

        /// <summary>
        /// z = W·x + b row by row: blocks of up to four rows (eight where <see cref="NetworkLowering.RowsPerBlock"/> says
        /// so) share each vector of x, each row has its own accumulators (<c>a{r}</c>, or <c>acc{r}_{q}</c> where a row
        /// has several: independent chains the processor overlaps, as many as <see cref="NetworkLowering.ChainsPerBlock"/>).
        /// Where <see cref="NetworkLowering.SumsRowBlocks"/> says so, each four rows' accumulators are summed into one
        /// 128-bit vector of four units (<c>Kernels.Sum4</c>), the bias added
        /// as a vector, and the vector stored once: into z (<paramref name="keepZ"/>) and, with the activation applied,
        /// into <paramref name="activated"/> (h) when that is given; a last partial block overlaps the one before it.
        /// Otherwise the lanes are summed once per row into scalars.
        /// </summary>
        private static void WriteRows(SourceWriter w, KernelPlan plan, LayerPlan layer, Width width, string x, string z, string[]? inputRegisters, string? activated, bool keepZ, bool quadsOut = false)
        {
            NumericType n = plan.Numeric;
            int k = layer.Number, inputs = layer.Inputs, units = layer.Units;
            Width dot = width.Fit(n, inputs);
            var s = new CodeSyntax(dot, n);
            int lanes = dot.Lanes(n);
            int chunks = inputs / lanes;
            bool blockSums = NetworkLowering.SumsRowBlocks(layer, n, width.Fit(n, layer.Inputs).Lanes(n));
            var q4 = new CodeSyntax(Width.V128, n);
            bool loops = NetworkLowering.RowsLoop(inputs, lanes, inputsHeld: inputRegisters is not null);
            int rowsPerBlock = NetworkLowering.RowsPerBlock(layer, n, dot.Bits, lanes, loops, quadsOut);
            // quadsOut: each block's four units end in h{k}q{block}, declared here, for the next layer to read in registers.
            string? restMask = null;
            if (quadsOut)
            {
                int quads = (units + 3) / 4;
                w.WriteLine($"global::System.Runtime.Intrinsics.Vector128<{n.Name}> {string.Join(", ", Enumerable.Range(0, quads).Select(q => RegisterQuad(k, q)))};");
                if (units % 4 != 0)
                {
                    restMask = LaneMask(w, units % 4);
                }
            }
            int chains = NetworkLowering.ChainsPerBlock(dot.Bits, loops);

            void Block(int rows, string j, bool braces)
            {
                if (braces)
                {
                    w.OpenBlock();
                }

                int accumulators = System.Math.Max(1, System.Math.Min(chains / rows, chunks));

                int step = accumulators * lanes;
                int looped = loops ? chunks / accumulators * accumulators : 0;

                // A vector loop reads every row from the block's first (W{k}j: a constant distance from it), so that each
                // load is one address from one register and the (native-sized) loop index; unrolled and scalar code reads
                // each row from its own offset.
                bool fromFirstRow = looped > 0 && !s.IsScalar;
                string rowsFrom = j == "0" ? $"W{k}" : $"W{k}j";
                int? firstRow = CodeSyntax.IsNumber(j, out int row0) ? row0 : null;
                if (fromFirstRow && j != "0")
                {
                    string offset = firstRow is int f ? Int(f * inputs) : $"{j} * {Int(inputs)}";
                    w.WriteLine($"ref {n.Name} r{rowsFrom} = ref {UnsafeType}.Add(ref rW{k}, {offset}); // the block's first row");
                }

                // Where row r's weights at (an offset into the row) start: a number when the block's first row and the
                // offset are constants, else from the row's offset w{r}.
                string RowAt(int r, string at) =>
                    firstRow is int f && CodeSyntax.IsNumber(at, out int offset) ? Int(((f + r) * inputs) + offset) : CodeSyntax.Plus($"w{r}", at);

                // Row offsets: for scalar loops, and for unrolled loads and the scalar terms past the last whole vector of
                // a row unless the block's first row is a constant (then those are numbers).
                if ((!fromFirstRow && (firstRow is null || looped > 0)) || (firstRow is null && !blockSums && chunks * lanes < inputs))
                {
                    for (int r = 0; r < rows; r++)
                    {
                        string row = firstRow is int f ? Int((f + r) * inputs) : r == 0 ? $"{j} * {Int(inputs)}" : $"({j} + {Int(r)}) * {Int(inputs)}";
                        w.WriteLine($"int w{r} = {row};");
                    }
                }

                // Without a loop each accumulator starts from its first product (a multiply, not an FMA onto a zero: the
                // same value, one instruction and one register copy less); a loop's accumulators start at zero.
                bool startFromProduct = looped == 0;
                var acc = new string[rows, accumulators];
                for (int r = 0; r < rows; r++)
                {
                    for (int q = 0; q < accumulators; q++)
                    {
                        acc[r, q] = accumulators > 1 ? $"acc{r}_{Int(q)}" : $"a{r}";
                        if (!startFromProduct || q >= chunks)
                        {
                            w.WriteLine($"{s.Type} {acc[r, q]} = {s.Zero};");
                        }
                    }
                }

                // name: the vector of x at this offset, loaded here unless it is already held in a register local; first:
                // this chunk starts accumulator q.
                void Chunk(string at, int q, string name, bool first, bool held = false)
                {
                    bool constant = CodeSyntax.IsNumber(at, out int offset);
                    if (!held)
                    {
                        w.WriteLine($"{s.Type} {name} = {(fromFirstRow && !constant ? s.LoadNative(x, at) : s.Load(x, at))};");
                    }

                    for (int r = 0; r < rows; r++)
                    {
                        string weights = !fromFirstRow ? s.Load($"W{k}", RowAt(r, at))
                            : constant ? s.Load(rowsFrom, Int((r * inputs) + offset))
                            : s.LoadNative(rowsFrom, CodeSyntax.Plus(at, Int(r * inputs)));
                        w.WriteLine(first
                            ? $"{s.Type} {acc[r, q]} = {s.Multiply(weights, name)};"
                            : $"{acc[r, q]} = {s.Fma(weights, name, acc[r, q])};");
                    }
                }

                if (looped > 0)
                {
                    w.OpenBlock($"for ({(fromFirstRow ? "nuint" : "int")} i = 0; i < {Int(looped * lanes)}; i += {Int(step)})");
                    for (int q = 0; q < accumulators; q++)
                    {
                        Chunk(q == 0 ? "i" : $"i + {Int(q * lanes)}", q, $"xv{q}", first: false);
                    }

                    w.CloseBlock();
                    w.WriteLine();
                }

                for (int c = looped; c < chunks; c++)
                {
                    Chunk(Int(c * lanes), c % accumulators, inputRegisters?[c] ?? $"xv{c}", first: startFromProduct && c < accumulators, held: inputRegisters is not null);
                }

                if (blockSums && quadsOut)
                {
                    // The lanes past the last unit are zero plus zero bias; the next layer masks them anyway.
                    string at = j == "0" ? Int(0) : j;
                    string quad = RegisterQuad(k, int.Parse(at, System.Globalization.CultureInfo.InvariantCulture) / 4);
                    string bias = rows < 4 ? $"({q4.Load($"b{k}", at)} & {restMask})" : q4.Load($"b{k}", at);
                    string sums = RowSums(0);
                    w.WriteLine($"var zq = {(layer.HasBias ? q4.Add(sums, bias) : sums)};");
                    w.WriteLine($"{quad} = {layer.Op.Forward(q4, "zq", layer.Alpha)};");
                }
                else if (blockSums)
                {
                    // Each four rows' sums make one vector of four units (two for a block of eight).
                    for (int quad = 0; quad * 4 < rows; quad++)
                    {
                        string at = j == "0" ? Int(4 * quad) : quad == 0 ? j : $"{j} + {Int(4 * quad)}";
                        string zq = rows > 4 ? $"zq{Int(quad)}" : "zq";
                        string sums = RowSums(4 * quad);
                        w.WriteLine($"var {zq} = {(layer.HasBias ? q4.Add(sums, q4.Load($"b{k}", at)) : sums)};");
                        if (keepZ)
                        {
                            w.WriteLine(q4.Store(zq, z, at));
                        }

                        if (activated is not null)
                        {
                            w.WriteLine(q4.Store(layer.Op.Forward(q4, zq, layer.Alpha), activated, at));
                        }
                    }
                }

                if (blockSums)
                {
                    if (braces)
                    {
                        w.CloseBlock();
                    }

                    return;
                }

                // The sums of rows first … first + 3 as one vector of four units (zero for rows past the block's end).
                string RowSums(int first)
                {
                    string[] rowSums = Enumerable.Range(first, 4).Select(r => r < rows ? string.Join(" + ", Enumerable.Range(0, accumulators).Select(q => acc[r, q])) : s.Zero).ToArray();
                    return s.Sum4(rowSums[0], rowSums[1], rowSums[2], rowSums[3]);
                }

                for (int r = 0; r < rows; r++)
                {
                    var terms = new List<string> { s.Sum(string.Join(" + ", Enumerable.Range(0, accumulators).Select(q => acc[r, q]))) };
                    for (int i = chunks * lanes; i < inputs; i++)
                    {
                        terms.Add($"W{k}[{RowAt(r, Int(i))}] * {x}[{Int(i)}]");
                    }

                    if (layer.HasBias)
                    {
                        terms.Add(j == "0" ? $"b{k}[{Int(r)}]" : r == 0 ? $"b{k}[{j}]" : $"b{k}[{j} + {Int(r)}]");
                    }

                    w.WriteLine($"{z}[{(j == "0" ? Int(r) : r == 0 ? j : $"{j} + {Int(r)}")}] = {string.Join(" + ", terms)};");
                }

                if (braces)
                {
                    w.CloseBlock();
                }
            }

            int blocks = units / rowsPerBlock, rest = units - (blocks * rowsPerBlock);
            if (quadsOut)
            {
                for (int b = 0; b < blocks; b++)
                {
                    Block(4, Int(4 * b), braces: true);
                }

                if (rest > 0)
                {
                    w.OpenBlock();
                    w.WriteLine($"// the last {Values(rest, "row")}: a block of four with zero rows");
                    Block(rest, Int(4 * blocks), braces: false);
                    w.CloseBlock();
                }

                return;
            }

            if (blocks == 1)
            {
                Block(rowsPerBlock, "0", braces: true);
            }
            else if (blocks > 1)
            {
                w.OpenBlock($"for (int j = 0; j < {Int(blocks * rowsPerBlock)}; j += {Int(rowsPerBlock)})");
                Block(rowsPerBlock, "j", braces: false);
                w.CloseBlock();
            }

            if (rest > 0 && blockSums)
            {
                w.OpenBlock();
                w.WriteLine($"const int j = {Int(units - 4)}; // the last {Values(rest, "row")}, in a block of four that overlaps the one before");
                Block(4, "j", braces: false);
                w.CloseBlock();
            }
            else if (rest > 0)
            {
                w.OpenBlock();
                w.WriteLine($"const int j = {Int(blocks * rowsPerBlock)}; // the last {Values(rest, "row")}");
                Block(rest, "j", braces: false);
                w.CloseBlock();
            }
        }

        /// <summary>Softmax over a span: the largest logit, the exponentials (vectors), their sum, one division.</summary>
        private static void WriteVectorSoftmax(SourceWriter w, NumericType n, Width width, int k, int units, string z, string h)
        {
            string t = n.Name;
            w.WriteLine($"{t} m{k} = {z}[0];");
            w.OpenBlock($"for (int j = 1; j < {Int(units)}; j++)");
            w.WriteLine($"m{k} = {n.MathClass}.Max(m{k}, {z}[j]);");
            w.CloseBlock();
            ForEachChunk(w, n, width, units, inPlace: false, (s, at) => new[] { s.Store(s.Exp(s.Subtract(s.Load(z, at), s.Splat($"m{k}"))), h, at) });
            w.WriteLine($"{t} sum{k} = {Lit(n, 0)};");
            w.OpenBlock($"for (int j = 0; j < {Int(units)}; j++)");
            w.WriteLine($"sum{k} += {h}[j];");
            w.CloseBlock();
            w.WriteLine($"{t} inv{k} = {Lit(n, 1)} / sum{k};");
            ForEachChunk(w, n, width, units, inPlace: true, (s, at) => new[] { s.Store(s.Multiply(s.Load(h, at), s.Splat($"inv{k}")), h, at) });
        }

        /// <summary>
        /// Writes <paramref name="body"/> for every vector of <paramref name="count"/> values: whole vectors of the widest
        /// width that fits (a loop with constant bounds when there are more than four), then the rest. When the body
        /// does not read what it writes, the rest is one more whole vector that overlaps the previous one; otherwise
        /// narrower vectors and scalars.
        /// </summary>
        private static void ForEachChunk(SourceWriter w, NumericType n, Width width, int count, bool inPlace, System.Func<CodeSyntax, string, IEnumerable<string>> body, string index = "j")
        {
            int start = 0;
            while (start < count)
            {
                Width fit = width.Fit(n, count - start);
                var s = new CodeSyntax(fit, n);
                int lanes = fit.Lanes(n);
                int whole = (count - start) / lanes;
                if (whole > 4)
                {
                    w.OpenBlock($"for (int {index} = {Int(start)}; {index} < {Int(start + (whole * lanes))}; {index} += {Int(lanes)})");
                    foreach (string line in body(s, index))
                    {
                        w.WriteLine(line);
                    }

                    w.CloseBlock();
                }
                else
                {
                    for (int c = 0; c < whole; c++)
                    {
                        WriteBody(w, body(s, Int(start + (c * lanes))));
                    }
                }

                start += whole * lanes;
                if (start < count && !inPlace && !fit.IsScalar && start >= lanes)
                {
                    WriteBody(w, body(s, Int(count - lanes)));
                    return;
                }
            }
        }

        /// <summary>One chunk's statements; in braces when there are several, so that their locals stay apart.</summary>
        private static void WriteBody(SourceWriter w, IEnumerable<string> lines)
        {
            var list = lines.ToList();
            if (list.Count > 1)
            {
                w.OpenBlock();
            }

            foreach (string line in list)
            {
                w.WriteLine(line);
            }

            if (list.Count > 1)
            {
                w.CloseBlock();
            }
        }

        private static void DeclareSpan(SourceWriter w, KernelPlan plan, Place place, int length, bool withRef)
        {
            string name = SpanName(place);
            if (place.Storage != Storage.Output)
            {
                w.WriteLine($"{SpanOf}<{plan.Numeric.Name}> {name} = {SpanSource(place, length)};");
            }

            if (withRef)
            {
                DeclareRef(w, plan.Numeric, name);
            }
        }

        /// <summary>Declares <c>ref T r{name}</c> to the span <paramref name="name"/> for vector loads, once per method.</summary>
        private static void DeclareRef(SourceWriter w, NumericType n, string name)
        {
            if (w.DeclaredRefs.Add(name))
            {
                w.WriteLine($"ref {n.Name} r{name} = ref MemoryMarshal.GetReference({name});");
            }
        }

        /// <summary>The name a span place has in the generated code: the caller's <c>output</c>, else its own name.</summary>
        private static string SpanName(Place place) => place.Storage == Storage.Output ? "output" : place.Name;

        private static string SpanSource(Place place, int length) => place.Storage switch
        {
            Storage.LayerOutputs => $"layerOutputs.Slice({Int(place.Offset)}, {Int(length)})",
            Storage.Output => "output",
            _ => $"s.Slice({Int(place.Offset)}, {Int(length)})",
        };

        /// <summary>Element <paramref name="j"/> of a value held in locals.</summary>
        private static string Local(Place place, int j) => $"{place.Name}_{Int(j)}";

        /// <summary>Layer <paramref name="index"/>'s input as a span: the caller's input, or the previous layer's output span.</summary>
        private static string InputName(KernelPlan plan, int index, ForwardMode mode)
        {
            if (index == 0)
            {
                return "input";
            }

            LayerValues previous = Values(plan.Layers[index - 1], mode);
            return SpanName(previous.HSpan.Exists ? previous.HSpan : previous.H);
        }

        /// <summary>Input <paramref name="i"/> of layer <paramref name="index"/> for scalar code: a local of an unrolled layer, else a span element.</summary>
        private static string InputRef(KernelPlan plan, int index, int i, ForwardMode mode)
        {
            if (index > 0 && plan.Layers[index - 1].Unrolled)
            {
                return Local(Values(plan.Layers[index - 1], mode).H, i);
            }

            return $"{InputName(plan, index, mode)}[{Int(i)}]";
        }

        /// <summary>
        /// Writes <c>prefix term + term + … end</c>, four terms a line. Longer sums are added as a balanced tree of
        /// those lines, so that the additions do not form one long dependency chain: the processor then overlaps
        /// them (a 64-term dot product waits for about 7 additions instead of 64). A bias joins the last group.
        /// </summary>
        private static void WriteSum(SourceWriter w, string prefix, IReadOnlyList<string> terms, string? last = null, string end = ";")
        {
            const int PerLine = 4;
            var groups = new List<List<string>>();
            for (int start = 0; start < terms.Count; start += PerLine)
            {
                groups.Add(new List<string> { string.Join(" + ", terms.Skip(start).Take(PerLine)) });
            }

            if (last is not null)
            {
                if (groups.Count == 0)
                {
                    groups.Add(new List<string> { last });
                }
                else
                {
                    groups[groups.Count - 1][0] += " + " + last;
                }
            }

            if (groups.Count == 1)
            {
                w.WriteLine(prefix + groups[0][0] + end);
                return;
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

        /// <summary>The most vectors a layer's output is held in as locals between two vector layers of Predict.</summary>
        private const int MaxOutputRegisters = 8;

        /// <summary>
        /// The most 128-bit vectors a layer of vectors across its units (<see cref="LayerStrategy.VectorAcrossOutputs"/>:
        /// each vector one FMA from one input, nothing to sum) hands on as locals. xsq's 1 → 64 is sixteen of them at 128
        /// bits: held, its Predict took 11.4 ns instead of 18.5 (one run, Zen 4, DOTNET_EnableAVX2=0) even where x64 has
        /// only sixteen such registers. Row-block layers stay at <see cref="MaxOutputRegisters"/>: wide's 256 → 256 with
        /// sixteen 512-bit vectors held ran 3.2× slower.
        /// </summary>
        private const int MaxAcrossOutputRegisters128 = 16;

        /// <summary>
        /// How many vector locals hold layer <paramref name="index"/>'s output h in Predict at <paramref name="width"/>, or 0
        /// when h goes through scratch. A hidden vector layer with an element-wise activation keeps h in registers when
        /// the next layer runs dot products (<see cref="LayerStrategy.VectorRows"/>) that read h in whole vectors of the
        /// same width, at most <see cref="MaxOutputRegisters"/> of them (<see cref="MaxAcrossOutputRegisters128"/>): the values then never make the round trip through
        /// memory (stored by one layer, loaded back by the next), which cost xsq's 1 → 64 → 1 half of its time.
        /// </summary>
        private static int OutputRegisters(KernelPlan plan, int index, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            if (width.IsScalar || layer.Unrolled || !layer.Op.IsElementwise || index == plan.Layers.Count - 1)
            {
                return 0;
            }

            LayerPlan next = plan.Layers[index + 1];
            if (next.Strategy != LayerStrategy.VectorRows)
            {
                return 0;
            }

            Width fit = width.Fit(plan.Numeric, layer.Units);
            int lanes = fit.Lanes(plan.Numeric);
            int count = layer.Units / lanes;
            int most = layer.Strategy == LayerStrategy.VectorAcrossOutputs && fit.Bits == 128 ? MaxAcrossOutputRegisters128 : MaxOutputRegisters;
            return layer.Units % lanes == 0 && count <= most && width.Fit(plan.Numeric, next.Inputs).Lanes(plan.Numeric) == lanes ? count : 0;
        }

        /// <summary>The names of the vector locals that hold layer <paramref name="index"/>'s input, or null when it is a span.</summary>
        private static string[]? InputRegisters(KernelPlan plan, int index, Width width)
        {
            int count = index == 0 ? 0 : OutputRegisters(plan, index - 1, width);
            if (count == 0)
            {
                return null;
            }

            int k = plan.Layers[index - 1].Number;
            return Enumerable.Range(0, count).Select(c => RegisterName(k, c)).ToArray();
        }

        private static string RegisterName(int k, int c) => $"h{Int(k)}v{Int(c)}";

        /// <summary>A numeric literal of the network's type.</summary>
        private static string Lit(NumericType n, double value) => CodeSyntax.Literal(n, value);
    }
}
