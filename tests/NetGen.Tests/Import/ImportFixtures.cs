extern alias gen;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Import;

/// <summary>
/// One model made by PyTorch or built like tf2onnx's output (Fixtures/make_fixtures.py): the ONNX bytes, and the
/// inputs with the outputs PyTorch computed for them, stored beside the model.
/// </summary>
internal sealed record ImportFixture(string Name, string Source, int InputWidth, double[][] Inputs, double[][] Outputs, byte[] Onnx)
{
    /// <summary>Whether the model's tensors are doubles (torch's model.double()).</summary>
    public bool IsDouble => Name.Contains("double", StringComparison.Ordinal);

    public string? SafetensorsPath => File.Exists(Path.Combine(ImportFixtures.Directory, Name + ".safetensors"))
        ? Path.Combine(ImportFixtures.Directory, Name + ".safetensors")
        : null;
}

internal static class ImportFixtures
{
    public static string Directory { get; } = Path.Combine(RepositoryPaths.Root, "tests", "NetGen.Tests", "Import", "Fixtures");

    /// <summary>Every accepted fixture (each has a .json of PyTorch's outputs).</summary>
    public static IEnumerable<string> AcceptedNames =>
        System.IO.Directory.GetFiles(Directory, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n != "refused")
            .Order(StringComparer.Ordinal)!;

    public static TheoryData<string> Accepted
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in AcceptedNames)
            {
                data.Add(name);
            }

            return data;
        }
    }

    /// <summary>Every refused fixture with the node and op type its error must name (null for graph-level errors).</summary>
    public static IReadOnlyDictionary<string, (string? Node, string? OpType)> Refused
    {
        get
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "refused.json")));
            return json.RootElement.EnumerateObject().ToDictionary(
                p => p.Name,
                p => (p.Value.GetProperty("node").GetString(), p.Value.GetProperty("opType").GetString()));
        }
    }

    public static TheoryData<string> RefusedNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in Refused.Keys.Order(StringComparer.Ordinal))
            {
                data.Add(name);
            }

            return data;
        }
    }

    public static ImportFixture Load(string name)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        JsonElement root = json.RootElement;
        double[][] Matrix(string property) =>
            root.GetProperty(property).EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return new ImportFixture(
            name,
            root.GetProperty("source").GetString()!,
            root.GetProperty("inputWidth").GetInt32(),
            Matrix("inputs"),
            Matrix("outputs"),
            File.ReadAllBytes(Path.Combine(Directory, name + ".onnx")));
    }

    public static byte[] Bytes(string fileName) => File.ReadAllBytes(Path.Combine(Directory, fileName));

    /// <summary>The model as NetGen.targets hands it to the compiler: base64 text at obj/netgen/&lt;path&gt;.netgen-base64.</summary>
    public static AdditionalText Encoded(string path, byte[] model) =>
        new InMemoryAdditionalText(
            "/project/obj/Release/netgen/" + path + gen::NetGen.Generator.Import.OnnxFileReader.EncodedSuffix,
            gen::NetGen.Generator.Import.OnnxFileReader.EncodedMagic + "\n" + Convert.ToBase64String(model) + "\n");

    /// <summary>
    /// Checks <paramref name="actual"/> against PyTorch's outputs within 1e-5 relative (plus 1e-7 absolute for values
    /// near 0, where a relative bound means nothing for float32).
    /// </summary>
    public static double AssertMatchesPyTorch(double[] expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            double error = Math.Abs(actual[k] - expected[k]);
            double relative = error / Math.Max(Math.Abs(expected[k]), 1e-2);
            worst = Math.Max(worst, relative);
            Assert.True(error <= (1e-5 * Math.Abs(expected[k])) + 1e-7, $"{what}: output {k} is {actual[k]:R}, PyTorch computed {expected[k]:R}");
        }

        return worst;
    }
}

/// <summary>An additional file whose bytes arrive as a single-byte decode, as a host that passes binary files would give them.</summary>
internal sealed class BinaryAdditionalText(string path, byte[] bytes) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
        SourceText.From(bytes, bytes.Length, System.Text.Encoding.Latin1);
}
