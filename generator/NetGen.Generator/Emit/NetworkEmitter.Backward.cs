using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Generator.Lowering;

namespace NetGen.Generator.Emit
{
    internal static partial class NetworkEmitter
    {
        /// <summary>
        /// AccumulateGradients and SgdStep: one forward and backward pass per vector width, which adds scale × the gradient
        /// to a destination. AccumulateGradients passes the gradients and 1 (x · 1 is exact, so the sum is what it would be
        /// without the scale); SgdStep passes the parameters themselves and −learningRate, so the step is taken as the
        /// backward pass reaches each layer and no gradient is stored.
        /// </summary>
        private static void WriteAccumulateGradients(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            string t = plan.Numeric.Name;
            w.WriteLine($"""
                /// <summary>
                /// Runs forward and backward for one sample, adds the gradient of its loss to <see cref="Gradients"/> and
                /// returns the loss. Not safe to call from several threads at once on one instance.
                /// </summary>
                /// <param name="input">{Values(plan.InputSize)}.</param>
                /// <param name="target">{Values(plan.OutputSize)}.</param>
                {GeneratedCode}
                """);
            WriteOptimizationAttribute(w, MethodKinds.AccumulateGradients);
            w.OpenBlock($"public {t} AccumulateGradients({ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target)");
            bool counts = Counts(plan);
            WriteTrainDispatch(w, plan, "__NetGen_gradients.Span", Lit(plan.Numeric, 1), counts ? "false, out _" : null);
            w.CloseBlock();
            w.WriteLine();

            w.WriteLine($"""
                /// <summary>
                /// One plain stochastic-gradient step on one sample: runs forward and backward and moves every parameter by
                /// −<paramref name="learningRate"/> × the gradient of the sample's loss (p ← p − lr·∂L/∂p) as the backward
                /// pass reaches its layer, so that the gradient is never stored: <see cref="Gradients"/> are neither read nor
                /// written. Returns the sample's loss at the parameters before the step. Not safe to call from several
                /// threads at once on one instance, nor while a replica trains.
                /// </summary>
                /// <param name="input">{Values(plan.InputSize)}.</param>
                /// <param name="target">{Values(plan.OutputSize)}.</param>
                /// <param name="learningRate">The step size; 0 leaves the parameters unchanged.</param>
                {GeneratedCode}
                """);
            WriteOptimizationAttribute(w, MethodKinds.AccumulateGradients);
            w.OpenBlock($"public {t} SgdStep({ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target, {t} learningRate)");
            WriteTrainDispatch(w, plan, "__NetGen_parameters.Span", "-learningRate", counts ? "false, out _" : null);
            w.CloseBlock();
            w.WriteLine();

            string stepCref = "SgdStep(" + ReadOnlySpanOf + "{" + t + "}, " + ReadOnlySpanOf + "{" + t + "}, " + t + ")";
            w.WriteLine($"""
                /// <summary>
                /// <see cref="{stepCref}"/>, and in <paramref name="correct"/> the number of correct classifications of its
                /// forward pass, counted as <see cref="EvaluateLossBatch"/> counts them{(counts ? string.Empty : " (0: a regression loss)")}.
                /// </summary>
                {GeneratedCode}
                """);
            WriteOptimizationAttribute(w, MethodKinds.AccumulateGradients);
            w.OpenBlock($"public {t} SgdStep({ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target, {t} learningRate, out int correct)");
            if (counts)
            {
                WriteTrainDispatch(w, plan, "__NetGen_parameters.Span", "-learningRate", "true, out correct");
            }
            else
            {
                w.WriteLine("correct = 0;");
                w.WriteLine("return SgdStep(input, target, learningRate);");
            }

            w.CloseBlock();

            foreach (Width width in plan.HasVectorLayers ? Width.All : new[] { Width.Scalar })
            {
                w.WriteLine();
                string code = plan.HasVectorLayers ? $" with {Describe(width)}" : string.Empty;
                w.WriteLine($"""
                    /// <summary>
                    /// The forward and backward pass{code}: returns the loss and adds <paramref name="scale"/> × its gradient
                    /// to <paramref name="g"/>, the gradients (scale 1) or, for SgdStep, the parameters (scale −learningRate).
                    /// </summary>
                    {GeneratedCode}
                    """);
                WriteOptimizationAttribute(w, MethodKinds.AccumulateGradients);
                w.OpenBlock($"private {t} {TrainBodyName(plan, width)}({ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target, {SpanOf}<{t}> g, {t} scale{(counts ? ", bool count, out int correct" : string.Empty)})");
                WriteTrainBody(w, plan, width, cancellationToken);
                w.CloseBlock();
            }
        }

        private static string TrainBodyName(KernelPlan plan, Width width) =>
            "__NetGen_AccumulateGradients" + (plan.HasVectorLayers ? width.Suffix : string.Empty);

        /// <summary>Whether the loss is a classifier's, whose training bodies can count the correct classifications.</summary>
        private static bool Counts(KernelPlan plan) => plan.Loss != Loss.MeanSquaredError;

        /// <summary>
        /// The length checks, then the call of the widest training body the hardware accelerates; <paramref name="counting"/>
        /// is the counting arguments of a classifier's body.
        /// </summary>
        private static void WriteTrainDispatch(SourceWriter w, KernelPlan plan, string destination, string scale, string? counting)
        {
            WriteLengthCheck(w, "input", "InputSize");
            WriteLengthCheck(w, "target", "OutputSize");
            string extra = counting is null ? string.Empty : ", " + counting;
            string Call(Width width) => $"return {TrainBodyName(plan, width)}(input, target, {destination}, {scale}{extra});";
            if (plan.HasVectorLayers)
            {
                WriteDispatch(w, width => w.WriteLine(Call(width)));
            }
            else
            {
                w.WriteLine(Call(Width.Scalar));
            }
        }

        private static void WriteTrainBody(SourceWriter w, KernelPlan plan, Width width, CancellationToken cancellationToken)
        {
            string t = plan.Numeric.Name;
            w.WriteLine("// g may be the parameters themselves (SgdStep): each layer computes dL/dh from its weights before it adds to them.");
            w.WriteLine($"{ReadOnlySpanOf}<{t}> p = __NetGen_parameters.Span;");
            if (plan.TrainScratch > 0)
            {
                w.WriteLine($"{SpanOf}<{t}> s = __NetGen_scratch.Span;");
            }

            w.WriteLine();
            WriteForward(w, plan, ForwardMode.Train, width, cancellationToken);
            WriteLoss(w, plan);
            w.WriteLine();
            for (int index = plan.Layers.Count - 1; index >= 0; index--)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (plan.Layers[index].Unrolled)
                {
                    WriteUnrolledBackward(w, plan, index);
                }
                else
                {
                    WriteVectorBackward(w, plan, index, width);
                }

                w.WriteLine();
            }

            w.WriteLine("return loss;");
        }

        /// <summary>The loss of the sample and its gradient with respect to the output (dh), or to the logits (dz) when fused.</summary>
        private static void WriteLoss(SourceWriter w, KernelPlan plan)
        {
            LayerPlan layer = plan.Output;
            LayerValues values = layer.Train;
            LossDefinition loss = plan.LossOp;
            NumericType n = plan.Numeric;
            var s = new CodeSyntax(Width.Scalar, n);
            string t = n.Name;
            int k = layer.Number;
            int m = layer.Units;
            double? scale = loss.GradientScale(m);
            string? scaleText = scale is null || scale == 1 ? null : Lit(n, scale.Value);
            string mean = $"{Lit(n, 1.0 / m)}";

            w.WriteLine($"// Loss: {loss.Kind}.   {loss.Formula(k, m)}");
            Place gradient = loss.IsFused ? values.Dz : values.Dh;
            bool locals = gradient.IsLocals;
            string H(int j) => locals ? Local(values.H, j) : $"{SpanName(values.H)}[{j}]";
            string Z(int j) => locals ? Local(values.Z, j) : $"{SpanName(values.Z)}[{j}]";
            string G(int j) => locals ? $"{t} {Local(gradient, j)}" : $"{gradient.Name}[{j}]";
            if (!locals)
            {
                w.WriteLine($"{SpanOf}<{t}> {gradient.Name} = {SpanSource(gradient, m)};");
            }

            var terms = new List<string>(m);
            switch (loss.Kind)
            {
                case Loss.MeanSquaredError:
                    for (int j = 0; j < m; j++)
                    {
                        w.WriteLine($"{t} r{k}_{j} = {H(j)} - target[{j}];");
                        terms.Add(loss.Term(s, $"r{k}_{j}", $"target[{j}]", null!));
                    }

                    for (int j = 0; j < m; j++)
                    {
                        w.WriteLine($"{G(j)} = {loss.Gradient(s, $"r{k}_{j}", $"target[{j}]", scaleText)};");
                    }

                    break;

                case Loss.CrossEntropy:
                    w.WriteLine($"{t} lse{k} = {n.MathClass}.Log(sum{k});");
                    WriteSum(w, $"{t} tsum = ", Enumerable.Range(0, m).Select(j => $"target[{j}]").ToList());
                    for (int j = 0; j < m; j++)
                    {
                        terms.Add(loss.Term(s, $"({Z(j)} - m{k} - lse{k})", $"target[{j}]", null!));
                    }

                    for (int j = 0; j < m; j++)
                    {
                        w.WriteLine($"{G(j)} = {loss.Gradient(s, H(j), $"target[{j}]", "tsum")};");
                    }

                    break;

                case Loss.BinaryCrossEntropy:
                    for (int j = 0; j < m; j++)
                    {
                        terms.Add(loss.Term(s, Z(j), $"target[{j}]", $"{KernelsType}.Softplus<{t}>({Z(j)})"));
                    }

                    for (int j = 0; j < m; j++)
                    {
                        w.WriteLine($"{G(j)} = {loss.Gradient(s, H(j), $"target[{j}]", scaleText)};");
                    }

                    break;
            }

            string prefix = loss.Kind == Loss.CrossEntropy ? $"{t} loss = -(" : m > 1 && loss.MeanOverOutputs ? $"{t} loss = {mean} * (" : $"{t} loss = ";
            string end = prefix.EndsWith("(", System.StringComparison.Ordinal) ? ");" : ";";
            WriteSum(w, prefix, terms, end: end);
            if (!Counts(plan))
            {
                return;
            }

            // The forward pass's verdict on the sample (SgdStep's counting overload, for the trainer's accuracy).
            w.WriteLine("correct = 0;");
            w.OpenBlock("if (count)");
            string output = SpanName(values.H);
            if (locals)
            {
                output = "verdict";
                w.WriteLine($"{ReadOnlySpanOf}<{t}> verdict = stackalloc {t}[] {{ {string.Join(", ", Enumerable.Range(0, m).Select(H))} }};");
            }

            w.WriteLine($"correct = {ClassificationType}.CountCorrect<{t}>(global::NetGen.Loss.{plan.Loss}, {output}, target);");
            w.CloseBlock();
        }

        private static void WriteUnrolledBackward(SourceWriter w, KernelPlan plan, int index)
        {
            LayerPlan layer = plan.Layers[index];
            LayerValues values = layer.Train;
            NumericType n = plan.Numeric;
            var s = new CodeSyntax(Width.Scalar, n);
            string t = n.Name;
            int k = layer.Number;
            bool fused = index == plan.Layers.Count - 1 && plan.FusedLoss;
            string Dh(int j) => values.Dh.IsLocals ? Local(values.Dh, j) : $"{values.Dh.Name}[{j}]";
            string Dz(int j) => Local(values.Dz, j);

            // dL/dz from dL/dh through the activation's own derivative.
            if (fused)
            {
                w.WriteLine($"// Layer {Int(k)} backward.   dL/dz{k} comes fused from the loss.");
            }
            else
            {
                w.WriteLine($"// Layer {Int(k)} backward.   dL/dz{k} = {layer.Op.DerivativeFormula($"dL/dh{k}", Int(k))}");
                if (!layer.Op.IsElementwise)
                {
                    WriteSum(w, $"{t} dot{k} = ", Enumerable.Range(0, layer.Units).Select(u => $"{Dh(u)} * h{k}_{u}").ToList());
                }

                for (int j = 0; j < layer.Units; j++)
                {
                    if (values.Dz == values.Dh)
                    {
                        continue;
                    }

                    string source = layer.Op.DerivativeReads == DerivativeSource.PreActivation ? Local(values.Z, j) : Local(values.H, j);
                    string expression = layer.Op.IsElementwise
                        ? layer.Op.Derivative(s, Dh(j), source, layer.Alpha)
                        : $"h{k}_{j} * ({Dh(j)} - dot{k})";
                    w.WriteLine($"{t} {Dz(j)} = {expression};");
                }
            }

            // The gradient flowing to the previous layer's output, from the weights before this layer adds to them.
            if (index > 0)
            {
                LayerPlan previous = plan.Layers[index - 1];
                Place dh = previous.Train.Dh;
                w.WriteLine($"// dL/dh{k - 1} = W{k}ᵀ · dz{k}");
                if (dh.IsSpan)
                {
                    w.WriteLine($"{SpanOf}<{t}> {dh.Name} = {SpanSource(dh, previous.Units)};");
                }

                for (int i = 0; i < layer.Inputs; i++)
                {
                    var terms = Enumerable.Range(0, layer.Units)
                        .Select(j => $"W{k}[{Int((j * layer.Inputs) + i)}] * {Dz(j)}").ToList();
                    WriteSum(w, dh.IsSpan ? $"{dh.Name}[{Int(i)}] = " : $"{t} {Local(dh, i)} = ", terms);
                }
            }

            // Parameter gradients: the outer product with the layer's input, and dz itself for the biases, times the scale.
            string x = InputName(plan, index, ForwardMode.Train);
            WriteUpdateComment(w, layer, x);
            for (int j = 0; j < layer.Units; j++)
            {
                w.WriteLine($"{t} d{k}_{j} = {Dz(j)} * scale;");
            }

            w.WriteLine($"{SpanOf}<{t}> gW{k} = g.Slice({Int(layer.WeightOffset)}, {Int(layer.WeightCount)});");
            for (int j = 0; j < layer.Units; j++)
            {
                for (int i = 0; i < layer.Inputs; i++)
                {
                    w.WriteLine($"gW{k}[{Int((j * layer.Inputs) + i)}] += d{k}_{j} * {InputRef(plan, index, i, ForwardMode.Train)};");
                }
            }

            if (layer.HasBias)
            {
                w.WriteLine($"{SpanOf}<{t}> gb{k} = g.Slice({Int(layer.BiasOffset)}, {Int(layer.Units)});");
                for (int j = 0; j < layer.Units; j++)
                {
                    w.WriteLine($"gb{k}[{j}] += d{k}_{j};");
                }
            }
        }

        /// <summary>The formula of a layer's parameter update: g is the gradients (scale 1) or the parameters (SgdStep).</summary>
        private static void WriteUpdateComment(SourceWriter w, LayerPlan layer, string x)
        {
            int k = layer.Number;
            w.WriteLine($"// gW{k} += scale · dz{k} ⊗ {x}{(layer.HasBias ? $";  gb{k} += scale · dz{k}" : string.Empty)}   (scale 1: dL/dW{k}, dL/db{k}; SgdStep: −lr, into the parameters)");
        }

        private static void WriteVectorBackward(SourceWriter w, KernelPlan plan, int index, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            LayerValues values = layer.Train;
            NumericType n = plan.Numeric;
            string t = n.Name;
            int k = layer.Number, units = layer.Units;
            bool fused = index == plan.Layers.Count - 1 && plan.FusedLoss;
            bool vectors = !width.IsScalar;
            string dz = values.Dz.Name, dh = values.Dh.Name;
            string x = InputName(plan, index, ForwardMode.Train);

            if (fused)
            {
                w.WriteLine($"// Layer {Int(k)} backward.   dL/dz{k} comes fused from the loss.");
            }
            else
            {
                w.WriteLine($"// Layer {Int(k)} backward.   dL/dz{k} = {layer.Op.DerivativeFormula($"dL/dh{k}", Int(k))}");
            }

            // A single-input first layer keeps dz in registers (WriteSingleInputFirstLayerBackward).
            bool dzInRegisters = index == 0 && vectors && layer.Strategy == LayerStrategy.VectorAcrossOutputs && !fused && layer.Op.IsElementwise;
            if (vectors)
            {
                if (!fused)
                {
                    DeclareRef(w, n, dh);
                }

                if (values.Dz != values.Dh && !dzInRegisters)
                {
                    if (!fused)
                    {
                        w.WriteLine($"{SpanOf}<{t}> {dz} = {SpanSource(values.Dz, units)};");
                    }

                    DeclareRef(w, n, dz);
                }

                DeclareRef(w, n, x);
            }
            else if (!fused && values.Dz != values.Dh)
            {
                w.WriteLine($"{SpanOf}<{t}> {dz} = {SpanSource(values.Dz, units)};");
            }

            if (dzInRegisters)
            {
                WriteSingleInputFirstLayerBackward(w, plan, width);
                return;
            }

            if (!fused && values.Dz != values.Dh)
            {
                if (layer.Op.IsElementwise)
                {
                    ForEachChunk(w, n, width, units, inPlace: false, (s, at) => new[] { s.Store(DzChunk(s, layer, at), dz, at) });
                }
                else
                {
                    string h = SpanName(values.H);
                    w.WriteLine($"{t} dot{k} = {Lit(n, 0)};");
                    w.OpenBlock($"for (int j = 0; j < {Int(units)}; j++)");
                    w.WriteLine($"dot{k} += {dh}[j] * {h}[j];");
                    w.CloseBlock();
                    ForEachChunk(w, n, width, units, inPlace: false, (s, at) => new[] { s.Store(s.Multiply(s.Load(h, at), s.Subtract(s.Load(dh, at), s.Splat($"dot{k}"))), dz, at) });
                }
            }

            // The gradient flowing to the previous layer's output first, from the weights before this layer adds to them.
            if (index > 0 && InRowPass(layer, n, width))
            {
                WriteRowPass(w, plan, index, width);
            }
            else
            {
                if (index > 0)
                {
                    WriteVectorInputGradient(w, plan, index, width);
                }

                WriteVectorWeightUpdate(w, plan, index, width);
            }

            WriteVectorBiasUpdate(w, plan, index, width);
        }

        /// <summary>
        /// The first layer with a single input (xsq's 1 → 64): nothing flows on from it, so dz is never stored; each chunk
        /// of dz comes from dL/dh and z in registers and goes straight into the weight column and the biases (one pass
        /// instead of three over the units, the same operations in the same order as the three).
        /// </summary>
        private static void WriteSingleInputFirstLayerBackward(SourceWriter w, KernelPlan plan, Width width)
        {
            LayerPlan layer = plan.Layers[0];
            NumericType n = plan.Numeric;
            int k = layer.Number;
            WriteUpdateComment(w, layer, InputName(plan, 0, ForwardMode.Train));
            w.WriteLine($"// dz{k} a chunk at a time, in registers: layer {Int(k)} passes nothing on.");
            WriteGradientSlice(w, n, width, $"gW{k}", layer.WeightOffset, layer.WeightCount);
            if (layer.HasBias)
            {
                WriteGradientSlice(w, n, width, $"gb{k}", layer.BiasOffset, layer.Units);
            }

            w.WriteLine($"{n.Name} xs{k} = x{k} * scale;");
            ForEachChunk(w, n, width, layer.Units, inPlace: true, (s, at) =>
            {
                var lines = new List<string>
                {
                    $"var dzv = {(layer.Train.Dz == layer.Train.Dh ? s.Load(layer.Train.Dh.Name, at) : DzChunk(s, layer, at))};",
                    s.Store(s.Fma("dzv", s.Splat($"xs{k}"), s.Load($"gW{k}", at)), $"gW{k}", at),
                };
                if (layer.HasBias)
                {
                    lines.Add(s.Store(s.Fma("dzv", s.Splat("scale"), s.Load($"gb{k}", at)), $"gb{k}", at));
                }

                return lines;
            });
        }

        /// <summary>dL/dz of one chunk of an elementwise layer's units: dL/dh through the activation's derivative.</summary>
        private static string DzChunk(CodeSyntax s, LayerPlan layer, string at)
        {
            LayerValues values = layer.Train;
            string source = layer.Op.DerivativeReads == DerivativeSource.PreActivation ? SpanName(values.Z) : SpanName(values.H);
            return layer.Op.Derivative(s, s.Load(values.Dh.Name, at), s.Load(source, at), layer.Alpha);
        }

        /// <summary>The slice of g a layer's weights or biases add to, and its reference for the vector loads and stores.</summary>
        private static void WriteGradientSlice(SourceWriter w, NumericType n, Width width, string name, int offset, int count)
        {
            w.WriteLine($"{SpanOf}<{n.Name}> {name} = g.Slice({Int(offset)}, {Int(count)});");
            if (!width.IsScalar)
            {
                DeclareRef(w, n, name);
            }
        }

        /// <summary>
        /// Whether dL/dh and the weight update share one pass over the rows: where a row is more than sixteen vectors, dL/dh
        /// summed in registers walks the weights in more than four column strips, each strip reading every row at the
        /// row's stride (wide's 256 → 256 with 128-bit vectors: 16 strips, AccumulateGradients 6.5× Predict on an Intel
        /// AVX-512 machine; the row pass: 2.5× faster). With four strips (the same layer with AVX-512) the strips measured
        /// 1.15× faster than the row pass, so they stay.
        /// </summary>
        private static bool InRowPass(LayerPlan layer, NumericType n, Width width) =>
            layer.Strategy != LayerStrategy.VectorAcrossOutputs && !width.IsScalar && layer.Inputs > 16 * width.Lanes(n);

        /// <summary>
        /// dL/dh of the previous layer and gW += scale · dz ⊗ x in one pass over the rows: each chunk of a row is read
        /// from W, added times dz into dL/dh (the scratch, in L1), and only then does g add to the same addresses, so g
        /// may be the weights (SgdStep walks them once). dL/dh sums the rows in the same order as the strip form.
        /// </summary>
        private static void WriteRowPass(SourceWriter w, KernelPlan plan, int index, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            NumericType n = plan.Numeric;
            string t = n.Name;
            int k = layer.Number, units = layer.Units, inputs = layer.Inputs;
            string dz = layer.Train.Dz.Name;
            string x = InputName(plan, index, ForwardMode.Train);
            LayerPlan previous = plan.Layers[index - 1];
            string dh = previous.Train.Dh.Name;
            w.WriteLine($"// dL/dh{k - 1} = W{k}ᵀ · dz{k}, and gW{k} += scale · dz{k} ⊗ {x} in the same pass over the rows (each weight read before g adds to it){(layer.HasBias ? $";  then gb{k} += scale · dz{k}" : string.Empty)}");
            w.WriteLine($"{SpanOf}<{t}> {dh} = {SpanSource(previous.Train.Dh, previous.Units)};");
            DeclareRef(w, n, dh);
            w.WriteLine($"{dh}.Clear();");
            WriteGradientSlice(w, n, width, $"gW{k}", layer.WeightOffset, layer.WeightCount);
            w.OpenBlock($"for (int j = 0; j < {Int(units)}; j++)");
            w.WriteLine($"int row = j * {Int(inputs)};");
            w.WriteLine($"{t} d = {dz}[j];");
            WriteSkipZeroRow(w, layer, n);
            w.WriteLine($"{t} ds = d * scale;");
            ForEachChunk(w, n, width, inputs, inPlace: true, (s, at) => new[]
            {
                s.Store(s.Fma(s.Load($"W{k}", CodeSyntax.Plus("row", at)), s.Splat("d"), s.Load(dh, at)), dh, at),
                s.Store(s.Fma(s.Splat("ds"), s.Load(x, at), s.Load($"gW{k}", CodeSyntax.Plus("row", at))), $"gW{k}", CodeSyntax.Plus("row", at)),
            }, index: "i");
            w.CloseBlock();
        }

        /// <summary>dL/dh of the previous layer = Wᵀ·dz, a sum over the rows.</summary>
        private static void WriteVectorInputGradient(SourceWriter w, KernelPlan plan, int index, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            NumericType n = plan.Numeric;
            string t = n.Name;
            int k = layer.Number, units = layer.Units, inputs = layer.Inputs;
            bool vectors = !width.IsScalar;
            string dz = layer.Train.Dz.Name;
            LayerPlan previous = plan.Layers[index - 1];
            Place target = previous.Train.Dh;
            w.WriteLine($"// dL/dh{k - 1} = W{k}ᵀ · dz{k}");
            w.WriteLine($"{SpanOf}<{t}> {target.Name} = {SpanSource(target, previous.Units)};");
            if (vectors)
            {
                DeclareRef(w, n, target.Name);
            }

            if (layer.Strategy == LayerStrategy.VectorAcrossOutputs)
            {
                // One input: dL/dh is the dot product of the weight column with dz.
                Width dot = width.Fit(n, units);
                var s = new CodeSyntax(dot, n);
                int lanes = dot.Lanes(n), chunks = units / lanes;
                w.WriteLine($"{s.Type} acc{k} = {s.Zero};");
                if (chunks > 4)
                {
                    w.OpenBlock($"for (int j = 0; j < {Int(chunks * lanes)}; j += {Int(lanes)})");
                    w.WriteLine($"acc{k} = {s.Fma(s.Load($"W{k}", "j"), s.Load(dz, "j"), $"acc{k}")};");
                    w.CloseBlock();
                }
                else
                {
                    for (int c = 0; c < chunks; c++)
                    {
                        w.WriteLine($"acc{k} = {s.Fma(s.Load($"W{k}", Int(c * lanes)), s.Load(dz, Int(c * lanes)), $"acc{k}")};");
                    }
                }

                var terms = new List<string> { s.Sum($"acc{k}") };
                for (int j = chunks * lanes; j < units; j++)
                {
                    terms.Add($"W{k}[{Int(j)}] * {dz}[{Int(j)}]");
                }

                w.WriteLine($"{target.Name}[0] = {string.Join(" + ", terms)};");
                return;
            }

            // Vectors across the inputs, up to four at a time in registers, each summed over every row.
            var offsets = new List<(Width Width, int At)>();
            int start = 0;
            while (start < inputs)
            {
                Width fit = width.Fit(n, inputs - start);
                int lanes = fit.Lanes(n);
                int whole = (inputs - start) / lanes;
                for (int c = 0; c < whole; c++)
                {
                    offsets.Add((fit, start + (c * lanes)));
                }

                start += whole * lanes;
                if (start < inputs && !fit.IsScalar && start >= lanes)
                {
                    offsets.Add((fit, inputs - lanes));
                    break;
                }
            }

            for (int group = 0; group < offsets.Count; group += 4)
            {
                var members = offsets.Skip(group).Take(4).ToList();
                w.OpenBlock();
                for (int q = 0; q < members.Count; q++)
                {
                    w.WriteLine($"{new CodeSyntax(members[q].Width, n).Type} d{q} = {new CodeSyntax(members[q].Width, n).Zero};");
                }

                w.OpenBlock($"for (int j = 0; j < {Int(units)}; j++)");
                w.WriteLine($"int row = j * {Int(inputs)};");
                w.WriteLine($"{t} d = {dz}[j];");
                WriteSkipZeroRow(w, layer, n);
                for (int q = 0; q < members.Count; q++)
                {
                    var s = new CodeSyntax(members[q].Width, n);
                    w.WriteLine($"d{q} = {s.Fma(s.Load($"W{k}", CodeSyntax.Plus("row", Int(members[q].At))), s.Splat("d"), $"d{q}")};");
                }

                w.CloseBlock();
                for (int q = 0; q < members.Count; q++)
                {
                    var s = new CodeSyntax(members[q].Width, n);
                    w.WriteLine(s.Store($"d{q}", target.Name, Int(members[q].At)));
                }

                w.CloseBlock();
            }
        }

        /// <summary>The weights' update: gW += scale · dz ⊗ x.</summary>
        private static void WriteVectorWeightUpdate(SourceWriter w, KernelPlan plan, int index, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            NumericType n = plan.Numeric;
            string t = n.Name;
            int k = layer.Number, units = layer.Units, inputs = layer.Inputs;
            string dz = layer.Train.Dz.Name;
            string x = InputName(plan, index, ForwardMode.Train);
            WriteUpdateComment(w, layer, x);
            WriteGradientSlice(w, n, width, $"gW{k}", layer.WeightOffset, layer.WeightCount);

            if (layer.Strategy == LayerStrategy.VectorAcrossOutputs)
            {
                // One input: the scale goes onto it, so that each chunk stays one multiply-add.
                w.WriteLine($"{t} xs{k} = x{k} * scale;");
                ForEachChunk(w, n, width, units, inPlace: true, (s, at) => new[] { s.Store(s.Fma(s.Load(dz, at), s.Splat($"xs{k}"), s.Load($"gW{k}", at)), $"gW{k}", at) });
            }
            else
            {
                w.OpenBlock($"for (int j = 0; j < {Int(units)}; j++)");
                w.WriteLine($"int row = j * {Int(inputs)};");
                w.WriteLine($"{t} d = {dz}[j] * scale;");
                WriteSkipZeroRow(w, layer, n);
                ForEachChunk(w, n, width, inputs, inPlace: true, (s, at) => new[] { s.Store(s.Fma(s.Splat("d"), s.Load(x, at), s.Load($"gW{k}", CodeSyntax.Plus("row", at))), $"gW{k}", CodeSyntax.Plus("row", at)) }, index: "i");
                w.CloseBlock();
            }
        }

        /// <summary>The biases' update: gb += scale · dz.</summary>
        private static void WriteVectorBiasUpdate(SourceWriter w, KernelPlan plan, int index, Width width)
        {
            LayerPlan layer = plan.Layers[index];
            if (!layer.HasBias)
            {
                return;
            }

            NumericType n = plan.Numeric;
            int k = layer.Number;
            string dz = layer.Train.Dz.Name;
            WriteGradientSlice(w, n, width, $"gb{k}", layer.BiasOffset, layer.Units);

            ForEachChunk(w, n, width, layer.Units, inPlace: true, (s, at) => new[] { s.Store(s.Fma(s.Load(dz, at), s.Splat("scale"), s.Load($"gb{k}", at)), $"gb{k}", at) });
        }

        /// <summary>
        /// A row whose dL/dz is zero adds nothing to dL/dW or dL/dh; behind a ReLU that is about half the rows, so the row
        /// is skipped (what the run-time kernels did before the emitter wrote vector code).
        /// </summary>
        private static void WriteSkipZeroRow(SourceWriter w, LayerPlan layer, NumericType n)
        {
            if (layer.Activation != Activation.ReLU)
            {
                return;
            }

            w.OpenBlock($"if (d == {Lit(n, 0)})");
            w.WriteLine("continue;");
            w.CloseBlock();
            w.WriteLine();
        }
    }
}
