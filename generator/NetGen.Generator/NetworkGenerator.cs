using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emit;
using NetGen.Generator.Import;
using NetGen.Generator.Lowering;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Weights;

namespace NetGen.Generator
{
    /// <summary>
    /// Turns every <c>[Network]</c> partial class into unrolled, allocation-free forward and backward code. The stages
    /// are pure functions (parse → lower → emit), each its own tracked step so that an unchanged network stops the
    /// pipeline before emitting. Diagnostics come from <see cref="Analyzers.NetworkAnalyzer"/>, not from here.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NetworkGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline's steps, for incrementality tests.</summary>
        public static class Steps
        {
            public const string Parse = nameof(Parse);
            public const string ReadWeights = nameof(ReadWeights);
            public const string Embed = nameof(Embed);
            public const string ReadOnnx = nameof(ReadOnnx);
            public const string Import = nameof(Import);
            public const string Lower = nameof(Lower);
            public const string Emit = nameof(Emit);
        }

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<NetworkSpec> specs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.NetworkAttribute,
                    predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    transform: static (ctx, ct) => NetworkParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, ct).Spec)
                .Where(static spec => spec is not null)
                .Select(static (spec, _) => spec!)
                .WithTrackingName(Steps.Parse);

            // Weights files for [EmbeddedWeights]: each additional file is read once per change, then every network
            // looks up the one it names. Networks without embedded weights come out of Embed unchanged, so cached.
            IncrementalValueProvider<ImmutableArray<WeightsFileSpec>> weightFiles = context.AdditionalTextsProvider
                .Select(static (text, ct) => WeightsFileSpec.From(text.Path, text.GetText(ct)))
                .WithTrackingName(Steps.ReadWeights)
                .Collect();

            IncrementalValuesProvider<NetworkSpec> embedded = specs
                .Combine(weightFiles)
                .Select(static (pair, _) => EmbeddedWeightsResolver.Resolve(pair.Left, pair.Right).Spec)
                .WithTrackingName(Steps.Embed);

            // Models for [ImportOnnx]: only the additional files some network names are read, each once per change.
            IncrementalValueProvider<ImmutableArray<OnnxFileSpec>> onnxFiles = OnnxFiles(context, specs);
            IncrementalValuesProvider<NetworkSpec> imported = embedded
                .Combine(onnxFiles)
                .Select(static (pair, _) => OnnxImportResolver.Resolve(pair.Left, pair.Right).Spec)
                .WithTrackingName(Steps.Import);

            IncrementalValuesProvider<KernelPlan> plans = imported
                .Select(static (spec, ct) => NetworkLowering.Lower(spec, ct))
                .WithTrackingName(Steps.Lower);

            IncrementalValuesProvider<(string HintName, EmittedSource Source)> sources = plans
                .Select(static (plan, ct) => (plan.HintName, new EmittedSource(NetworkEmitter.Emit(plan, ct).ToString())))
                .WithTrackingName(Steps.Emit);

            context.RegisterSourceOutput(sources, static (spc, item) => spc.AddSource(item.HintName, item.Source.Text));
        }

        private static IncrementalValueProvider<ImmutableArray<OnnxFileSpec>> OnnxFiles(
            IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<NetworkSpec> specs)
        {
            IncrementalValueProvider<EquatableArray<string>> paths = specs
                .Where(static spec => spec.ImportOnnxPath is not null)
                .Select(static (spec, _) => spec.ImportOnnxPath!)
                .Collect()
                .Select(static (all, _) => new EquatableArray<string>(all.Distinct().OrderBy(p => p, System.StringComparer.Ordinal).ToArray()));

            return context.AdditionalTextsProvider
                .Combine(paths)
                .Where(static pair => pair.Right.Any(path => OnnxFileReader.IsModelFor(pair.Left.Path, path)))
                .Select(static (pair, _) => pair.Left)
                .Select(static (text, ct) => OnnxFileReader.Read(text.Path, text.GetText(ct)))
                .WithTrackingName(Steps.ReadOnnx)
                .Collect();
        }
    }
}
