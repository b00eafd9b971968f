using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Generator.Lowering;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The batched members: <c>PredictBatch</c>, <c>AccumulateGradientsBatch</c>, <c>EvaluateLoss</c> and <c>EvaluateLossBatch</c>.
    /// Samples go through the network a block at a time (<see cref="BatchPlan.Block"/> samples); each layer is one
    /// matrix × matrix kernel that reads every weight once per block, printed with constant sizes for 512-, 256- and
    /// 128-bit vectors and scalar code, chosen by the <c>IsHardwareAccelerated</c> constants the JIT and AOT fold.
    /// </summary>
    internal static partial class NetworkEmitter
    {
        private const string UnsafeType = "global::System.Runtime.CompilerServices.Unsafe";
        private const string MemoryMarshalType = "global::System.Runtime.InteropServices.MemoryMarshal";
        private const string ClassificationType = "global::NetGen.Classification";
        private const string InliningAttribute =
            "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

        /// <summary>The vector widths, widest first: the first one whose lanes fit a layer's fan-in is its fast path.</summary>
        /// <summary>Whether FMA is an instruction (elsewhere the vector API emulates it slowly, element by element).</summary>
        private const string HardwareFma =
            "(global::System.Runtime.Intrinsics.X86.Fma.IsSupported || global::System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)";

        private static readonly (string Type, int Bits)[] VectorWidths =
        {
            ("global::System.Runtime.Intrinsics.Vector512", 512),
            ("global::System.Runtime.Intrinsics.Vector256", 256),
            ("global::System.Runtime.Intrinsics.Vector128", 128),
        };

        private static int BytesPerValue(KernelPlan plan) => plan.Numeric == NumericType.Double ? 8 : 4;

        private static void WriteBatchMembers(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            BatchPlan batch = BatchPlan.Lower(plan, BytesPerValue(plan));
            string t = plan.Numeric.Name;
            w.WriteLine($"private readonly {t}[] __NetGen_batchScratch = new {t}[{Int(batch.TrainScratch)}];");
            if (!batch.PredictScratchOnStack)
            {
                w.WriteLine($"[{ThreadStaticAttribute}]");
                w.WriteLine($"private static {t}[]? __NetGen_batchPredictScratch;");
            }

            w.WriteLine();
            WritePredictBatch(w, plan, batch);
            w.WriteLine();
            WriteLossMembers(w, plan, batch);
            w.WriteLine();
            WriteAccumulateGradientsBatch(w, plan, batch);
            w.WriteLine();
            WriteBatchForward(w, plan, batch);
            w.WriteLine();
            WriteBatchBackward(w, plan, batch);
            foreach (LayerPlan layer in plan.Layers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                w.WriteLine();
                WriteBlockDense(w, plan, layer);
                w.WriteLine();
                WriteBlockWeightGradient(w, plan, layer);
                if (!layer.IsFirst)
                {
                    w.WriteLine();
                    WriteBlockInputGradient(w, plan, layer);
                }
            }

            w.WriteLine();
            WriteFmaHelpers(w, plan);
            w.WriteLine();
            w.WriteLine($$"""
                private static void __NetGen_ThrowBatchShape(int count, string name, int needed, int actual)
                {
                    if (count < 0)
                    {
                        throw new global::System.ArgumentOutOfRangeException(nameof(count), count, "The number of samples must be zero or more.");
                    }

                    throw new {{ArgumentExceptionType}}($"A batch of {count} samples for {{plan.Type.Name}} needs at least {needed} values in '{name}', but it has {actual}.", name);
                }
                """);
        }

        /// <summary>The batched members of a network that could not be generated: each throws and names the error.</summary>
        private static void WriteInvalidBatchMembers(SourceWriter w, KernelPlan plan, string fail)
        {
            string t = plan.Numeric.Name;
            w.WriteLine($"""

                {GeneratedCode}
                public void PredictBatch({ReadOnlySpanOf}<{t}> inputs, {SpanOf}<{t}> outputs, int count) => {fail};

                {GeneratedCode}
                public {t} EvaluateLoss({ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target) => {fail};

                {GeneratedCode}
                public {t} EvaluateLossBatch({ReadOnlySpanOf}<{t}> inputs, {ReadOnlySpanOf}<{t}> targets, int count, out int correct) => {fail};
                """);
        }

        private static void WriteBatchShapeCheck(SourceWriter w, string name, string width, bool first)
        {
            string condition = first ? $"count < 0 || {name}.Length < count * {width}" : $"{name}.Length < count * {width}";
            w.OpenBlock($"if ({condition})");
            w.WriteLine($"__NetGen_ThrowBatchShape(count, nameof({name}), count * {width}, {name}.Length);");
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WritePredictBatchScratch(SourceWriter w, KernelPlan plan, BatchPlan batch)
        {
            string t = plan.Numeric.Name;
            w.WriteLine(batch.PredictScratchOnStack
                ? $"{SpanOf}<{t}> s = stackalloc {t}[{Int(batch.PredictScratch)}];"
                : $"{SpanOf}<{t}> s = __NetGen_batchPredictScratch ??= new {t}[{Int(batch.PredictScratch)}];");
        }

        private static void WritePredictBatch(SourceWriter w, KernelPlan plan, BatchPlan batch)
        {
            string t = plan.Numeric.Name;
            int b = batch.Block;
            int o = plan.OutputSize;
            w.WriteLine($"""
                /// <summary>
                /// Computes the outputs of <paramref name="count"/> inputs stored one after another, {Int(b)} samples at a time:
                /// each layer is a matrix × matrix product that reads every weight once per block. Allocates nothing and may
                /// be called from several threads at once.
                /// </summary>
                /// <param name="inputs">At least <paramref name="count"/> × {Int(plan.InputSize)} values.</param>
                /// <param name="outputs">At least <paramref name="count"/> × {Int(o)} values; the first <paramref name="count"/> × {Int(o)} are overwritten.</param>
                /// <param name="count">The number of samples.</param>
                {GeneratedCode}
                """);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"public void PredictBatch({ReadOnlySpanOf}<{t}> inputs, {SpanOf}<{t}> outputs, int count)");
            WriteBatchArguments(w, plan, "outputs");
            WritePredictBatchScratch(w, plan, batch);
            OpenBlockLoop(w, b);
            w.OpenBlock("if (n == 1)");
            w.WriteLine("Predict(inputs.Slice(start * InputSize, InputSize), outputs.Slice(start * OutputSize, OutputSize));");
            w.WriteLine("break;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("__NetGen_BlockForward(p, s, inputs.Slice(start * InputSize), n);");
            w.WriteLine($"s.Slice({Int(batch.Output.H)}, n * OutputSize).CopyTo(outputs.Slice(start * OutputSize));");
            w.CloseBlock();
            w.CloseBlock();
        }

        private static void WriteLossMembers(SourceWriter w, KernelPlan plan, BatchPlan batch)
        {
            string t = plan.Numeric.Name;
            int b = batch.Block;
            int o = plan.OutputSize;
            string correct = plan.Loss switch
            {
                Loss.CrossEntropy => "the samples whose largest output is where their largest target is",
                Loss.BinaryCrossEntropy => "the outputs on the same side of 0.5 as their targets",
                _ => "always 0 for a regression loss",
            };
            w.WriteLine($"""
                /// <summary>
                /// The loss of one sample, forward pass only (what <see cref="AccumulateGradients"/> returns, within rounding).
                /// Leaves <see cref="Gradients"/> untouched; may be called from several threads at once.
                /// </summary>
                {GeneratedCode}
                """);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"public {t} EvaluateLoss({ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target)");
            WriteLengthCheck(w, "input", "InputSize");
            WriteLengthCheck(w, "target", "OutputSize");
            w.WriteLine("return EvaluateLossBatch(input, target, 1, out int __NetGen_correct);");
            w.CloseBlock();
            w.WriteLine();

            w.WriteLine($"""
                /// <summary>
                /// The summed loss of <paramref name="count"/> samples stored one after another, forward pass only, {Int(b)}
                /// samples at a time, and in <paramref name="correct"/> the number of correct classifications ({correct}).
                /// Leaves <see cref="Gradients"/> untouched; allocates nothing and may be called from several threads at once.
                /// </summary>
                {GeneratedCode}
                """);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"public {t} EvaluateLossBatch({ReadOnlySpanOf}<{t}> inputs, {ReadOnlySpanOf}<{t}> targets, int count, out int correct)");
            WriteBatchArguments(w, plan, "targets");
            WritePredictBatchScratch(w, plan, batch);
            w.WriteLine($"{t} loss = {Lit(plan.Numeric, 0)};");
            w.WriteLine("correct = 0;");
            OpenBlockLoop(w, b);
            w.WriteLine("__NetGen_BlockForward(p, s, inputs.Slice(start * InputSize), n);");
            w.OpenBlock("for (int r = 0; r < n; r++)");
            w.WriteLine($"{ReadOnlySpanOf}<{t}> target = targets.Slice((start + r) * OutputSize, OutputSize);");
            w.WriteLine($"loss += {LossCall(plan, batch, "r", "target", batch.LossGradient)};");
            if (plan.Loss != Loss.MeanSquaredError)
            {
                w.WriteLine($"correct += {ClassificationType}.CountCorrect<{t}>(global::NetGen.Loss.{plan.Loss}, s.Slice({Int(batch.Output.H)} + (r * {Int(o)}), {Int(o)}), target);");
            }

            w.CloseBlock();
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("return loss;");
            w.CloseBlock();
        }

        /// <summary>The loss kernel of sample <paramref name="row"/> of the block; it writes dL/dh (or the fused dL/dz) at <paramref name="gradient"/>.</summary>
        private static string LossCall(KernelPlan plan, BatchPlan batch, string row, string target, int gradient)
        {
            string t = plan.Numeric.Name;
            int o = plan.OutputSize;
            string Row(int offset) => $"s.Slice({Int(offset)} + ({row} * {Int(o)}), {Int(o)})";
            return plan.Loss switch
            {
                Loss.CrossEntropy => $"{KernelsType}.SoftmaxCrossEntropy<{t}>({Row(batch.Output.Z)}, {Row(batch.Output.H)}, {target}, {Row(gradient)})",
                Loss.BinaryCrossEntropy => $"{KernelsType}.SigmoidBinaryCrossEntropy<{t}>({Row(batch.Output.Z)}, {Row(batch.Output.H)}, {target}, {Row(gradient)})",
                _ => $"{KernelsType}.MeanSquaredError<{t}>({Row(batch.Output.H)}, {target}, {Row(gradient)})",
            };
        }

        private static void WriteAccumulateGradientsBatch(SourceWriter w, KernelPlan plan, BatchPlan batch)
        {
            string t = plan.Numeric.Name;
            int b = batch.Block;
            int o = plan.OutputSize;
            w.WriteLine($"""
                /// <summary>
                /// Runs forward and backward for <paramref name="count"/> samples stored one after another, adds the sum of
                /// their gradients to <see cref="Gradients"/> and returns the sum of their losses. Computed as a batch, {Int(b)}
                /// samples at a time (dL/dW += dZᵀ·H over the block), so each weight and gradient is read once per block.
                /// Not safe to call from several threads at once on one instance.
                /// </summary>
                {GeneratedCode}
                """);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"public {t} AccumulateGradientsBatch({ReadOnlySpanOf}<{t}> inputs, {ReadOnlySpanOf}<{t}> targets, int count)");
            WriteBatchArguments(w, plan, "targets");
            w.WriteLine($"{SpanOf}<{t}> g = __NetGen_gradients;");
            w.WriteLine($"{SpanOf}<{t}> s = __NetGen_batchScratch;");
            w.WriteLine($"{t} loss = {Lit(plan.Numeric, 0)};");
            OpenBlockLoop(w, b);
            w.OpenBlock("if (n == 1)");
            w.WriteLine("// A lone sample (a batch of one, or the last of a batch) costs less on its own than padded to a block.");
            w.WriteLine("loss += AccumulateGradients(inputs.Slice(start * InputSize, InputSize), targets.Slice(start * OutputSize, OutputSize));");
            w.WriteLine("break;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine($"{ReadOnlySpanOf}<{t}> x = __NetGen_BlockForward(p, s, inputs.Slice(start * InputSize), n);");
            w.OpenBlock("for (int r = 0; r < n; r++)");
            w.WriteLine($"loss += {LossCall(plan, batch, "r", "targets.Slice((start + r) * OutputSize, OutputSize)", batch.Output.Gradient)};");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("// The padding samples of a partial block contribute nothing: their output gradient is zero.");
            w.WriteLine($"s.Slice({Int(batch.Output.Gradient)} + (n * {Int(o)}), ({Int(b)} - n) * {Int(o)}).Clear();");
            w.WriteLine("__NetGen_BlockBackward(p, g, s, x);");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("return loss;");
            w.CloseBlock();
        }

        /// <summary>
        /// The forward pass of one block: the first <c>n</c> samples of <c>inputs</c> (padded with zeros to a whole
        /// block when <c>n</c> is smaller) into each layer's z and h blocks. Returns the input block it read.
        /// </summary>
        private static void WriteBatchForward(SourceWriter w, KernelPlan plan, BatchPlan batch)
        {
            string t = plan.Numeric.Name;
            int b = batch.Block;
            int inputs = plan.InputSize;
            w.WriteLine($"/// <summary>The forward pass of one block of {Int(b)} samples (a partial block is padded with zero inputs).</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static {ReadOnlySpanOf}<{t}> __NetGen_BlockForward({ReadOnlySpanOf}<{t}> p, {SpanOf}<{t}> s, {ReadOnlySpanOf}<{t}> inputs, int n)");
            w.WriteLine($"{ReadOnlySpanOf}<{t}> x = inputs;");
            w.OpenBlock($"if (n < {Int(b)})");
            w.WriteLine($"{SpanOf}<{t}> padded = s.Slice({Int(batch.Input)}, {Int(b * inputs)});");
            w.WriteLine($"inputs.Slice(0, n * {Int(inputs)}).CopyTo(padded);");
            w.WriteLine($"padded.Slice(n * {Int(inputs)}).Clear();");
            w.WriteLine("x = padded;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine($"ref {t} P = ref {MemoryMarshalType}.GetReference(p);");
            w.WriteLine($"ref {t} S = ref {MemoryMarshalType}.GetReference(s);");
            for (int index = 0; index < batch.Layers.Count; index++)
            {
                BatchLayerPlan l = batch.Layers[index];
                LayerPlan layer = l.Layer;
                int k = layer.Number;
                int units = layer.Units;
                string input = index == 0 ? $"ref {MemoryMarshalType}.GetReference(x)" : $"ref {UnsafeType}.Add(ref S, {Int(batch.Layers[index - 1].H)})";
                string bias = layer.HasBias ? $", ref {UnsafeType}.Add(ref P, {Int(layer.BiasOffset)})" : string.Empty;
                w.WriteLine($"// Layer {Int(k)}: Dense {Int(layer.Inputs)}→{Int(units)}, {layer.Activation}, {Int(b)} samples.   Z{k} = {(index == 0 ? "X" : $"H{k - 1}")}·W{k}ᵀ{(layer.HasBias ? $" + b{k}" : string.Empty)};  H{k} = {layer.Op.Formula($"Z{k}", layer.Alpha)}");
                w.WriteLine($"__NetGen_BlockDense{k}(ref {UnsafeType}.Add(ref P, {Int(layer.WeightOffset)}){bias}, {input}, ref {UnsafeType}.Add(ref S, {Int(l.Z)}));");
                string z = $"s.Slice({Int(l.Z)}, {Int(b * units)})";
                string h = $"s.Slice({Int(l.H)}, {Int(b * units)})";
                switch (layer.Activation)
                {
                    case Activation.Identity:
                        break;
                    case Activation.Softmax:
                        w.OpenBlock($"for (int r = 0; r < {Int(b)}; r++)");
                        w.WriteLine($"{KernelsType}.Softmax<{t}>(s.Slice({Int(l.Z)} + (r * {Int(units)}), {Int(units)}), s.Slice({Int(l.H)} + (r * {Int(units)}), {Int(units)}));");
                        w.CloseBlock();
                        break;
                    case Activation.LeakyReLU:
                        w.WriteLine($"{KernelsType}.LeakyReLU<{t}>({z}, {h}, {Lit(plan.Numeric, layer.Alpha)});");
                        break;
                    default:
                        w.WriteLine($"{KernelsType}.{layer.Activation}<{t}>({z}, {h});");
                        break;
                }
            }

            w.WriteLine();
            w.WriteLine("return x;");
            w.CloseBlock();
        }

        /// <summary>The backward pass of one block whose output gradient is in place; adds the block's gradient to <c>g</c>.</summary>
        private static void WriteBatchBackward(SourceWriter w, KernelPlan plan, BatchPlan batch)
        {
            string t = plan.Numeric.Name;
            int b = batch.Block;
            w.WriteLine($"/// <summary>The backward pass of one block of {Int(b)} samples, from the output gradient the loss wrote.</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static void __NetGen_BlockBackward({ReadOnlySpanOf}<{t}> p, {SpanOf}<{t}> g, {SpanOf}<{t}> s, {ReadOnlySpanOf}<{t}> x)");
            w.WriteLine($"ref {t} P = ref {MemoryMarshalType}.GetReference(p);");
            w.WriteLine($"ref {t} G = ref {MemoryMarshalType}.GetReference(g);");
            w.WriteLine($"ref {t} S = ref {MemoryMarshalType}.GetReference(s);");
            for (int index = batch.Layers.Count - 1; index >= 0; index--)
            {
                BatchLayerPlan l = batch.Layers[index];
                LayerPlan layer = l.Layer;
                int k = layer.Number;
                int units = layer.Units;
                bool fused = index == batch.Layers.Count - 1 && plan.Loss != Loss.MeanSquaredError;
                string d = $"s.Slice({Int(l.Gradient)}, {Int(b * units)})";
                w.WriteLine();
                if (fused)
                {
                    w.WriteLine($"// Layer {Int(k)} backward.   dL/dZ{k} comes fused from the loss.");
                }
                else
                {
                    w.WriteLine($"// Layer {Int(k)} backward.   dL/dZ{k} = {layer.Op.DerivativeFormula($"dL/dH{k}", Int(k))}   (in place)");
                    string source = layer.Activation is Activation.ReLU or Activation.LeakyReLU ? $"s.Slice({Int(l.Z)}, {Int(b * units)})" : $"s.Slice({Int(l.H)}, {Int(b * units)})";
                    switch (layer.Activation)
                    {
                        case Activation.Identity:
                            break;
                        case Activation.Softmax:
                            w.OpenBlock($"for (int r = 0; r < {Int(b)}; r++)");
                            w.WriteLine($"{SpanOf}<{t}> dz = s.Slice({Int(l.Gradient)} + (r * {Int(units)}), {Int(units)});");
                            w.WriteLine($"{KernelsType}.SoftmaxBackward<{t}>(s.Slice({Int(l.H)} + (r * {Int(units)}), {Int(units)}), dz, dz);");
                            w.CloseBlock();
                            break;
                        case Activation.LeakyReLU:
                            w.WriteLine($"{KernelsType}.LeakyReLUBackward<{t}>({source}, {d}, {d}, {Lit(plan.Numeric, layer.Alpha)});");
                            break;
                        default:
                            w.WriteLine($"{KernelsType}.{layer.Activation}Backward<{t}>({source}, {d}, {d});");
                            break;
                    }
                }

                string input = index == 0 ? $"ref {MemoryMarshalType}.GetReference(x)" : $"ref {UnsafeType}.Add(ref S, {Int(batch.Layers[index - 1].H)})";
                string bias = layer.HasBias ? $", ref {UnsafeType}.Add(ref G, {Int(layer.BiasOffset)})" : string.Empty;
                w.WriteLine($"// dL/dW{k} += dZ{k}ᵀ·{(index == 0 ? "X" : $"H{k - 1}")}{(layer.HasBias ? $";  dL/db{k} += Σ dZ{k}" : string.Empty)}");
                w.WriteLine($"__NetGen_BlockWeightGradient{k}(ref {UnsafeType}.Add(ref S, {Int(l.Gradient)}), {input}, ref {UnsafeType}.Add(ref G, {Int(layer.WeightOffset)}){bias});");
                if (index > 0)
                {
                    w.WriteLine($"// dL/dH{k - 1} = dZ{k}·W{k}");
                    w.WriteLine($"__NetGen_BlockInputGradient{k}(ref {UnsafeType}.Add(ref P, {Int(layer.WeightOffset)}), ref {UnsafeType}.Add(ref S, {Int(l.Gradient)}), ref {UnsafeType}.Add(ref S, {Int(batch.Layers[index - 1].Gradient)}));");
                }
            }

            w.CloseBlock();
        }

        /// <summary>The vector widths whose lane count fits <paramref name="length"/>, widest first, with their lanes.</summary>
        private static IEnumerable<(string Type, int Lanes)> WidthsFor(KernelPlan plan, int length) =>
            VectorWidths.Select(v => (v.Type, Lanes: v.Bits / (8 * BytesPerValue(plan)))).Where(v => v.Lanes <= length);

        /// <summary>
        /// Writes <c>if (V512.IsHardwareAccelerated) { … } else if (V256…) { … } else { scalar }</c> with a body per
        /// width; a width is left out when its vectors are longer than the loop they would run along.
        /// </summary>
        private static void WriteWidthDispatch(SourceWriter w, KernelPlan plan, int length, System.Action<string?, int> body)
        {
            bool any = false;
            foreach ((string type, int lanes) in WidthsFor(plan, length))
            {
                w.OpenBlock($"{(any ? "else if" : "if")} ({type}.IsHardwareAccelerated)");
                body(type, lanes);
                w.CloseBlock();
                any = true;
            }

            if (any)
            {
                w.OpenBlock("else");
            }

            body(null, 1);
            if (any)
            {
                w.CloseBlock();
            }
        }

        /// <summary>Z = X·Wᵀ + b for one block: two rows of W and four samples in registers, FMAs along the fan-in.</summary>
        private static void WriteBlockDense(SourceWriter w, KernelPlan plan, LayerPlan layer)
        {
            string t = plan.Numeric.Name;
            int k = layer.Number;
            int inputs = layer.Inputs, units = layer.Units;
            string bias = layer.HasBias ? $", ref {t} b" : string.Empty;
            w.WriteLine($"/// <summary>Layer {Int(k)}: Z = X·Wᵀ{(layer.HasBias ? " + b" : string.Empty)} for {Int(BatchPlan.SamplesPerBlock)} samples; X is [{Int(BatchPlan.SamplesPerBlock)}, {Int(inputs)}], W [{Int(units)}, {Int(inputs)}], Z [{Int(BatchPlan.SamplesPerBlock)}, {Int(units)}].</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static void __NetGen_BlockDense{k}(ref {t} w{bias}, ref {t} x, ref {t} z)");
            WriteWidthDispatch(w, plan, inputs, (type, lanes) =>
            {
                int rows = BatchPlan.RowsPerBlock;
                int paired = units - (units % rows);
                if (paired > 0)
                {
                    w.OpenBlock($"for (int j = 0; j < {Int(paired)}; j += {Int(rows)})");
                    WriteDenseRows(w, plan, layer, type, lanes, rows, "j");
                    w.CloseBlock();
                }

                if (paired < units)
                {
                    w.OpenBlock();
                    w.WriteLine($"const int j = {Int(paired)};");
                    WriteDenseRows(w, plan, layer, type, lanes, units - paired, "j");
                    w.CloseBlock();
                }
            });
            w.CloseBlock();
        }

        private static void WriteDenseRows(SourceWriter w, KernelPlan plan, LayerPlan layer, string? type, int lanes, int rows, string j)
        {
            string t = plan.Numeric.Name;
            int samples = BatchPlan.SamplesPerBlock;
            int inputs = layer.Inputs, units = layer.Units;
            int vectorEnd = type is null ? 0 : inputs - (inputs % lanes);
            string zero = Lit(plan.Numeric, 0);
            string Row(int r) => r == 0 ? $"{j} * {Int(inputs)}" : $"({j} + {Int(r)}) * {Int(inputs)}";
            if (type is not null)
            {
                string vt = $"{type}<{t}>";
                w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, samples).Select(q => $"{vt} a{r}_{q} = {vt}.Zero;"))));
                w.OpenBlock($"for (int i = 0; i < {Int(vectorEnd)}; i += {Int(lanes)})");
                for (int q = 0; q < samples; q++)
                {
                    w.WriteLine($"{vt} x{q} = {type}.LoadUnsafe(ref x, (nuint)({(q == 0 ? string.Empty : Int(q * inputs) + " + ")}i));");
                }

                for (int r = 0; r < rows; r++)
                {
                    w.WriteLine($"{vt} w{r} = {type}.LoadUnsafe(ref w, (nuint)({Row(r)} + i));");
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, samples).Select(q => $"a{r}_{q} = __NetGen_BatchFma(w{r}, x{q}, a{r}_{q});")));
                }

                w.CloseBlock();
                for (int r = 0; r < rows; r++)
                {
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, samples).Select(q => $"{t} z{r}_{q} = {type}.Sum(a{r}_{q});")));
                }
            }
            else
            {
                w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, samples).Select(q => $"{t} z{r}_{q} = {zero};"))));
            }

            if (vectorEnd < inputs)
            {
                w.OpenBlock($"for (int i = {Int(vectorEnd)}; i < {Int(inputs)}; i++)");
                for (int q = 0; q < samples; q++)
                {
                    w.WriteLine($"{t} x{q}s = {UnsafeType}.Add(ref x, {(q == 0 ? string.Empty : Int(q * inputs) + " + ")}i);");
                }

                for (int r = 0; r < rows; r++)
                {
                    w.WriteLine($"{t} w{r}s = {UnsafeType}.Add(ref w, {Row(r)} + i);");
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, samples).Select(q => $"z{r}_{q} += w{r}s * x{q}s;")));
                }

                w.CloseBlock();
            }

            for (int r = 0; r < rows; r++)
            {
                string unit = r == 0 ? j : $"{j} + {Int(r)}";
                string b = layer.HasBias ? $" + {UnsafeType}.Add(ref b, {unit})" : string.Empty;
                for (int q = 0; q < samples; q++)
                {
                    w.WriteLine($"{UnsafeType}.Add(ref z, {(q == 0 ? string.Empty : Int(q * units) + " + ")}{unit}) = z{r}_{q}{b};");
                }
            }
        }

        /// <summary>dL/dW += dZᵀ·X and dL/db += Σ dZ over one block: each gradient row is read and written once per block.</summary>
        private static void WriteBlockWeightGradient(SourceWriter w, KernelPlan plan, LayerPlan layer)
        {
            string t = plan.Numeric.Name;
            int k = layer.Number;
            int samples = BatchPlan.SamplesPerBlock;
            int inputs = layer.Inputs, units = layer.Units;
            string bias = layer.HasBias ? $", ref {t} gb" : string.Empty;
            w.WriteLine($"/// <summary>Layer {Int(k)}: dL/dW += dZᵀ·X{(layer.HasBias ? ", dL/db += Σ dZ" : string.Empty)} for {Int(samples)} samples; dZ is [{Int(samples)}, {Int(units)}], X [{Int(samples)}, {Int(inputs)}].</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static void __NetGen_BlockWeightGradient{k}(ref {t} dz, ref {t} x, ref {t} gw{bias})");
            WriteWidthDispatch(w, plan, inputs, (type, lanes) =>
            {
                int vectorEnd = type is null ? 0 : inputs - (inputs % lanes);
                w.OpenBlock($"for (int j = 0; j < {Int(units)}; j++)");
                for (int q = 0; q < samples; q++)
                {
                    w.WriteLine($"{t} d{q} = {UnsafeType}.Add(ref dz, {(q == 0 ? string.Empty : Int(q * units) + " + ")}j);");
                }

                if (type is not null)
                {
                    string vt = $"{type}<{t}>";
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, samples).Select(q => $"{vt} e{q} = {type}.Create(d{q});")));
                    w.WriteLine($"ref {t} row = ref {UnsafeType}.Add(ref gw, j * {Int(inputs)});");
                    w.OpenBlock($"for (int i = 0; i < {Int(vectorEnd)}; i += {Int(lanes)})");
                    w.WriteLine($"{vt} acc = {type}.LoadUnsafe(ref row, (nuint)i);");
                    for (int q = 0; q < samples; q++)
                    {
                        w.WriteLine($"acc = __NetGen_BatchFma({type}.LoadUnsafe(ref x, (nuint)({(q == 0 ? string.Empty : Int(q * inputs) + " + ")}i)), e{q}, acc);");
                    }

                    w.WriteLine($"{type}.StoreUnsafe(acc, ref row, (nuint)i);");
                    w.CloseBlock();
                }

                if (vectorEnd < inputs)
                {
                    w.OpenBlock($"for (int i = {Int(vectorEnd)}; i < {Int(inputs)}; i++)");
                    w.WriteLine($"ref {t} gij = ref {UnsafeType}.Add(ref gw, (j * {Int(inputs)}) + i);");
                    w.WriteLine("gij += " + string.Join(" + ", Enumerable.Range(0, samples).Select(q => $"(d{q} * {UnsafeType}.Add(ref x, {(q == 0 ? string.Empty : Int(q * inputs) + " + ")}i))")) + ";");
                    w.CloseBlock();
                }

                if (layer.HasBias)
                {
                    w.WriteLine($"{UnsafeType}.Add(ref gb, j) += {string.Join(" + ", Enumerable.Range(0, samples).Select(q => $"d{q}"))};");
                }

                w.CloseBlock();
            });
            w.CloseBlock();
        }

        /// <summary>dL/dX = dZ·W over one block: four samples' accumulators per vector of the fan-in, one pass over W.</summary>
        private static void WriteBlockInputGradient(SourceWriter w, KernelPlan plan, LayerPlan layer)
        {
            string t = plan.Numeric.Name;
            int k = layer.Number;
            int samples = BatchPlan.SamplesPerBlock;
            int inputs = layer.Inputs, units = layer.Units;
            w.WriteLine($"/// <summary>Layer {Int(k)}: dL/dX = dZ·W for {Int(samples)} samples; dZ is [{Int(samples)}, {Int(units)}], W [{Int(units)}, {Int(inputs)}], dL/dX [{Int(samples)}, {Int(inputs)}].</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static void __NetGen_BlockInputGradient{k}(ref {t} w, ref {t} dz, ref {t} dx)");
            WriteWidthDispatch(w, plan, inputs, (type, lanes) =>
            {
                int vectorEnd = type is null ? 0 : inputs - (inputs % lanes);
                string zero = Lit(plan.Numeric, 0);
                if (type is not null)
                {
                    string vt = $"{type}<{t}>";
                    w.OpenBlock($"for (int i = 0; i < {Int(vectorEnd)}; i += {Int(lanes)})");
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, samples).Select(q => $"{vt} a{q} = {vt}.Zero;")));
                    w.OpenBlock($"for (int j = 0; j < {Int(units)}; j++)");
                    w.WriteLine($"{vt} v = {type}.LoadUnsafe(ref w, (nuint)((j * {Int(inputs)}) + i));");
                    for (int q = 0; q < samples; q++)
                    {
                        w.WriteLine($"a{q} = __NetGen_BatchFma(v, {type}.Create({UnsafeType}.Add(ref dz, {(q == 0 ? string.Empty : Int(q * units) + " + ")}j)), a{q});");
                    }

                    w.CloseBlock();
                    for (int q = 0; q < samples; q++)
                    {
                        w.WriteLine($"{type}.StoreUnsafe(a{q}, ref dx, (nuint)({(q == 0 ? string.Empty : Int(q * inputs) + " + ")}i));");
                    }

                    w.CloseBlock();
                }

                if (vectorEnd < inputs)
                {
                    w.OpenBlock($"for (int i = {Int(vectorEnd)}; i < {Int(inputs)}; i++)");
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, samples).Select(q => $"{t} a{q} = {zero};")));
                    w.OpenBlock($"for (int j = 0; j < {Int(units)}; j++)");
                    w.WriteLine($"{t} v = {UnsafeType}.Add(ref w, (j * {Int(inputs)}) + i);");
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, samples).Select(q => $"a{q} += v * {UnsafeType}.Add(ref dz, {(q == 0 ? string.Empty : Int(q * units) + " + ")}j);")));
                    w.CloseBlock();
                    for (int q = 0; q < samples; q++)
                    {
                        w.WriteLine($"{UnsafeType}.Add(ref dx, {(q == 0 ? string.Empty : Int(q * inputs) + " + ")}i) = a{q};");
                    }

                    w.CloseBlock();
                }
            });
            w.CloseBlock();
        }

        /// <summary>a·b + c in one rounding where the runtime has the vector FMA API (.NET 9 and later).</summary>
        private static void WriteFmaHelpers(SourceWriter w, KernelPlan plan)
        {
            string t = plan.Numeric.Name;
            bool first = true;
            foreach ((string type, _) in VectorWidths)
            {
                if (!first)
                {
                    w.WriteLine();
                }

                first = false;
                string vt = $"{type}<{t}>";
                w.WriteLine(InliningAttribute);
                w.WriteLine($"private static {vt} __NetGen_BatchFma({vt} a, {vt} b, {vt} c) =>");
                w.WriteLine("#if NET9_0_OR_GREATER");
                w.WriteLine($"    {HardwareFma} ? {type}.FusedMultiplyAdd(a, b, c) : (a * b) + c;");
                w.WriteLine("#else");
                w.WriteLine("    (a * b) + c;");
                w.WriteLine("#endif");
            }
        }

        /// <summary>
        /// The start of every batch member: the shape checks of <c>inputs</c> and of <paramref name="second"/> (outputs
        /// or targets, OutputSize values a sample), and the parameters as <c>p</c>.
        /// </summary>
        private static void WriteBatchArguments(SourceWriter w, KernelPlan plan, string second)
        {
            WriteBatchShapeCheck(w, "inputs", "InputSize", first: true);
            WriteBatchShapeCheck(w, second, "OutputSize", first: false);
            w.WriteLine($"{ReadOnlySpanOf}<{plan.Numeric.Name}> p = __NetGen_parameters;");
        }

        /// <summary>Opens the loop over blocks of samples: <c>start</c> is a block's first sample, <c>n</c> its size.</summary>
        private static void OpenBlockLoop(SourceWriter w, int block)
        {
            w.OpenBlock($"for (int start = 0; start < count; start += {Int(block)})");
            w.WriteLine($"int n = global::System.Math.Min({Int(block)}, count - start);");
        }
    }
}
