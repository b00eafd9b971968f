using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Generator.Lowering;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The batched members: <c>PredictBatch</c>, <c>AccumulateGradientsBatch</c>, <c>EvaluateLoss</c> and <c>EvaluateLossBatch</c>.
    /// Samples go through the network a block at a time (<see cref="BatchPlan.Block"/> samples, see <see cref="BatchPlan"/>
    /// for the layouts); each layer is a register-blocked matrix × matrix kernel that reads every weight once per block,
    /// printed with constant sizes for 512-, 256- and 128-bit vectors and scalar code, chosen by the
    /// <c>IsHardwareAccelerated</c> constants the JIT and AOT fold.
    /// </summary>
    internal static partial class NetworkEmitter
    {
        private const string UnsafeType = "global::System.Runtime.CompilerServices.Unsafe";
        private const string ClassificationType = "global::NetGen.Classification";

        /// <summary>The vector widths, widest first.</summary>
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
            w.WriteLine("/// <summary>AccumulateGradientsBatch's block values: written before read, never cleared.</summary>");
            w.WriteLine(GeneratedCode);
            w.WriteLine($"private readonly {AlignedArrayOf}<{t}> __NetGen_batchScratch = new {AlignedArrayOf}<{t}>({Int(batch.TrainScratch)});");
            if (!batch.PredictScratchOnStack)
            {
                w.WriteLine();
                w.WriteLine(GeneratedCode);
                w.WriteLine($"[{ThreadStaticAttribute}]");
                w.WriteLine($"private static {AlignedArrayOf}<{t}>? __NetGen_batchPredictScratch;");
            }

            if (!batch.Single.OnStack)
            {
                w.WriteLine();
                w.WriteLine(GeneratedCode);
                w.WriteLine($"[{ThreadStaticAttribute}]");
                w.WriteLine($"private static {AlignedArrayOf}<{t}>? __NetGen_singleScratch;");
            }

            w.WriteLine();
            WritePredictBatch(w, plan, batch);
            w.WriteLine();
            WriteLossMembers(w, plan, batch);
            w.WriteLine();
            WriteAccumulateGradientsBatch(w, plan, batch);
            w.WriteLine();
            WriteSingleForward(w, plan, batch.Single);
            w.WriteLine();
            WriteWhileWritten(
                w,
                $"private {t} __NetGen_SingleLossWhileWritten({ReadOnlySpanOf}<{t}> p, {SpanOf}<{t}> s, {ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target)",
                "return __NetGen_SingleLoss(p, s, input, target);");
            w.WriteLine();
            WriteBatchForward(w, plan, batch);
            w.WriteLine();
            WriteWhileWritten(
                w,
                $"private void __NetGen_BlockForwardWhileWritten({ReadOnlySpanOf}<{t}> p, {SpanOf}<{t}> s, {ReadOnlySpanOf}<{t}> inputs, int n)",
                "__NetGen_BlockForward(p, s, inputs, n);");
            w.WriteLine();
            WriteBatchBackward(w, plan, batch);
            foreach (LayerPlan layer in plan.Layers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                w.WriteLine();
                WriteRowDense(w, plan, layer);
                w.WriteLine();
                WriteBlockDense(w, plan, batch, layer);
                w.WriteLine();
                WriteBlockWeightGradient(w, plan, batch, layer);
                if (!layer.IsFirst)
                {
                    w.WriteLine();
                    WriteBlockInputGradient(w, plan, batch, layer);
                }
            }

            w.WriteLine();
            w.WriteLine($$"""
                {{GeneratedCode}}
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

                {GeneratedCode}
                public {t} AccumulateGradientsBatch({ReadOnlySpanOf}<{t}> inputs, {ReadOnlySpanOf}<{t}> targets, int count, out int correct) => {fail};
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
                : $"{SpanOf}<{t}> s = (__NetGen_batchPredictScratch ??= new {AlignedArrayOf}<{t}>({Int(batch.PredictScratch)})).Span;");
        }

        private static void WriteSingleScratch(SourceWriter w, KernelPlan plan, SinglePlan single, string name)
        {
            string t = plan.Numeric.Name;
            w.WriteLine(single.OnStack
                ? $"{SpanOf}<{t}> {name} = stackalloc {t}[{Int(single.Scratch)}];"
                : $"{SpanOf}<{t}> {name} = (__NetGen_singleScratch ??= new {AlignedArrayOf}<{t}>({Int(single.Scratch)})).Span;");
        }

        private static void WritePredictBatch(SourceWriter w, KernelPlan plan, BatchPlan batch)
        {
            string t = plan.Numeric.Name;
            int b = batch.Block;
            int o = plan.OutputSize;
            w.WriteLine($"""
                /// <summary>
                /// Computes the outputs of <paramref name="count"/> inputs stored one after another, {Int(b)} samples at a time:
                /// each layer is a matrix × matrix product that reads every weight once per block (a last block of fewer than
                /// {Int(batch.SinglesBelow)} samples runs through <see cref="Predict"/>). Allocates nothing and may be called from
                /// several threads at once.
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
            OpenBlockLoop(w, batch);
            w.WriteLine("Predict(inputs.Slice(start * InputSize, InputSize), outputs.Slice(start * OutputSize, OutputSize));");
            w.WriteLine("start++;");
            w.WriteLine("continue;");
            w.CloseBlock();
            w.WriteLine();
            WriteGuardedPass(
                w,
                () => w.WriteLine("__NetGen_BlockForward(p, s, inputs.Slice(start * InputSize), n);"),
                "__NetGen_BlockForwardWhileWritten(p, s, inputs.Slice(start * InputSize), n);");
            w.WriteLine();
            w.WriteLine($"s.Slice({Int(batch.OutputH)}, n * OutputSize).CopyTo(outputs.Slice(start * OutputSize));");
            w.WriteLine("start += n;");
            w.CloseBlock();
            w.CloseBlock();
        }

        private static void WriteLossMembers(SourceWriter w, KernelPlan plan, BatchPlan batch)
        {
            string t = plan.Numeric.Name;
            int b = batch.Block;
            int o = plan.OutputSize;
            SinglePlan single = batch.Single;
            string correct = plan.Loss switch
            {
                Loss.CrossEntropy => "the samples whose largest output is where their largest target is",
                Loss.BinaryCrossEntropy => "the outputs on the same side of 0.5 as their targets",
                _ => "always 0 for a regression loss",
            };
            bool counts = plan.Loss != Loss.MeanSquaredError;
            w.WriteLine($"""
                /// <summary>
                /// The loss of one sample, forward pass only (what <see cref="AccumulateGradients"/> returns, within rounding).
                /// Leaves <see cref="Gradients"/> untouched; allocates nothing and may be called from several threads at once.
                /// </summary>
                {GeneratedCode}
                """);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"public {t} EvaluateLoss({ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target)");
            WriteLengthCheck(w, "input", "InputSize");
            WriteLengthCheck(w, "target", "OutputSize");
            WriteSingleScratch(w, plan, single, "s");
            WriteGuardedPass(
                w,
                () => w.WriteLine($"{t} loss = __NetGen_SingleLoss(__NetGen_parameters.Span, s, input, target);"),
                "loss = __NetGen_SingleLossWhileWritten(__NetGen_parameters.Span, s, input, target);");
            w.WriteLine();
            w.WriteLine("return loss;");
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
            WriteSingleScratch(w, plan, single, "one");
            w.WriteLine($"{t} loss = {Lit(plan.Numeric, 0)};");
            w.WriteLine("correct = 0;");
            OpenBlockLoop(w, batch);
            w.WriteLine($"{ReadOnlySpanOf}<{t}> target = targets.Slice(start * OutputSize, OutputSize);");
            WriteGuardedPass(
                w,
                () => w.WriteLine($"{t} sampleLoss = __NetGen_SingleLoss(p, one, inputs.Slice(start * InputSize, InputSize), target);"),
                "sampleLoss = __NetGen_SingleLossWhileWritten(p, one, inputs.Slice(start * InputSize, InputSize), target);",
                "__NetGen_sampleVersion");
            w.WriteLine();
            w.WriteLine("loss += sampleLoss;");
            if (counts)
            {
                w.WriteLine($"correct += {ClassificationType}.CountCorrect<{t}>(global::NetGen.Loss.{plan.Loss}, one.Slice({Int(single.OutputH)}, {Int(o)}), target);");
            }

            w.WriteLine("start++;");
            w.WriteLine("continue;");
            w.CloseBlock();
            w.WriteLine();
            WriteGuardedPass(
                w,
                () => w.WriteLine("__NetGen_BlockForward(p, s, inputs.Slice(start * InputSize), n);"),
                "__NetGen_BlockForwardWhileWritten(p, s, inputs.Slice(start * InputSize), n);");
            w.WriteLine();
            w.WriteLine("// The loss reads the block's outputs and the targets, not the parameters.");
            w.WriteLine($"{t} blockLoss = {Lit(plan.Numeric, 0)};");
            w.OpenBlock("for (int r = 0; r < n; r++)");
            w.WriteLine($"blockLoss += {LossCall(plan, batch.OutputZ, batch.OutputH, batch.LossGradient, "r", "targets.Slice((start + r) * OutputSize, OutputSize)")};");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("loss += blockLoss;");
            if (counts)
            {
                w.WriteLine();
                w.OpenBlock("for (int r = 0; r < n; r++)");
                w.WriteLine($"correct += {ClassificationType}.CountCorrect<{t}>(global::NetGen.Loss.{plan.Loss}, s.Slice({Int(batch.OutputH)} + (r * {Int(o)}), {Int(o)}), targets.Slice((start + r) * OutputSize, OutputSize));");
                w.CloseBlock();
            }

            w.WriteLine();
            w.WriteLine("start += n;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("return loss;");
            w.CloseBlock();
        }

        /// <summary>
        /// The loss kernel of sample <paramref name="row"/> (sample-major buffers of OutputSize values per sample at the given
        /// offsets of <c>s</c>); it writes dL/dh (or the fused dL/dz) at <paramref name="gradient"/>.
        /// </summary>
        private static string LossCall(KernelPlan plan, int z, int h, int gradient, string row, string target)
        {
            string t = plan.Numeric.Name;
            int o = plan.OutputSize;
            string Row(int offset) => row == "0" ? $"s.Slice({Int(offset)}, {Int(o)})" : $"s.Slice({Int(offset)} + ({row} * {Int(o)}), {Int(o)})";
            return plan.Loss switch
            {
                Loss.CrossEntropy => $"{KernelsType}.SoftmaxCrossEntropy<{t}>({Row(z)}, {Row(h)}, {target}, {Row(gradient)})",
                Loss.BinaryCrossEntropy => $"{KernelsType}.SigmoidBinaryCrossEntropy<{t}>({Row(z)}, {Row(h)}, {target}, {Row(gradient)})",
                _ => $"{KernelsType}.MeanSquaredError<{t}>({Row(h)}, {target}, {Row(gradient)})",
            };
        }

        private static void WriteAccumulateGradientsBatch(SourceWriter w, KernelPlan plan, BatchPlan batch)
        {
            string t = plan.Numeric.Name;
            int b = batch.Block;
            int o = plan.OutputSize;
            bool counts = plan.Loss != Loss.MeanSquaredError;
            string parameters = $"{ReadOnlySpanOf}<{t}> inputs, {ReadOnlySpanOf}<{t}> targets, int count";
            string uncounted = "AccumulateGradientsBatch(global::System.ReadOnlySpan{" + t + "}, global::System.ReadOnlySpan{" + t + "}, int)";
            w.WriteLine($"""
                /// <summary>
                /// Runs forward and backward for <paramref name="count"/> samples stored one after another, adds the sum of
                /// their gradients to <see cref="Gradients"/> and returns the sum of their losses. Computed as a batch, {Int(b)}
                /// samples at a time (dL/dW += dZᵀ·H over the block), so each weight and gradient is read once per block; a
                /// last block of fewer than {Int(batch.SinglesBelow)} samples runs through <see cref="AccumulateGradients"/>.
                /// Not safe to call from several threads at once on one instance.
                /// </summary>
                {GeneratedCode}
                """);
            if (counts)
            {
                w.WriteLine($"public {t} AccumulateGradientsBatch({parameters}) => __NetGen_AccumulateGradientsBatch(inputs, targets, count, false, out _);");
                w.WriteLine();
                w.WriteLine($"""
                    /// <summary>
                    /// <see cref="{uncounted}"/>, and in
                    /// <paramref name="correct"/> the number of correct classifications of its forward pass (as
                    /// <see cref="EvaluateLossBatch"/> counts them), at no extra pass.
                    /// </summary>
                    {GeneratedCode}
                    public {t} AccumulateGradientsBatch({parameters}, out int correct) => __NetGen_AccumulateGradientsBatch(inputs, targets, count, true, out correct);

                    /// <summary>Both AccumulateGradientsBatch members: <paramref name="countCorrect"/> says whether to count.</summary>
                    {GeneratedCode}
                    """);
                WriteOptimizationAttribute(w, MethodKinds.Batch);
                w.OpenBlock($"private {t} __NetGen_AccumulateGradientsBatch({parameters}, bool countCorrect, out int correct)");
            }
            else
            {
                WriteOptimizationAttribute(w, MethodKinds.Batch);
                w.OpenBlock($"public {t} AccumulateGradientsBatch({parameters})");
            }

            WriteBatchArguments(w, plan, "targets");
            w.WriteLine($"{SpanOf}<{t}> g = __NetGen_gradients.Span;");
            w.WriteLine($"{SpanOf}<{t}> s = __NetGen_batchScratch.Span;");
            w.WriteLine($"{t} loss = {Lit(plan.Numeric, 0)};");
            if (counts)
            {
                w.WriteLine("correct = 0;");
            }

            OpenBlockLoop(w, batch);
            w.WriteLine($"{ReadOnlySpanOf}<{t}> target = targets.Slice(start * OutputSize, OutputSize);");
            w.WriteLine("loss += AccumulateGradients(inputs.Slice(start * InputSize, InputSize), target);");
            if (counts)
            {
                w.OpenBlock("if (countCorrect)");
                w.WriteLine($"{SpanOf}<{t}> output = s.Slice(0, OutputSize);");
                w.WriteLine("Predict(inputs.Slice(start * InputSize, InputSize), output);");
                w.WriteLine($"correct += {ClassificationType}.CountCorrect<{t}>(global::NetGen.Loss.{plan.Loss}, output, target);");
                w.CloseBlock();
                w.WriteLine();
            }

            w.WriteLine("start++;");
            w.WriteLine("continue;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine($"{ReadOnlySpanOf}<{t}> x = __NetGen_BlockForward(p, s, inputs.Slice(start * InputSize), n);");
            w.OpenBlock("for (int r = 0; r < n; r++)");
            w.WriteLine($"loss += {LossCall(plan, batch.OutputZ, batch.OutputH, batch.LossGradient, "r", "targets.Slice((start + r) * OutputSize, OutputSize)")};");
            if (counts)
            {
                w.OpenBlock("if (countCorrect)");
                w.WriteLine($"correct += {ClassificationType}.CountCorrect<{t}>(global::NetGen.Loss.{plan.Loss}, s.Slice({Int(batch.OutputH)} + (r * {Int(o)}), {Int(o)}), targets.Slice((start + r) * OutputSize, OutputSize));");
                w.CloseBlock();
            }

            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("// The padding samples of a partial block contribute nothing: their output gradient is zero.");
            w.WriteLine($"s.Slice({Int(batch.LossGradient)} + (n * {Int(o)}), ({Int(b)} - n) * {Int(o)}).Clear();");
            w.WriteLine("__NetGen_BlockBackward(p, g, s, x);");
            w.WriteLine("start += n;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("return loss;");
            w.CloseBlock();
            if (!counts)
            {
                w.WriteLine();
                w.WriteLine($"""
                    /// <summary>
                    /// <see cref="{uncounted}"/>; a regression loss counts no correct classifications, so
                    /// <paramref name="correct"/> is always 0.
                    /// </summary>
                    {GeneratedCode}
                    """);
                w.OpenBlock($"public {t} AccumulateGradientsBatch({parameters}, out int correct)");
                w.WriteLine("correct = 0;");
                w.WriteLine("return AccumulateGradientsBatch(inputs, targets, count);");
                w.CloseBlock();
            }
        }

        /// <summary>
        /// The forward pass and loss of one sample for EvaluateLoss: row dot products (vectors along each layer's fan-in),
        /// no block. Leaves each layer's z and h in <c>s</c> as <see cref="SinglePlan"/> lays them out.
        /// </summary>
        private static void WriteSingleForward(SourceWriter w, KernelPlan plan, SinglePlan single)
        {
            string t = plan.Numeric.Name;
            w.WriteLine("/// <summary>The loss of one sample, forward pass only (row dot products, no block).</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static {t} __NetGen_SingleLoss({ReadOnlySpanOf}<{t}> p, {SpanOf}<{t}> s, {ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target)");
            w.WriteLine($"ref {t} P = ref {MemoryMarshalType}.GetReference(p);");
            w.WriteLine($"ref {t} S = ref {MemoryMarshalType}.GetReference(s);");
            for (int index = 0; index < plan.Layers.Count; index++)
            {
                LayerPlan layer = plan.Layers[index];
                int k = layer.Number;
                int units = layer.Units;
                string input = index == 0 ? $"ref {MemoryMarshalType}.GetReference(input)" : $"ref {UnsafeType}.Add(ref S, {Int(single.H[index - 1])})";
                string bias = layer.HasBias ? $", ref {UnsafeType}.Add(ref P, {Int(layer.BiasOffset)})" : string.Empty;
                w.WriteLine($"// Layer {Int(k)}: z{k} = W{k}·{(index == 0 ? "x" : $"h{k - 1}")}{(layer.HasBias ? $" + b{k}" : string.Empty)};  h{k} = {layer.Op.Formula($"z{k}", layer.Alpha)}");
                w.WriteLine($"__NetGen_RowDense{k}(ref {UnsafeType}.Add(ref P, {Int(layer.WeightOffset)}){bias}, {input}, ref {UnsafeType}.Add(ref S, {Int(single.Z[index])}));");
                WriteActivation(w, plan, layer, $"s.Slice({Int(single.Z[index])}, {Int(units)})", $"s.Slice({Int(single.H[index])}, {Int(units)})");
            }

            w.WriteLine();
            w.WriteLine($"return {LossCall(plan, single.OutputZ, single.OutputH, single.LossGradient, "0", "target")};");
            w.CloseBlock();
        }

        /// <summary>h = f(z) over a span of whole samples (element-wise activations) or of one sample (softmax).</summary>
        private static void WriteActivation(SourceWriter w, KernelPlan plan, LayerPlan layer, string z, string h)
        {
            string t = plan.Numeric.Name;
            switch (layer.Activation)
            {
                case Activation.Identity:
                    break;
                case Activation.Softmax:
                    w.WriteLine($"{KernelsType}.Softmax<{t}>({z}, {h});");
                    break;
                case Activation.LeakyReLU:
                    w.WriteLine($"{KernelsType}.LeakyReLU<{t}>({z}, {h}, {Lit(plan.Numeric, layer.Alpha)});");
                    break;
                default:
                    w.WriteLine($"{KernelsType}.{layer.Activation}<{t}>({z}, {h});");
                    break;
            }
        }

        /// <summary>dz = dh ⊙ f'(…) in place over a span of whole samples (element-wise) or of one sample (softmax).</summary>
        private static void WriteActivationBackward(SourceWriter w, KernelPlan plan, LayerPlan layer, string z, string h, string d)
        {
            string t = plan.Numeric.Name;
            switch (layer.Activation)
            {
                case Activation.Identity:
                    break;
                case Activation.Softmax:
                    w.WriteLine($"{KernelsType}.SoftmaxBackward<{t}>({h}, {d}, {d});");
                    break;
                case Activation.LeakyReLU:
                    w.WriteLine($"{KernelsType}.LeakyReLUBackward<{t}>({z}, {d}, {d}, {Lit(plan.Numeric, layer.Alpha)});");
                    break;
                case Activation.ReLU:
                    w.WriteLine($"{KernelsType}.ReLUBackward<{t}>({z}, {d}, {d});");
                    break;
                default:
                    w.WriteLine($"{KernelsType}.{layer.Activation}Backward<{t}>({h}, {d}, {d});");
                    break;
            }
        }

        /// <summary>
        /// The forward pass of one block: the first <c>n</c> samples of <c>inputs</c> (padded with zeros to a whole
        /// block when <c>n</c> is smaller), transposed to [inputs, block], through each layer's feature-major z and h;
        /// the output layer's z and h end sample-major. Returns the (sample-major) input block it read.
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
            w.WriteLine($"// Xᵀ: the block feature-major, [{Int(inputs)}, {Int(b)}].");
            WriteTranspose(w, plan, "x", batch.InputT, b, inputs);
            for (int index = 0; index < batch.Layers.Count; index++)
            {
                BatchLayerPlan l = batch.Layers[index];
                LayerPlan layer = l.Layer;
                int k = layer.Number;
                int units = layer.Units;
                bool last = index == batch.Layers.Count - 1;
                int input = index == 0 ? batch.InputT : batch.Layers[index - 1].H;
                string bias = layer.HasBias ? $", ref {UnsafeType}.Add(ref P, {Int(layer.BiasOffset)})" : string.Empty;
                w.WriteLine();
                w.WriteLine($"// Layer {Int(k)}: Dense {Int(layer.Inputs)}→{Int(units)}, {layer.Activation}.   Z{k}ᵀ = W{k}·{(index == 0 ? "Xᵀ" : $"H{k - 1}ᵀ")}{(layer.HasBias ? $" + b{k}" : string.Empty)};  H{k} = {layer.Op.Formula($"Z{k}", layer.Alpha)}");
                w.WriteLine($"__NetGen_BlockDense{k}(ref {UnsafeType}.Add(ref P, {Int(layer.WeightOffset)}){bias}, ref {UnsafeType}.Add(ref S, {Int(input)}), ref {UnsafeType}.Add(ref S, {Int(l.Z)}));");
                if (layer.Op.IsElementwise && last)
                {
                    w.WriteLine($"// The output sample-major, [{Int(b)}, {Int(units)}], for the loss and the caller.");
                    WriteTranspose(w, plan, l.Z, batch.OutputZ, units, b);
                    WriteBlockActivation(w, plan, layer, b, batch.OutputZ, batch.OutputH);
                }
                else if (layer.Op.IsElementwise)
                {
                    WriteBlockActivation(w, plan, layer, b, l.Z, l.H);
                }
                else
                {
                    // Softmax along each sample's units, in vectors of samples: the block stays feature-major.
                    int h = last ? batch.TempH : l.H;
                    w.WriteLine($"{KernelsType}.SoftmaxColumns<{t}>(s.Slice({Int(l.Z)}, {Int(units * b)}), s.Slice({Int(h)}, {Int(units * b)}), {Int(units)}, {Int(b)});");
                    if (last)
                    {
                        w.WriteLine($"// z and h sample-major, [{Int(b)}, {Int(units)}], for the loss and the caller.");
                        WriteTranspose(w, plan, l.Z, batch.OutputZ, units, b);
                        WriteTranspose(w, plan, h, batch.OutputH, units, b);
                    }
                }
            }

            w.WriteLine();
            w.WriteLine("return x;");
            w.CloseBlock();
        }

        /// <summary>An element-wise activation over a block at <paramref name="z"/> into <paramref name="h"/> (softmax is <c>Kernels.SoftmaxColumns</c>).</summary>
        private static void WriteBlockActivation(SourceWriter w, KernelPlan plan, LayerPlan layer, int b, int z, int h)
        {
            int units = layer.Units;
            WriteActivation(w, plan, layer, $"s.Slice({Int(z)}, {Int(b * units)})", $"s.Slice({Int(h)}, {Int(b * units)})");
        }

        /// <summary>dZ = dH ⊙ f' in place over a block; softmax sample-major, one row per sample.</summary>
        private static void WriteBlockActivationBackward(SourceWriter w, KernelPlan plan, LayerPlan layer, int b, int z, int h, int d)
        {
            int units = layer.Units;
            if (layer.Op.IsElementwise)
            {
                string Span(int at) => $"s.Slice({Int(at)}, {Int(b * units)})";
                WriteActivationBackward(w, plan, layer, Span(z), Span(h), Span(d));
                return;
            }

            string Row(int at) => $"s.Slice({Int(at)} + (r * {Int(units)}), {Int(units)})";
            w.OpenBlock($"for (int r = 0; r < {Int(b)}; r++)");
            WriteActivationBackward(w, plan, layer, Row(z), Row(h), Row(d));
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
            string At(int offset) => $"ref {UnsafeType}.Add(ref S, {Int(offset)})";
            for (int index = batch.Layers.Count - 1; index >= 0; index--)
            {
                BatchLayerPlan l = batch.Layers[index];
                LayerPlan layer = l.Layer;
                int k = layer.Number;
                int units = layer.Units;
                bool last = index == batch.Layers.Count - 1;
                w.WriteLine();
                int dz;
                if (last)
                {
                    if (plan.FusedLoss)
                    {
                        w.WriteLine($"// Layer {Int(k)} backward.   dL/dZ{k} comes fused from the loss (sample-major).");
                    }
                    else
                    {
                        w.WriteLine($"// Layer {Int(k)} backward.   dL/dZ{k} = {layer.Op.DerivativeFormula($"dL/dH{k}", Int(k))}   (sample-major, in place)");
                        WriteBlockActivationBackward(w, plan, layer, b, batch.OutputZ, batch.OutputH, batch.LossGradient);
                    }

                    dz = batch.LossGradient;
                    if (index > 0 || BatchPlan.IsNarrow(layer))
                    {
                        WriteTranspose(w, plan, batch.LossGradient, l.Gradient, b, units);
                    }
                }
                else
                {
                    w.WriteLine($"// Layer {Int(k)} backward.   dL/dZ{k} = {layer.Op.DerivativeFormula($"dL/dH{k}", Int(k))}   (in place)");
                    if (layer.Op.IsElementwise)
                    {
                        WriteBlockActivationBackward(w, plan, layer, b, l.Z, l.H, l.Gradient);
                    }
                    else
                    {
                        WriteTranspose(w, plan, l.H, batch.TempH, units, b);
                        WriteTranspose(w, plan, l.Gradient, batch.TempDz, units, b);
                        WriteBlockActivationBackward(w, plan, layer, b, batch.TempH, batch.TempH, batch.TempDz);
                        WriteTranspose(w, plan, batch.TempDz, l.Gradient, b, units);
                    }

                    dz = batch.TempDz;
                    if (!BatchPlan.IsNarrow(layer))
                    {
                        WriteTranspose(w, plan, l.Gradient, batch.TempDz, units, b);
                    }
                }

                string input;
                if (BatchPlan.IsNarrow(layer))
                {
                    // A fan-in narrower than a vector: dot products along the block's samples, feature-major.
                    dz = l.Gradient;
                    input = At(index == 0 ? batch.InputT : batch.Layers[index - 1].H);
                }
                else if (index == 0)
                {
                    input = $"ref {MemoryMarshalType}.GetReference(x)";
                }
                else
                {
                    WriteTranspose(w, plan, batch.Layers[index - 1].H, batch.TempH, layer.Inputs, b);
                    input = At(batch.TempH);
                }

                string bias = layer.HasBias ? $", ref {UnsafeType}.Add(ref G, {Int(layer.BiasOffset)})" : string.Empty;
                w.WriteLine($"// dL/dW{k} += dZ{k}ᵀ·{(index == 0 ? "X" : $"H{k - 1}")}{(layer.HasBias ? $";  dL/db{k} += Σ dZ{k}" : string.Empty)}");
                w.WriteLine($"__NetGen_BlockWeightGradient{k}({At(dz)}, {input}, ref {UnsafeType}.Add(ref G, {Int(layer.WeightOffset)}){bias});");
                if (index > 0)
                {
                    w.WriteLine($"// dL/dH{k - 1}ᵀ = W{k}ᵀ·dZ{k}ᵀ");
                    w.WriteLine($"__NetGen_BlockInputGradient{k}(ref {UnsafeType}.Add(ref P, {Int(layer.WeightOffset)}), {At(l.Gradient)}, {At(batch.Layers[index - 1].Gradient)});");
                }
            }

            w.CloseBlock();
        }

        /// <summary>The vector spelling of one width (<c>Type</c> null: scalars) for the kernels below.</summary>
        private sealed class Lanes
        {
            private readonly string? _type;
            private readonly NumericType _n;

            public Lanes(string? type, int bits, NumericType n)
            {
                _type = type;
                _n = n;
                Bits = bits;
                Count = type is null ? 1 : bits / 8 / n.Size;
            }

            public int Bits { get; }

            public int Count { get; }

            public string Type => _type is null ? _n.Name : $"{_type}<{_n.Name}>";

            public string Zero => _type is null ? CodeSyntax.Literal(_n, 0) : $"{Type}.Zero";

            public string Splat(string scalar) => _type is null ? scalar : $"{_type}.Create({scalar})";

            public string Load(string reference, string offset) =>
                _type is null ? $"{UnsafeType}.Add(ref {reference}, {offset})" : $"{_type}.LoadUnsafe(ref {reference}, (nuint)({offset}))";

            public string Store(string value, string reference, string offset) =>
                _type is null ? $"{UnsafeType}.Add(ref {reference}, {offset}) = {value};" : $"{_type}.StoreUnsafe({value}, ref {reference}, (nuint)({offset}));";

            public string Fma(string a, string b, string c) => _type is null ? $"({a} * {b}) + {c}" : $"{KernelsType}.Fma({a}, {b}, {c})";

            public string Sum(string v) => _type is null ? v : $"{_type}.Sum({v})";
        }

        /// <summary>
        /// Writes <c>if (V512.IsHardwareAccelerated) { … } else if (V256…) { … } else { scalar }</c> with a body per
        /// width; a width is left out when its vectors are longer than <paramref name="length"/>, the run they go along.
        /// </summary>
        private static void WriteWidthDispatch(SourceWriter w, KernelPlan plan, int length, System.Action<Lanes> body)
        {
            bool any = false;
            foreach ((string type, int bits) in VectorWidths)
            {
                var lanes = new Lanes(type, bits, plan.Numeric);
                if (lanes.Count > length)
                {
                    continue;
                }

                w.OpenBlock($"{(any ? "else if" : "if")} ({type}.IsHardwareAccelerated)");
                body(lanes);
                w.CloseBlock();
                any = true;
            }

            if (any)
            {
                w.OpenBlock("else");
            }

            body(new Lanes(null, 0, plan.Numeric));
            if (any)
            {
                w.CloseBlock();
            }
        }

        /// <summary>"a + b" without a "+ 0".</summary>
        private static string Plus(string a, int b) => b == 0 ? a : a == "0" ? Int(b) : $"{a} + {Int(b)}";

        /// <summary>z = W·x + b for one sample: four rows of W at a time, vector dot products along the fan-in.</summary>
        private static void WriteRowDense(SourceWriter w, KernelPlan plan, LayerPlan layer)
        {
            string t = plan.Numeric.Name;
            int k = layer.Number;
            int inputs = layer.Inputs, units = layer.Units;
            string bias = layer.HasBias ? $", ref {t} b" : string.Empty;
            w.WriteLine($"/// <summary>Layer {Int(k)}, one sample: z = W·x{(layer.HasBias ? " + b" : string.Empty)}; W is [{Int(units)}, {Int(inputs)}].</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static void __NetGen_RowDense{k}(ref {t} w{bias}, ref {t} x, ref {t} z)");
            WriteWidthDispatch(w, plan, inputs, v =>
            {
                int rows = System.Math.Min(BatchPlan.SingleRows, units);
                int full = units - (units % rows);
                if (full > 0)
                {
                    w.OpenBlock($"for (int j = 0; j < {Int(full)}; j += {Int(rows)})");
                    WriteDotRows(w, plan, layer, v, rows);
                    w.CloseBlock();
                }

                if (full < units)
                {
                    w.OpenBlock();
                    w.WriteLine($"const int j = {Int(full)};");
                    WriteDotRows(w, plan, layer, v, units - full);
                    w.CloseBlock();
                }
            });
            w.CloseBlock();
        }

        private static void WriteDotRows(SourceWriter w, KernelPlan plan, LayerPlan layer, Lanes v, int rows)
        {
            string t = plan.Numeric.Name;
            int inputs = layer.Inputs;
            int lanes = v.Count;
            int vectorEnd = v.Bits == 0 ? 0 : inputs - (inputs % lanes);
            w.WriteLine($"ref {t} w0 = ref {UnsafeType}.Add(ref w, j * {Int(inputs)});");
            if (vectorEnd > 0)
            {
                w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{v.Type} a{r} = {v.Zero};")));
                w.OpenBlock($"for (int i = 0; i < {Int(vectorEnd)}; i += {Int(lanes)})");
                w.WriteLine($"{v.Type} xv = {v.Load("x", "i")};");
                for (int r = 0; r < rows; r++)
                {
                    w.WriteLine($"a{r} = {v.Fma(v.Load("w0", Plus("i", r * inputs)), "xv", $"a{r}")};");
                }

                w.CloseBlock();
            }

            w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{t} z{r} = {(vectorEnd > 0 ? v.Sum($"a{r}") : Lit(plan.Numeric, 0))};")));
            if (vectorEnd < inputs)
            {
                w.OpenBlock($"for (int i = {Int(vectorEnd)}; i < {Int(inputs)}; i++)");
                w.WriteLine($"{t} xs = {UnsafeType}.Add(ref x, i);");
                w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"z{r} += {UnsafeType}.Add(ref w0, {Plus("i", r * inputs)}) * xs;")));
                w.CloseBlock();
            }

            for (int r = 0; r < rows; r++)
            {
                string unit = Plus("j", r);
                string b = layer.HasBias ? $" + {UnsafeType}.Add(ref b, {unit})" : string.Empty;
                w.WriteLine($"{UnsafeType}.Add(ref z, {unit}) = z{r}{b};");
            }
        }

        /// <summary>
        /// Zᵀ = W·Xᵀ + b for one block, feature-major: a block of rows × vectors of samples in registers, one weight
        /// broadcast per row and one vector of samples loaded per column for each input; no lanes are summed.
        /// </summary>
        private static void WriteBlockDense(SourceWriter w, KernelPlan plan, BatchPlan batch, LayerPlan layer)
        {
            string t = plan.Numeric.Name;
            int k = layer.Number;
            int b = batch.Block;
            int inputs = layer.Inputs, units = layer.Units;
            string bias = layer.HasBias ? $", ref {t} b" : string.Empty;
            w.WriteLine($"/// <summary>Layer {Int(k)}: Zᵀ = W·Xᵀ{(layer.HasBias ? " + b" : string.Empty)} for {Int(b)} samples; Xᵀ is [{Int(inputs)}, {Int(b)}], W [{Int(units)}, {Int(inputs)}], Zᵀ [{Int(units)}, {Int(b)}].</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static void __NetGen_BlockDense{k}(ref {t} w{bias}, ref {t} x, ref {t} z)");
            WriteWidthDispatch(w, plan, b, v => WriteBroadcastKernel(w, plan, b, v, units, inputs, inputs, 1, layer.HasBias ? "b" : null, "w", "x", "z"));
            w.CloseBlock();
        }

        /// <summary>dL/dXᵀ = Wᵀ·dZᵀ for one block, feature-major: rows of the fan-in × vectors of samples, one weight broadcast per row.</summary>
        private static void WriteBlockInputGradient(SourceWriter w, KernelPlan plan, BatchPlan batch, LayerPlan layer)
        {
            string t = plan.Numeric.Name;
            int k = layer.Number;
            int b = batch.Block;
            int inputs = layer.Inputs, units = layer.Units;
            w.WriteLine($"/// <summary>Layer {Int(k)}: dL/dXᵀ = Wᵀ·dZᵀ for {Int(b)} samples; dZᵀ is [{Int(units)}, {Int(b)}], W [{Int(units)}, {Int(inputs)}], dL/dXᵀ [{Int(inputs)}, {Int(b)}].</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static void __NetGen_BlockInputGradient{k}(ref {t} w, ref {t} dz, ref {t} dx)");
            WriteWidthDispatch(w, plan, b, v => WriteBroadcastKernel(w, plan, b, v, inputs, units, 1, inputs, null, "w", "dz", "dx"));
            w.CloseBlock();
        }

        /// <summary>
        /// out[r, s] = bias[r] + Σ_c A[r, c]·in[c, s] over a block of <paramref name="b"/> samples (feature-major in and out),
        /// where A[r, c] is <c>a[r·rowStride + c·reduceStride]</c>: rows in blocks of <see cref="BatchPlan.BroadcastBlocking"/>,
        /// samples in sub-blocks of whole vectors, each (row, vector) one accumulator.
        /// </summary>
        private static void WriteBroadcastKernel(SourceWriter w, KernelPlan plan, int b, Lanes v, int rows, int reduce, int rowStride, int reduceStride,
            string? bias, string a, string input, string output)
        {
            string t = plan.Numeric.Name;
            (int blockRows, int vectors) = BatchPlan.BroadcastBlocking(v.Bits);
            vectors = System.Math.Min(vectors, b / v.Count);
            int sub = vectors * v.Count;
            blockRows = System.Math.Min(blockRows, rows);
            bool subLoop = sub < b;
            if (subLoop)
            {
                w.OpenBlock($"for (int q = 0; q < {Int(b)}; q += {Int(sub)})");
            }
            else
            {
                w.OpenBlock();
                w.WriteLine("const int q = 0;");
            }

            void Rows(int count)
            {
                w.WriteLine($"ref {t} a0 = ref {UnsafeType}.Add(ref {a}, j{(rowStride == 1 ? string.Empty : " * " + Int(rowStride))});");
                for (int r = 0; r < count; r++)
                {
                    string init = bias is null ? v.Zero : v.Splat($"{UnsafeType}.Add(ref {bias}, {Plus("j", r)})");
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(c => $"{v.Type} c{r}_{c} = {init};")));
                }

                w.OpenBlock($"for (int i = 0; i < {Int(reduce)}; i++)");
                w.WriteLine($"ref {t} xi = ref {UnsafeType}.Add(ref {input}, (i * {Int(b)}) + q);");
                w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(c => $"{v.Type} x{c} = {v.Load("xi", Int(c * v.Count))};")));
                string reduceOffset = reduceStride == 1 ? "i" : $"i * {Int(reduceStride)}";
                for (int r = 0; r < count; r++)
                {
                    w.WriteLine($"{v.Type} m{r} = {v.Splat($"{UnsafeType}.Add(ref a0, {Plus(reduceOffset, r * rowStride)})")};");
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(c => $"c{r}_{c} = {v.Fma($"m{r}", $"x{c}", $"c{r}_{c}")};")));
                }

                w.CloseBlock();
                w.WriteLine($"ref {t} zj = ref {UnsafeType}.Add(ref {output}, (j * {Int(b)}) + q);");
                for (int r = 0; r < count; r++)
                {
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(c => v.Store($"c{r}_{c}", "zj", Int((r * b) + (c * v.Count))))));
                }
            }

            int full = rows - (rows % blockRows);
            w.OpenBlock($"for (int j = 0; j < {Int(full)}; j += {Int(blockRows)})");
            Rows(blockRows);
            w.CloseBlock();
            if (full < rows)
            {
                w.OpenBlock();
                w.WriteLine($"const int j = {Int(full)};");
                Rows(rows - full);
                w.CloseBlock();
            }

            w.CloseBlock();
        }

        /// <summary>
        /// dL/dW += dZᵀ·X and dL/db += Σ dZ over one block, sample-major: a block of gradient rows × vectors along the
        /// fan-in in registers, accumulated over the block's samples (one dL/dz broadcast per row), added to dW once.
        /// </summary>
        private static void WriteBlockWeightGradient(SourceWriter w, KernelPlan plan, BatchPlan batch, LayerPlan layer)
        {
            string t = plan.Numeric.Name;
            int k = layer.Number;
            int b = batch.Block;
            int inputs = layer.Inputs, units = layer.Units;
            string bias = layer.HasBias ? $", ref {t} gb" : string.Empty;
            w.WriteLine($"/// <summary>Layer {Int(k)}: dL/dW += dZᵀ·X{(layer.HasBias ? ", dL/db += Σ dZ" : string.Empty)} for {Int(b)} samples; dZ is [{Int(b)}, {Int(units)}], X [{Int(b)}, {Int(inputs)}].</summary>");
            w.WriteLine(GeneratedCode);
            WriteOptimizationAttribute(w, MethodKinds.Batch);
            w.OpenBlock($"private static void __NetGen_BlockWeightGradient{k}(ref {t} dz, ref {t} x, ref {t} gw{bias})");
            if (BatchPlan.IsNarrow(layer))
            {
                WriteNarrowWeightGradient(w, plan, b, layer);
                w.CloseBlock();
                return;
            }

            WriteWidthDispatch(w, plan, inputs, v =>
            {
                (int blockRows, int vectors) = BatchPlan.GradientBlocking(v.Bits);
                blockRows = System.Math.Min(blockRows, units);
                int lanes = v.Count;
                int whole = v.Bits == 0 ? 0 : inputs / lanes;
                vectors = System.Math.Max(1, System.Math.Min(vectors, whole));
                int blocked = v.Bits == 0 ? 0 : whole / vectors * vectors * lanes;
                int wholeEnd = whole * lanes;

                void Columns(Lanes u, int rows, string i, int count, string loopEnd)
                {
                    w.OpenBlock($"for (int i = {i}; i < {loopEnd}; i += {Int(count * u.Count)})");
                    for (int r = 0; r < rows; r++)
                    {
                        w.WriteLine(string.Join(" ", Enumerable.Range(0, count).Select(c => $"{u.Type} c{r}_{c} = {u.Load("g0", Plus("i", (r * inputs) + (c * u.Count)))};")));
                    }

                    w.OpenBlock($"for (int q = 0; q < {Int(b)}; q++)");
                    w.WriteLine($"ref {t} xq = ref {UnsafeType}.Add(ref x, q * {Int(inputs)});");
                    w.WriteLine($"ref {t} dq = ref {UnsafeType}.Add(ref dz, (q * {Int(units)}) + j);");
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, count).Select(c => $"{u.Type} x{c} = {u.Load("xq", Plus("i", c * u.Count))};")));
                    for (int r = 0; r < rows; r++)
                    {
                        w.WriteLine($"{u.Type} d{r} = {u.Splat($"{UnsafeType}.Add(ref dq, {Int(r)})")};");
                        w.WriteLine(string.Join(" ", Enumerable.Range(0, count).Select(c => $"c{r}_{c} = {u.Fma($"x{c}", $"d{r}", $"c{r}_{c}")};")));
                    }

                    w.CloseBlock();
                    for (int r = 0; r < rows; r++)
                    {
                        w.WriteLine(string.Join(" ", Enumerable.Range(0, count).Select(c => u.Store($"c{r}_{c}", "g0", Plus("i", (r * inputs) + (c * u.Count))))));
                    }

                    w.CloseBlock();
                }

                void Rows(int rows)
                {
                    w.WriteLine($"ref {t} g0 = ref {UnsafeType}.Add(ref gw, j * {Int(inputs)});");
                    if (blocked > 0)
                    {
                        Columns(v, rows, "0", vectors, Int(blocked));
                    }

                    if (blocked < wholeEnd)
                    {
                        Columns(v, rows, Int(blocked), 1, Int(wholeEnd));
                    }

                    if (wholeEnd < inputs)
                    {
                        // The last inputs, fewer than a vector: scalars.
                        Columns(new Lanes(null, 0, plan.Numeric), rows, Int(wholeEnd), 1, Int(inputs));
                    }
                }

                int full = units - (units % blockRows);
                w.OpenBlock($"for (int j = 0; j < {Int(full)}; j += {Int(blockRows)})");
                Rows(blockRows);
                w.CloseBlock();
                if (full < units)
                {
                    w.OpenBlock();
                    w.WriteLine($"const int j = {Int(full)};");
                    Rows(units - full);
                    w.CloseBlock();
                }
            });

            if (layer.HasBias)
            {
                w.WriteLine();
                w.WriteLine("// dL/db += Σ dZ over the block's samples.");
                w.OpenBlock($"for (int q = 0; q < {Int(b)}; q++)");
                w.WriteLine($"ref {t} dq = ref {UnsafeType}.Add(ref dz, q * {Int(units)});");
                WriteWidthDispatch(w, plan, units, v =>
                {
                    int end = v.Bits == 0 ? 0 : units - (units % v.Count);
                    if (end > 0)
                    {
                        w.OpenBlock($"for (int j = 0; j < {Int(end)}; j += {Int(v.Count)})");
                        w.WriteLine(v.Store($"{v.Load("gb", "j")} + {v.Load("dq", "j")}", "gb", "j"));
                        w.CloseBlock();
                    }

                    if (end < units)
                    {
                        w.OpenBlock($"for (int j = {Int(end)}; j < {Int(units)}; j++)");
                        w.WriteLine($"{UnsafeType}.Add(ref gb, j) += {UnsafeType}.Add(ref dq, j);");
                        w.CloseBlock();
                    }
                });
                w.CloseBlock();
            }

            w.CloseBlock();
        }

        /// <summary>
        /// dL/dW += dZᵀ·X for a fan-in narrower than a vector, from the feature-major blocks: each weight's gradient is a dot
        /// product along the block's samples (dZᵀ row j with Xᵀ row i), and each bias's the sum of dZᵀ row j.
        /// </summary>
        private static void WriteNarrowWeightGradient(SourceWriter w, KernelPlan plan, int b, LayerPlan layer)
        {
            string t = plan.Numeric.Name;
            int inputs = layer.Inputs, units = layer.Units;
            WriteWidthDispatch(w, plan, b, v =>
            {
                int vectors = b / v.Count;
                w.OpenBlock($"for (int j = 0; j < {Int(units)}; j++)");
                w.WriteLine($"ref {t} dj = ref {UnsafeType}.Add(ref dz, j * {Int(b)});");
                for (int i = 0; i < inputs; i++)
                {
                    w.OpenBlock();
                    w.WriteLine($"ref {t} xi = ref {UnsafeType}.Add(ref x, {Int(i * b)});");
                    w.WriteLine($"{v.Type} c0 = {v.Load("dj", "0")} * {v.Load("xi", "0")};");
                    if (vectors > 1)
                    {
                        w.WriteLine($"{v.Type} c1 = {v.Load("dj", Int(v.Count))} * {v.Load("xi", Int(v.Count))};");
                        w.OpenBlock($"for (int q = {Int(2 * v.Count)}; q < {Int(b)}; q += {Int(2 * v.Count)})");
                        w.WriteLine($"c0 = {v.Fma(v.Load("dj", "q"), v.Load("xi", "q"), "c0")};");
                        w.WriteLine($"c1 = {v.Fma(v.Load("dj", $"q + {Int(v.Count)}"), v.Load("xi", $"q + {Int(v.Count)}"), "c1")};");
                        w.CloseBlock();
                        w.WriteLine("c0 += c1;");
                    }

                    w.WriteLine($"{UnsafeType}.Add(ref gw, (j * {Int(inputs)}) + {Int(i)}) += {v.Sum("c0")};");
                    w.CloseBlock();
                }

                if (layer.HasBias)
                {
                    w.WriteLine($"{v.Type} e0 = {v.Load("dj", "0")};");
                    w.OpenBlock($"for (int q = {Int(v.Count)}; q < {Int(b)}; q += {Int(v.Count)})");
                    w.WriteLine($"e0 += {v.Load("dj", "q")};");
                    w.CloseBlock();
                    w.WriteLine($"{UnsafeType}.Add(ref gb, j) += {v.Sum("e0")};");
                }

                w.CloseBlock();
            });
        }

        /// <summary>dst = srcᵀ: src is [rows, cols] row-major, dst [cols, rows].</summary>
        /// <summary>
        /// A call of <c>Kernels.Transpose</c> (tiles moved in registers): the block [<paramref name="rows"/>,
        /// <paramref name="columns"/>] at <paramref name="from"/> of the scratch <c>s</c> (or the span named <paramref name="from"/>)
        /// into [<paramref name="columns"/>, <paramref name="rows"/>] at <paramref name="to"/>.
        /// </summary>
        private static void WriteTranspose(SourceWriter w, KernelPlan plan, string from, int to, int rows, int columns) =>
            w.WriteLine($"{KernelsType}.Transpose<{plan.Numeric.Name}>({from}, s.Slice({Int(to)}, {Int(rows * columns)}), {Int(rows)}, {Int(columns)});");

        private static void WriteTranspose(SourceWriter w, KernelPlan plan, int from, int to, int rows, int columns) =>
            WriteTranspose(w, plan, $"s.Slice({Int(from)}, {Int(rows * columns)})", to, rows, columns);

        /// <summary>
        /// The start of every batch member: the shape checks of <c>inputs</c> and of <paramref name="second"/> (outputs
        /// or targets, OutputSize values a sample), and the parameters as <c>p</c>.
        /// </summary>
        private static void WriteBatchArguments(SourceWriter w, KernelPlan plan, string second)
        {
            WriteBatchShapeCheck(w, "inputs", "InputSize", first: true);
            WriteBatchShapeCheck(w, second, "OutputSize", first: false);
            w.WriteLine($"{ReadOnlySpanOf}<{plan.Numeric.Name}> p = __NetGen_parameters.Span;");
        }

        /// <summary>
        /// Opens the loop over blocks of samples (<c>start</c> is a block's first sample, <c>n</c> its size; the body
        /// advances <c>start</c>) and, inside it, the branch of a last block too small to pad, which runs one sample at a
        /// time (its body advances by one and continues).
        /// </summary>
        private static void OpenBlockLoop(SourceWriter w, BatchPlan batch)
        {
            w.OpenBlock("for (int start = 0; start < count;)");
            w.WriteLine($"int n = global::System.Math.Min({Int(batch.Block)}, count - start);");
            w.OpenBlock($"if (n < {Int(batch.SinglesBelow)})");
            w.WriteLine("// A few last samples cost less one at a time than padded to a block.");
        }
    }
}
