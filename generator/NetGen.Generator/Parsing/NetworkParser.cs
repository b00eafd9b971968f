using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing
{
    /// <summary>
    /// What parsing one [Network] type gives: the model (null when nothing can be generated), the problems found and,
    /// for the analyzers only, where the attributes are written. The generator keeps nothing but <see cref="Spec"/>.
    /// </summary>
    internal sealed class ParseResult
    {
        public ParseResult(NetworkSpec? spec, ImmutableArray<Diagnostic> problems, AttributeSyntax? networkSyntax, ImmutableArray<AttributeSyntax?> layerSyntaxes, Location? embeddedWeightsLocation = null, Location? importOnnxLocation = null)
        {
            ImportOnnxLocation = importOnnxLocation;
            EmbeddedWeightsLocation = embeddedWeightsLocation;
            Spec = spec;
            Problems = problems;
            NetworkSyntax = networkSyntax;
            LayerSyntaxes = layerSyntaxes;
        }

        public NetworkSpec? Spec { get; }

        public ImmutableArray<Diagnostic> Problems { get; }

        /// <summary>The [Network] attribute as written, if it is in source.</summary>
        public AttributeSyntax? NetworkSyntax { get; }

        /// <summary>The path argument of [EmbeddedWeights], where problems with the weights file are reported.</summary>
        public Location? EmbeddedWeightsLocation { get; }

        /// <summary>The path argument of [ImportOnnx], where problems with the model and with the imported topology are reported.</summary>
        public Location? ImportOnnxLocation { get; }

        /// <summary>The [Dense] attribute of each layer of <see cref="Spec"/>, in the same order (null where not in source).</summary>
        public ImmutableArray<AttributeSyntax?> LayerSyntaxes { get; }
    }

    /// <summary>
    /// Turns a type carrying [Network] into a <see cref="NetworkSpec"/>. This is the only stage that touches symbols and
    /// syntax; the generator keeps only the spec, the analyzer only the problems.
    /// </summary>
    internal static class NetworkParser
    {
        private const string AttributeNamespace = "NetGen";

        public static ParseResult Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var problems = ImmutableArray.CreateBuilder<Diagnostic>();
            string? errorId = null;
            bool canEmit = true;

            void Report(DiagnosticDescriptor descriptor, Location? location, params object[] args)
            {
                problems.Add(Diagnostic.Create(descriptor, location ?? Location.None, args));
                if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
                {
                    errorId ??= descriptor.Id;
                }
            }

            Location typeLocation = IdentifierLocation(type);

            // The declaration itself: partial, not generic, containing types partial.
            if (!IsPartial(type))
            {
                Report(DiagnosticDescriptors.TypeNotPartial, typeLocation, type.Name);
                canEmit = false;
            }

            if (type.IsStatic)
            {
                Report(DiagnosticDescriptors.StaticNetwork, typeLocation, type.Name);
                canEmit = false;
            }

            if (type.IsGenericType || ContainingTypes(type).Any(t => t.IsGenericType))
            {
                Report(DiagnosticDescriptors.GenericNetwork, typeLocation, type.Name);
                canEmit = false;
            }

            foreach (INamedTypeSymbol outer in ContainingTypes(type))
            {
                if (!IsPartial(outer))
                {
                    Report(DiagnosticDescriptors.ContainingTypeNotPartial, IdentifierLocation(outer), outer.Name);
                    canEmit = false;
                }
            }

            // The attributes, in source order.
            AttributeData? network = null;
            string? embeddedPath = null;
            Location? embeddedLocation = null;
            string? importPath = null;
            Location? importLocation = null;
            AttributeSyntax? importSyntax = null;
            Activation importOutput = Activation.Identity;
            var layerAttributes = new List<(AttributeData Data, AttributeSyntax? Syntax, bool IsInput)>();
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (IsAttribute(attribute, "NetworkAttribute"))
                {
                    network = attribute;
                }
                else if (IsAttribute(attribute, "EmbeddedWeightsAttribute"))
                {
                    embeddedPath = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                    var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                    embeddedLocation = ArgumentLocation(syntax, 0, "path") ?? syntax?.GetLocation();
                }
                else if (IsAttribute(attribute, "ImportOnnxAttribute"))
                {
                    importPath = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                    importSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                    importLocation = ArgumentLocation(importSyntax, 0, "path") ?? importSyntax?.GetLocation();
                    importOutput = ReadNamedEnum(attribute, "OutputActivation", Activation.Identity, importSyntax, Report);
                }
                else if (IsAttribute(attribute, "InputAttribute") || IsAttribute(attribute, "DenseAttribute"))
                {
                    var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                    layerAttributes.Add((attribute, syntax, IsAttribute(attribute, "InputAttribute")));
                }
            }

            SyntaxNode? networkDeclaration = (network?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax)
                ?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            layerAttributes.Sort((a, b) => SourceOrder(a.Syntax, b.Syntax));

            // The network's options.
            Loss loss = Loss.MeanSquaredError;
            Reduction reduction = Reduction.Mean;
            Precision precision = Precision.Single;
            Unrolling unrolling = Unrolling.Auto;
            var networkSyntax = network?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            if (network is not null)
            {
                loss = ReadEnum(network, 0, Loss.MeanSquaredError, networkSyntax, "Loss", Report);
                reduction = ReadNamedEnum(network, "Reduction", Reduction.Mean, networkSyntax, Report);
                precision = ReadNamedEnum(network, "Precision", Precision.Single, networkSyntax, Report);
                unrolling = ReadNamedEnum(network, "Unrolling", Unrolling.Auto, networkSyntax, Report);
            }

            // Input and layers.
            int inputSize = 0;
            bool seenInput = false, seenDense = false;
            bool misplacedInput = false, misplacedDense = false;
            var layers = new List<LayerSpec>();
            var layerSyntaxes = new List<AttributeSyntax?>();
            foreach ((AttributeData data, AttributeSyntax? syntax, bool isInput) in layerAttributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SyntaxNode? declaration = syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
                if (networkDeclaration is not null && declaration is not null && declaration != networkDeclaration)
                {
                    Report(DiagnosticDescriptors.LayersOnSeveralDeclarations, syntax?.GetLocation(), type.Name);
                    misplacedInput |= isInput;
                    misplacedDense |= !isInput;
                    continue;
                }

                int size = ReadInt(data, 0);
                if (size < 1)
                {
                    Report(
                        DiagnosticDescriptors.SizeBelowOne,
                        ArgumentLocation(syntax, 0, isInput ? "size" : "units") ?? syntax?.GetLocation(),
                        isInput ? "The input size" : $"The number of units of layer {layers.Count + 1}",
                        size);
                }

                if (isInput)
                {
                    if (seenInput)
                    {
                        Report(DiagnosticDescriptors.DuplicateInput, syntax?.GetLocation(), type.Name);
                        continue;
                    }

                    if (seenDense)
                    {
                        Report(DiagnosticDescriptors.InputAfterDense, syntax?.GetLocation(), type.Name);
                    }

                    seenInput = true;
                    inputSize = size;
                    continue;
                }

                seenDense = true;
                Activation activation = ReadEnum(data, 1, Activation.Identity, syntax, "Activation", Report);
                string number = (layers.Count + 1).ToString(CultureInfo.InvariantCulture);
                double Real(string name, double fallback)
                {
                    double value = ReadNamed(data, name, fallback);
                    if (!IsFinite(value))
                    {
                        Report(DiagnosticDescriptors.NonFiniteOption, NamedArgumentLocation(syntax, name) ?? syntax?.GetLocation(), name, number, RealText(value));
                        return fallback;
                    }

                    return value;
                }

                var layer = new LayerSpec(
                    Units: size,
                    Activation: activation,
                    Bias: ReadNamed(data, "Bias", true),
                    Alpha: Real("Alpha", LayerDefaults.Alpha),
                    WeightInit: ReadNamedEnum(data, "WeightInit", Init.Auto, syntax, Report),
                    BiasInit: Real("BiasInit", LayerDefaults.BiasInit),
                    UniformLow: Real("UniformLow", LayerDefaults.UniformLow),
                    UniformHigh: Real("UniformHigh", LayerDefaults.UniformHigh));
                if (layer.Activation == Activation.LeakyReLU && layer.Alpha < 0)
                {
                    Report(DiagnosticDescriptors.NegativeLeakySlope, NamedArgumentLocation(syntax, "Alpha") ?? syntax?.GetLocation(), number, type.Name, RealText(layer.Alpha));
                }

                if (layer.UniformLow > layer.UniformHigh)
                {
                    Location? at = NamedArgumentLocation(syntax, "UniformLow") ?? NamedArgumentLocation(syntax, "UniformHigh") ?? syntax?.GetLocation();
                    Report(DiagnosticDescriptors.ReversedUniformRange, at, number, type.Name, RealText(layer.UniformLow), RealText(layer.UniformHigh));
                }

                layers.Add(layer);
                layerSyntaxes.Add(syntax);
            }

            // A layer on another declaration is already reported (NG0004); do not also call it missing.
            // With [ImportOnnx] the model is the declaration: [Input] and [Dense] are optional, and the output check
            // runs on the imported layers (OnnxImportResolver), which may still get OutputActivation.
            bool imported = importPath is not null;
            if (imported && embeddedPath is not null)
            {
                Report(DiagnosticDescriptors.ImportOnnxWithEmbeddedWeights, embeddedLocation, type.Name);
            }

            if (network is not null && !seenInput && !misplacedInput && !imported)
            {
                Report(DiagnosticDescriptors.MissingInput, typeLocation, type.Name);
            }

            if (network is not null && layers.Count == 0 && !misplacedDense && !imported)
            {
                Report(DiagnosticDescriptors.MissingDense, typeLocation, type.Name);
            }

            CheckSizes(inputSize, layers, layerSyntaxes, precision, type.Name, Report);

            // The loss must fit the output activation when it is fused with it.
            if (layers.Count > 0 && !imported)
            {
                Activation output = layers[layers.Count - 1].Activation;
                Location? outputLocation = ActivationLocation(layerSyntaxes[layers.Count - 1]);
                if (loss == Loss.CrossEntropy && output != Activation.Softmax)
                {
                    Report(DiagnosticDescriptors.CrossEntropyNeedsSoftmax, outputLocation, type.Name, output.ToString());
                }
                else if (loss == Loss.BinaryCrossEntropy && output != Activation.Sigmoid)
                {
                    Report(DiagnosticDescriptors.BinaryCrossEntropyNeedsSigmoid, outputLocation, type.Name, output.ToString());
                }
            }

            if (!canEmit)
            {
                return new ParseResult(null, problems.ToImmutable(), networkSyntax, layerSyntaxes.ToImmutableArray());
            }

            var spec = new NetworkSpec(
                Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
                Types: new EquatableArray<TypeDeclSpec>(ContainingTypes(type).Reverse().Append(type).Select(Declaration).ToArray()),
                Loss: loss,
                Reduction: reduction,
                Precision: precision,
                Unrolling: unrolling,
                InputSize: inputSize,
                Layers: new EquatableArray<LayerSpec>(layers.ToArray()),
                ErrorId: errorId,
                EmbeddedWeightsPath: embeddedPath,
                ImportOnnxPath: importPath,
                ImportOutputActivation: importOutput);
            return new ParseResult(spec, problems.ToImmutable(), networkSyntax, layerSyntaxes.ToImmutableArray(), embeddedLocation, importLocation);
        }

        /// <summary>
        /// Parameters, gradients and scratch space are indexed by int: a declaration whose parameter count or training
        /// scratch bytes pass <see cref="int.MaxValue"/> is reported at the units of the layer where the count passes it.
        /// </summary>
        private static void CheckSizes(
            int inputSize, List<LayerSpec> layers, List<AttributeSyntax?> syntaxes, Precision precision, string name, Action<DiagnosticDescriptor, Location?, object[]> report)
        {
            if (inputSize < 1 || layers.Any(l => l.Units < 1))
            {
                return;
            }

            long parameters = 0, units = 0, inputs = inputSize;
            int valueSize = precision == Precision.Double ? 8 : 4;
            for (int i = 0; i < layers.Count; i++)
            {
                Location? at = ArgumentLocation(syntaxes[i], 0, "units") ?? syntaxes[i]?.GetLocation();
                string number = (i + 1).ToString(CultureInfo.InvariantCulture);
                parameters += ParameterLayout.LayerCount(inputs, layers[i].Units, layers[i].Bias);
                if (parameters > int.MaxValue)
                {
                    report(DiagnosticDescriptors.ParameterCountTooLarge, at, new object[] { number, name, parameters.ToString(CultureInfo.InvariantCulture) });
                    return;
                }

                units += layers[i].Units;
                long scratchBytes = units * ParameterLayout.ScratchValuesPerUnit * valueSize;
                if (scratchBytes > int.MaxValue)
                {
                    report(DiagnosticDescriptors.ScratchTooLarge, at, new object[] { number, name, units.ToString(CultureInfo.InvariantCulture), scratchBytes.ToString(CultureInfo.InvariantCulture) });
                    return;
                }

                inputs = layers[i].Units;
            }
        }

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        private static string RealText(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>Where the activation argument of a [Dense] attribute is, or the attribute itself when it is omitted.</summary>
        public static Location? ActivationLocation(AttributeSyntax? syntax) =>
            ArgumentLocation(syntax, 1, "activation") ?? syntax?.GetLocation();

        /// <summary>The location of a constructor argument given by position or by name, if it is written.</summary>
        public static Location? ArgumentLocation(AttributeSyntax? syntax, int position, string? parameterName)
        {
            if (syntax?.ArgumentList is null)
            {
                return null;
            }

            int index = 0;
            foreach (AttributeArgumentSyntax argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals is not null)
                {
                    continue;
                }

                if (argument.NameColon is not null)
                {
                    if (parameterName is not null && argument.NameColon.Name.Identifier.ValueText == parameterName)
                    {
                        return argument.Expression.GetLocation();
                    }
                }
                else if (index == position)
                {
                    return argument.Expression.GetLocation();
                }

                index++;
            }

            return null;
        }

        /// <summary>The location of a named property argument (<c>Bias = false</c>), if it is written.</summary>
        public static Location? NamedArgumentLocation(AttributeSyntax? syntax, string name)
        {
            if (syntax?.ArgumentList is null)
            {
                return null;
            }

            foreach (AttributeArgumentSyntax argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.Expression.GetLocation();
                }
            }

            return null;
        }

        public static bool IsAttribute(AttributeData attribute, string name) =>
            attribute.AttributeClass is { } c && c.Name == name && c.ContainingType is null &&
            c.ContainingNamespace is { Name: AttributeNamespace } ns && ns.ContainingNamespace is { IsGlobalNamespace: true };

        private static IEnumerable<INamedTypeSymbol> ContainingTypes(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                yield return outer;
            }
        }

        private static bool IsPartial(INamedTypeSymbol type) =>
            type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

        private static Location IdentifierLocation(INamedTypeSymbol type) =>
            type.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is BaseTypeDeclarationSyntax declaration
                ? declaration.Identifier.GetLocation()
                : type.Locations.FirstOrDefault() ?? Location.None;

        private static TypeDeclSpec Declaration(INamedTypeSymbol type)
        {
            string keyword = type.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() switch
            {
                RecordDeclarationSyntax r when r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
                RecordDeclarationSyntax => "record",
                StructDeclarationSyntax => "struct",
                InterfaceDeclarationSyntax => "interface",
                _ => "class",
            };
            // A type named by a keyword (@class) is declared with its '@' in generated code too.
            string name = SyntaxFacts.GetKeywordKind(type.Name) != SyntaxKind.None ? "@" + type.Name : type.Name;
            UserConstructors constructors =
                type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax { ParameterList: not null }) ? UserConstructors.Primary
                : type.InstanceConstructors.Any(c => !c.IsImplicitlyDeclared) ? UserConstructors.Explicit
                : UserConstructors.None;
            return new TypeDeclSpec(keyword, name, constructors);
        }

        private static int SourceOrder(AttributeSyntax? a, AttributeSyntax? b)
        {
            if (a is null || b is null)
            {
                return a is null ? (b is null ? 0 : 1) : -1;
            }

            int byTree = string.CompareOrdinal(a.SyntaxTree.FilePath, b.SyntaxTree.FilePath);
            return byTree != 0 ? byTree : a.SpanStart.CompareTo(b.SpanStart);
        }

        private static int ReadInt(AttributeData data, int index) =>
            data.ConstructorArguments.Length > index && data.ConstructorArguments[index].Value is int value ? value : 0;

        private static TEnum ReadEnum<TEnum>(
            AttributeData data, int index, TEnum fallback, AttributeSyntax? syntax, string parameterName, Action<DiagnosticDescriptor, Location?, object[]> report)
            where TEnum : struct, Enum
        {
            if (data.ConstructorArguments.Length <= index || data.ConstructorArguments[index].Value is not int raw)
            {
                return fallback;
            }

            return CheckDefined(raw, fallback, ArgumentLocation(syntax, index, char.ToLowerInvariant(parameterName[0]) + parameterName.Substring(1)) ?? syntax?.GetLocation(), report);
        }

        private static TEnum ReadNamedEnum<TEnum>(
            AttributeData data, string name, TEnum fallback, AttributeSyntax? syntax, Action<DiagnosticDescriptor, Location?, object[]> report)
            where TEnum : struct, Enum
        {
            foreach (KeyValuePair<string, TypedConstant> named in data.NamedArguments)
            {
                if (named.Key == name && named.Value.Value is int raw)
                {
                    return CheckDefined(raw, fallback, NamedArgumentLocation(syntax, name) ?? syntax?.GetLocation(), report);
                }
            }

            return fallback;
        }

        private static TEnum CheckDefined<TEnum>(int raw, TEnum fallback, Location? location, Action<DiagnosticDescriptor, Location?, object[]> report)
            where TEnum : struct, Enum
        {
            var value = (TEnum)Enum.ToObject(typeof(TEnum), raw);
            if (Enum.IsDefined(typeof(TEnum), value))
            {
                return value;
            }

            report(DiagnosticDescriptors.UndefinedEnumValue, location, new object[] { raw.ToString(System.Globalization.CultureInfo.InvariantCulture), typeof(TEnum).Name });
            return fallback;
        }

        private static TValue ReadNamed<TValue>(AttributeData data, string name, TValue fallback)
        {
            foreach (KeyValuePair<string, TypedConstant> named in data.NamedArguments)
            {
                if (named.Key == name && named.Value.Value is TValue value)
                {
                    return value;
                }
            }

            return fallback;
        }
    }
}
