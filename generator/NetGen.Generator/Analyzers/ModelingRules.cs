using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Analyzers
{
    /// <summary>
    /// The NG1xxx checks: modelling mistakes in a network that parses without errors. Each rule reads the
    /// <see cref="NetworkSpec"/> and reports at the attribute argument that carries the mistake.
    /// </summary>
    internal static class ModelingRules
    {
        /// <summary>A ReLU layer with at most this many units can plausibly lose all of them (NG1010).</summary>
        public const int SmallReLULayerUnits = 16;

        /// <summary>NG1008 fires from this many Sigmoid or Tanh hidden layers on.</summary>
        public const int SaturatingStackDepth = 4;

        /// <summary>NG1003 fires from this many outputs on.</summary>
        public const int ClassScoreOutputs = 3;

        /// <summary>NG1012: a uniform range whose standard deviation exceeds this multiple of He's or Glorot's is too wide.</summary>
        public const double MaxUniformWidthRatio = 3.0;

        /// <summary>NG1012: a uniform range whose centre is off 0 by more than this fraction of its half-width is off-centre.</summary>
        public const double MaxUniformCentreOffset = 0.25;

        /// <summary>NG1013: a ReLU stack is deep from this many ReLU or LeakyReLU layers on.</summary>
        public const int DeepReLUStack = 3;

        /// <summary>Property set on NG1005 when fixing it must also change the loss from CrossEntropy to BinaryCrossEntropy.</summary>
        public const string ChangeLossProperty = "ChangeLoss";

        public static void Analyze(NetworkSpec spec, ParseResult result, Location fallback, Action<Diagnostic> report)
        {
            int count = spec.Layers.Count;
            if (count == 0 || result.LayerSyntaxes.Length != count)
            {
                return;
            }

            string name = spec.Type.Name;
            AttributeSyntax? network = result.NetworkSyntax;
            Location lossLocation = NetworkParser.ArgumentLocation(network, 0, "loss") ?? network?.GetLocation() ?? fallback;

            Location ActivationAt(int i) => NetworkParser.ActivationLocation(result.LayerSyntaxes[i]) ?? fallback;
            Location Named(int i, string argument) =>
                NetworkParser.NamedArgumentLocation(result.LayerSyntaxes[i], argument) ?? result.LayerSyntaxes[i]?.GetLocation() ?? fallback;

            LayerSpec last = spec.Layers[count - 1];
            bool mse = spec.Loss == Loss.MeanSquaredError;

            // The output layer and the loss.
            if (mse && last.Activation is NetGen.Activation.ReLU or NetGen.Activation.LeakyReLU)
            {
                string consequence = last.Activation == NetGen.Activation.ReLU
                    ? "cannot produce a value below 0"
                    : "bends at 0 and scales every negative output by Alpha";
                report(Diagnostic.Create(DiagnosticDescriptors.RectifiedOutputWithMse, ActivationAt(count - 1), name, last.Activation.ToString(), consequence));
            }

            if (mse && last.Activation is NetGen.Activation.Sigmoid or NetGen.Activation.Tanh)
            {
                string range = last.Activation == NetGen.Activation.Sigmoid ? "(0, 1)" : "(-1, 1)";
                report(Diagnostic.Create(DiagnosticDescriptors.BoundedOutputWithMse, ActivationAt(count - 1), name, last.Activation.ToString(), range));
            }

            if (mse && last.Units >= ClassScoreOutputs && last.Activation is NetGen.Activation.Identity or NetGen.Activation.Sigmoid or NetGen.Activation.Tanh)
            {
                report(Diagnostic.Create(
                    DiagnosticDescriptors.ClassScoresWithMse,
                    ActivationAt(count - 1),
                    additionalLocations: new[] { lossLocation },
                    name,
                    Int(last.Units),
                    last.Activation.ToString()));
            }

            if (mse && last.Activation == NetGen.Activation.Softmax && last.Units > 1)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.SoftmaxWithMse, lossLocation, name));
            }

            if (spec.Reduction == Reduction.Sum)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.SumReduction, NetworkParser.NamedArgumentLocation(network, "Reduction") ?? lossLocation, name));
            }

            // Layer by layer.
            int saturatingHidden = 0;
            int reluLayers = 0;
            foreach (LayerSpec layer in spec.Layers)
            {
                if (layer.Activation is NetGen.Activation.ReLU or NetGen.Activation.LeakyReLU)
                {
                    reluLayers++;
                }
            }

            int inputs = spec.InputSize;
            for (int i = 0; i < count; i++)
            {
                LayerSpec layer = spec.Layers[i];
                bool hidden = i < count - 1;
                string number = Int(i + 1);

                if (layer.Activation == NetGen.Activation.Softmax && layer.Units == 1)
                {
                    bool changeLoss = !hidden && spec.Loss == Loss.CrossEntropy;
                    ImmutableDictionary<string, string?> properties = changeLoss
                        ? ImmutableDictionary<string, string?>.Empty.Add(ChangeLossProperty, "true")
                        : ImmutableDictionary<string, string?>.Empty;
                    report(Diagnostic.Create(DiagnosticDescriptors.SoftmaxSingleUnit, ActivationAt(i), new[] { lossLocation }, properties, number, name));
                }
                else if (hidden && layer.Activation == NetGen.Activation.Softmax)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.SoftmaxHidden, ActivationAt(i), number, name));
                }

                if (hidden && layer.Activation == NetGen.Activation.Identity)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.LinearHiddenLayer, ActivationAt(i), number, name));
                }

                if (hidden && layer.Activation is NetGen.Activation.Sigmoid or NetGen.Activation.Tanh && ++saturatingHidden == SaturatingStackDepth)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.SaturatingStack, ActivationAt(i), name, Int(CountSaturatingHidden(spec))));
                }

                if (!layer.Bias)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.NoBias, Named(i, "Bias"), number, name));
                }

                if (hidden && layer.Activation == NetGen.Activation.ReLU && layer.Units <= SmallReLULayerUnits && (!layer.Bias || layer.BiasInit <= 0f))
                {
                    Location at = layer.Bias && NetworkParser.NamedArgumentLocation(result.LayerSyntaxes[i], "BiasInit") is { } biasInit ? biasInit : ActivationAt(i);
                    string biases = layer.Bias ? "whose biases start at " + Float(layer.BiasInit) : "without biases";
                    report(Diagnostic.Create(DiagnosticDescriptors.DyingReLU, at, number, name, Int(layer.Units), biases));
                }

                CheckInitialiser(layer, i, hidden, inputs, reluLayers, name, Named(i, "WeightInit"), report);
                inputs = layer.Units;
            }
        }

        private static void CheckInitialiser(LayerSpec layer, int index, bool hidden, int fanIn, int reluLayers, string name, Location at, Action<Diagnostic> report)
        {
            string number = Int(index + 1);
            bool constant = layer.WeightInit == Init.Zeros || (layer.WeightInit == Init.Uniform && layer.UniformLow == layer.UniformHigh);
            if (constant)
            {
                if (hidden)
                {
                    string value = layer.WeightInit == Init.Zeros ? "0" : Float(layer.UniformLow);
                    report(Diagnostic.Create(DiagnosticDescriptors.ConstantInit, at, number, name, value));
                }

                return;
            }

            bool reluFamily = layer.Activation is NetGen.Activation.ReLU or NetGen.Activation.LeakyReLU;
            if (layer.WeightInit == Init.Uniform)
            {
                double low = layer.UniformLow, high = layer.UniformHigh;
                double halfWidth = Math.Abs(high - low) / 2.0;
                double centre = (low + high) / 2.0;
                string? problem = null;
                if (Math.Abs(centre) > MaxUniformCentreOffset * halfWidth)
                {
                    problem = "is not centred on 0, so the units start biased towards one sign";
                }
                else
                {
                    double std = Math.Abs(high - low) / Math.Sqrt(12.0);
                    double reference = ReferenceStandardDeviation(layer, fanIn);
                    if (reference > 0 && std > MaxUniformWidthRatio * reference)
                    {
                        problem = string.Format(
                            CultureInfo.InvariantCulture,
                            "is {0:0.#} times as wide as {1} initialisation for a fan-in of {2}",
                            std / reference,
                            reluFamily ? "He" : "Glorot",
                            fanIn);
                    }
                }

                if (problem is not null)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.BadUniformInit, at, number, name, Float(layer.UniformLow), Float(layer.UniformHigh), problem));
                }

                return;
            }

            bool he = layer.WeightInit is Init.HeNormal or Init.HeUniform;
            bool glorot = layer.WeightInit is Init.GlorotNormal or Init.GlorotUniform;
            if (he && layer.Activation is NetGen.Activation.Sigmoid or NetGen.Activation.Tanh)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.InitActivationMismatch, at, number, name, layer.WeightInit.ToString(), layer.Activation.ToString(), "Glorot"));
            }
            else if (glorot && reluFamily && reluLayers >= DeepReLUStack)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.InitActivationMismatch, at, number, name, layer.WeightInit.ToString(), layer.Activation.ToString(), "He"));
            }
        }

        /// <summary>The standard deviation <see cref="Init.Auto"/> gives this layer (He for the ReLU family, Glorot otherwise), as the runtime's ParameterInitializer computes it.</summary>
        public static double ReferenceStandardDeviation(LayerSpec layer, int fanIn)
        {
            if (fanIn < 1)
            {
                return 0;
            }

            switch (layer.Activation)
            {
                case NetGen.Activation.ReLU:
                    return Math.Sqrt(2.0 / fanIn);
                case NetGen.Activation.LeakyReLU:
                    double alpha = layer.Alpha;
                    return Math.Sqrt(2.0 / (1.0 + (alpha * alpha)) / fanIn);
                default:
                    return Math.Sqrt(2.0 / (fanIn + layer.Units));
            }
        }

        private static int CountSaturatingHidden(NetworkSpec spec)
        {
            int n = 0;
            for (int i = 0; i < spec.Layers.Count - 1; i++)
            {
                if (spec.Layers[i].Activation is NetGen.Activation.Sigmoid or NetGen.Activation.Tanh)
                {
                    n++;
                }
            }

            return n;
        }

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Float(double value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
