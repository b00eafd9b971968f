using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Generator.Lowering;

namespace NetGen.Generator.Emit
{
    internal static partial class NetworkEmitter
    {
        private static void WriteAccumulateGradients(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            string t = plan.Numeric.Name;
            w.WriteLine($"""
                /// <summary>
                /// Runs forward and backward for one sample, adds the gradient of its loss to <see cref="Gradients"/> and
                /// returns the loss. Not safe to call from several threads at once on one instance.
                /// </summary>
                /// <param name="input">{Int(plan.InputSize)} values.</param>
                /// <param name="target">{Int(plan.OutputSize)} values.</param>
                {GeneratedCode}
                """);
            w.OpenBlock($"public {t} AccumulateGradients({ReadOnlySpanOf}<{t}> input, {ReadOnlySpanOf}<{t}> target)");
            WriteLengthCheck(w, "input", "InputSize");
            WriteLengthCheck(w, "target", "OutputSize");
            w.WriteLine($"{ReadOnlySpanOf}<{t}> p = __NetGen_parameters;");
            w.WriteLine($"{SpanOf}<{t}> g = __NetGen_gradients;");
            if (plan.TrainScratch > 0)
            {
                w.WriteLine($"{SpanOf}<{t}> s = __NetGen_scratch;");
            }

            w.WriteLine();
            WriteForward(w, plan, ForwardMode.Train, cancellationToken);
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
                    WriteLoopedBackward(w, plan, index);
                }

                w.WriteLine();
            }

            w.WriteLine("return loss;");
            w.CloseBlock();
        }

        /// <summary>The loss of the sample and its gradient with respect to the output (dh), or to the logits (dz) when fused.</summary>
        private static void WriteLoss(SourceWriter w, KernelPlan plan)
        {
            LayerPlan layer = plan.Output;
            NumericType n = plan.Numeric;
            string t = n.Name;
            int k = layer.Number;
            int m = layer.Units;
            string count = Lit(n, m);

            switch (plan.Loss)
            {
                case Loss.MeanSquaredError:
                    w.WriteLine($"// Loss: mean squared error.   L = (1/{m}) Σ (h{k} − t)²;  dL/dh{k} = (2/{m})(h{k} − t)");
                    if (layer.Unrolled)
                    {
                        for (int j = 0; j < m; j++)
                        {
                            w.WriteLine($"{t} r{k}_{j} = {HLocal(layer, j)} - target[{j}];");
                        }

                        string squares = string.Join(" + ", Enumerable.Range(0, m).Select(j => $"r{k}_{j} * r{k}_{j}"));
                        w.WriteLine(m == 1 ? $"{t} loss = {squares};" : $"{t} loss = ({squares}) / {count};");
                        string scale = m == 1 ? Lit(n, 2) : $"({Lit(n, 2)} / {count})";
                        for (int j = 0; j < m; j++)
                        {
                            w.WriteLine($"{t} dh{k}_{j} = {scale} * r{k}_{j};");
                        }
                    }
                    else
                    {
                        w.WriteLine($"{SpanOf}<{t}> dh{k} = s.Slice({Int(layer.TrainDh)}, {Int(m)});");
                        w.WriteLine($"{t} loss = {KernelsType}.MeanSquaredError<{t}>(h{k}, target, dh{k});");
                    }

                    break;

                case Loss.CrossEntropy:
                    w.WriteLine($"// Loss: cross-entropy of the softmax.   L = −Σ t ln h{k} = −Σ t (z{k} − max − ln Σ e);  dL/dz{k} = h{k}·Σt − t (fused)");
                    if (layer.Unrolled)
                    {
                        w.WriteLine($"{t} lse{k} = {n.MathClass}.Log(sum{k});");
                        WriteSum(w, $"{t} tsum = ", Enumerable.Range(0, m).Select(j => $"target[{j}]").ToList());
                        WriteSum(w, $"{t} loss = -(", Enumerable.Range(0, m).Select(j => $"target[{j}] * (z{k}_{j} - m{k} - lse{k})").ToList(), ");");
                        for (int j = 0; j < m; j++)
                        {
                            w.WriteLine($"{t} dz{k}_{j} = h{k}_{j} * tsum - target[{j}];");
                        }
                    }
                    else
                    {
                        w.WriteLine($"{SpanOf}<{t}> dz{k} = s.Slice({Int(layer.TrainDz)}, {Int(m)});");
                        w.WriteLine($"{t} loss = {KernelsType}.SoftmaxCrossEntropy<{t}>(z{k}, h{k}, target, dz{k});");
                    }

                    break;

                case Loss.BinaryCrossEntropy:
                    w.WriteLine($"// Loss: binary cross-entropy of the sigmoid.   L = (1/{m}) Σ [softplus(z{k}) − t·z{k}];  dL/dz{k} = (h{k} − t)/{m} (fused)");
                    if (layer.Unrolled)
                    {
                        var terms = Enumerable.Range(0, m).Select(j => $"{KernelsType}.Softplus<{t}>(z{k}_{j}) - target[{j}] * z{k}_{j}").ToList();
                        if (m == 1)
                        {
                            w.WriteLine($"{t} loss = {terms[0]};");
                        }
                        else
                        {
                            WriteSum(w, $"{t} loss = (", terms, $") / {count};");
                        }

                        for (int j = 0; j < m; j++)
                        {
                            w.WriteLine(m == 1
                                ? $"{t} dz{k}_{j} = h{k}_{j} - target[{j}];"
                                : $"{t} dz{k}_{j} = (h{k}_{j} - target[{j}]) / {count};");
                        }
                    }
                    else
                    {
                        w.WriteLine($"{SpanOf}<{t}> dz{k} = s.Slice({Int(layer.TrainDz)}, {Int(m)});");
                        w.WriteLine($"{t} loss = {KernelsType}.SigmoidBinaryCrossEntropy<{t}>(z{k}, h{k}, target, dz{k});");
                    }

                    break;
            }
        }

        private static void WriteUnrolledBackward(SourceWriter w, KernelPlan plan, int index)
        {
            LayerPlan layer = plan.Layers[index];
            NumericType n = plan.Numeric;
            string t = n.Name;
            int k = layer.Number;
            bool fused = index == plan.Layers.Count - 1 && plan.Loss != Loss.MeanSquaredError;
            string zero = Lit(n, 0), one = Lit(n, 1);

            // dL/dz from dL/dh through the activation's own derivative.
            if (!fused)
            {
                w.WriteLine($"// Layer {Int(k)} backward.   dL/dz{k} = {DerivativeFormula(layer)}");
                for (int j = 0; j < layer.Units; j++)
                {
                    string dh = DhRef(layer, j);
                    switch (layer.Activation)
                    {
                        case Activation.Identity:
                            if (layer.OutputGradientIsSpan)
                            {
                                w.WriteLine($"{t} dz{k}_{j} = {dh};");
                            }

                            break;
                        case Activation.ReLU:
                            w.WriteLine($"{t} dz{k}_{j} = z{k}_{j} > {zero} ? {dh} : {zero};");
                            break;
                        case Activation.LeakyReLU:
                            w.WriteLine($"{t} dz{k}_{j} = z{k}_{j} > {zero} ? {dh} : {AlphaLiteral(n, layer.Alpha)} * {dh};");
                            break;
                        case Activation.Sigmoid:
                            w.WriteLine($"{t} dz{k}_{j} = {dh} * h{k}_{j} * ({one} - h{k}_{j});");
                            break;
                        case Activation.Tanh:
                            w.WriteLine($"{t} dz{k}_{j} = {dh} * ({one} - h{k}_{j} * h{k}_{j});");
                            break;
                        case Activation.Softmax:
                            if (j == 0)
                            {
                                WriteSum(w, $"{t} dot{k} = ", Enumerable.Range(0, layer.Units).Select(u => $"{DhRef(layer, u)} * h{k}_{u}").ToList());
                            }

                            w.WriteLine($"{t} dz{k}_{j} = h{k}_{j} * ({dh} - dot{k});");
                            break;
                    }
                }
            }
            else
            {
                w.WriteLine($"// Layer {Int(k)} backward.   dL/dz{k} comes fused from the loss.");
            }

            // Parameter gradients: the outer product with the layer's input, and dz itself for the biases.
            string x = index == 0 ? "x" : $"h{k - 1}";
            w.WriteLine($"// dL/dW{k} += dz{k} ⊗ {x}{(layer.HasBias ? $";  dL/db{k} += dz{k}" : string.Empty)}");
            w.WriteLine($"{SpanOf}<{t}> gW{k} = g.Slice({Int(layer.WeightOffset)}, {Int(layer.WeightCount)});");
            for (int j = 0; j < layer.Units; j++)
            {
                for (int i = 0; i < layer.Inputs; i++)
                {
                    w.WriteLine($"gW{k}[{Int((j * layer.Inputs) + i)}] += {DzRef(layer, j, fused)} * {InputRef(plan, index, i)};");
                }
            }

            if (layer.HasBias)
            {
                w.WriteLine($"{SpanOf}<{t}> gb{k} = g.Slice({Int(layer.BiasOffset)}, {Int(layer.Units)});");
                for (int j = 0; j < layer.Units; j++)
                {
                    w.WriteLine($"gb{k}[{j}] += {DzRef(layer, j, fused)};");
                }
            }

            // The gradient flowing to the previous layer's output.
            if (index > 0)
            {
                LayerPlan previous = plan.Layers[index - 1];
                w.WriteLine($"// dL/dh{k - 1} = W{k}ᵀ · dz{k}");
                if (previous.OutputGradientIsSpan)
                {
                    w.WriteLine($"{SpanOf}<{t}> dh{k - 1} = s.Slice({Int(previous.TrainDh)}, {Int(previous.Units)});");
                }

                for (int i = 0; i < layer.Inputs; i++)
                {
                    var terms = Enumerable.Range(0, layer.Units)
                        .Select(j => $"W{k}[{Int((j * layer.Inputs) + i)}] * {DzRef(layer, j, fused)}").ToList();
                    WriteSum(w, previous.OutputGradientIsSpan ? $"dh{k - 1}[{Int(i)}] = " : $"{t} dh{k - 1}_{i} = ", terms);
                }
            }
        }

        private static void WriteLoopedBackward(SourceWriter w, KernelPlan plan, int index)
        {
            LayerPlan layer = plan.Layers[index];
            string t = plan.Numeric.Name;
            int k = layer.Number;
            bool fused = index == plan.Layers.Count - 1 && plan.Loss != Loss.MeanSquaredError;

            if (!fused)
            {
                w.WriteLine($"// Layer {Int(k)} backward (SIMD loop).   dL/dz{k} = {DerivativeFormula(layer)}");
                if (layer.Activation == Activation.Identity)
                {
                    w.WriteLine($"{SpanOf}<{t}> dz{k} = dh{k};");
                }
                else
                {
                    w.WriteLine($"{SpanOf}<{t}> dz{k} = s.Slice({Int(layer.TrainDz)}, {Int(layer.Units)});");
                    string source = layer.Activation is Activation.ReLU or Activation.LeakyReLU ? $"z{k}" : $"h{k}";
                    string alpha = layer.Activation == Activation.LeakyReLU ? ", " + AlphaLiteral(plan.Numeric, layer.Alpha) : string.Empty;
                    w.WriteLine($"{KernelsType}.{layer.Activation}Backward<{t}>({source}, dh{k}, dz{k}{alpha});");
                }
            }
            else
            {
                w.WriteLine($"// Layer {Int(k)} backward (SIMD loop).   dL/dz{k} comes fused from the loss.");
            }

            string x = InputSpan(plan, index);
            string bias = layer.HasBias ? $"g.Slice({Int(layer.BiasOffset)}, {Int(layer.Units)})" : $"{SpanOf}<{t}>.Empty";
            w.WriteLine($"// dL/dW{k} += dz{k} ⊗ {x}{(layer.HasBias ? $";  dL/db{k} += dz{k}" : string.Empty)}");
            w.WriteLine($"{KernelsType}.DenseAccumulateGradients<{t}>(dz{k}, {x}, g.Slice({Int(layer.WeightOffset)}, {Int(layer.WeightCount)}), {bias});");

            if (index > 0)
            {
                LayerPlan previous = plan.Layers[index - 1];
                w.WriteLine($"// dL/dh{k - 1} = W{k}ᵀ · dz{k}");
                w.WriteLine($"{SpanOf}<{t}> dh{k - 1} = s.Slice({Int(previous.TrainDh)}, {Int(previous.Units)});");
                w.WriteLine($"{KernelsType}.DenseBackwardInput<{t}>(W{k}, dz{k}, dh{k - 1});");
            }
        }

        /// <summary>dL/dh of unit <paramref name="j"/>: a local, or an element of the span a looped neighbour uses.</summary>
        private static string DhRef(LayerPlan layer, int j) =>
            layer.OutputGradientIsSpan ? $"dh{layer.Number}[{j}]" : $"dh{layer.Number}_{j}";

        /// <summary>dL/dz of unit <paramref name="j"/>: for Identity with a local dh, that local itself.</summary>
        private static string DzRef(LayerPlan layer, int j, bool fused) =>
            !fused && layer.Activation == Activation.Identity && !layer.OutputGradientIsSpan
                ? $"dh{layer.Number}_{j}"
                : $"dz{layer.Number}_{j}";

        private static string DerivativeFormula(LayerPlan layer)
        {
            int k = layer.Number;
            return layer.Activation switch
            {
                Activation.ReLU => $"dL/dh{k} ⊙ relu'(z{k}),  relu'(z) = z > 0 ? 1 : 0",
                Activation.LeakyReLU => $"dL/dh{k} ⊙ leaky'(z{k}),  leaky'(z) = z > 0 ? 1 : α",
                Activation.Sigmoid => $"dL/dh{k} ⊙ h{k} ⊙ (1 − h{k})   (the derivative from the sigmoid's output h, not from z)",
                Activation.Tanh => $"dL/dh{k} ⊙ (1 − h{k}²)   (the derivative from the tanh's output h)",
                Activation.Softmax => $"h{k} ⊙ (dL/dh{k} − (dL/dh{k} · h{k}))   (softmax Jacobian-vector product)",
                _ => $"dL/dh{k}",
            };
        }
    }
}
