using System;
using System.IO;
using System.Linq;
using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using NetGen.Benchmarks.Contenders;
using NetGen.Onnx;

namespace NetGen.Tests.Onnx;

/// <summary>Saving to a file: atomic, with clear errors for bad input, and nothing partial left behind.</summary>
public sealed class OnnxSaveTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netgen-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SaveOnnx_WritesAModelOnnxRuntimeLoads()
    {
        INetwork<float> net = ReferenceNetworks.Create("xor");
        string path = Path.Combine(_directory, "xor.onnx");
        net.SaveOnnx(path);
        Assert.Equal(OnnxExport.ToBytes(net), File.ReadAllBytes(path));
        using var session = new InferenceSession(path);
        Assert.Equal("input", session.InputMetadata.Keys.Single());
        Assert.Equal(new[] { "xor.onnx" }, Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void SaveOnnx_ExistingFile_IsReplaced()
    {
        string path = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(path, "old");
        INetwork<float> net = ReferenceNetworks.Create("sincos");
        net.SaveOnnx(path);
        Assert.Equal(OnnxExport.ToBytes(net), File.ReadAllBytes(path));
    }

    [Fact]
    public void SaveOnnx_MissingDirectory_SaysSoAndCreatesNothing()
    {
        string path = Path.Combine(_directory, "missing", "model.onnx");
        var e = Assert.Throws<DirectoryNotFoundException>(() => ReferenceNetworks.Create("xor").SaveOnnx(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "missing")));
    }

    [Fact]
    public void SaveOnnx_PathIsADirectory_SaysSo()
    {
        var e = Assert.Throws<IOException>(() => ReferenceNetworks.Create("xor").SaveOnnx(_directory));
        Assert.Contains("a directory of that name exists", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void SaveOnnx_EmptyPath_Throws(string path) =>
        Assert.ThrowsAny<ArgumentException>(() => ReferenceNetworks.Create("xor").SaveOnnx(path));

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(100)]
    public void SaveOnnx_WriteFailsPartWay_LeavesPreviousFileAndNoTemporary(int failAfter)
    {
        string path = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(path, "previous");
        var files = new FaultyFileSystem { FailAfterBytes = failAfter };
        var e = Assert.Throws<IOException>(() => OnnxExport.Save(ReferenceNetworks.Create("digits"), path, null, files));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(new[] { "model.onnx" }, Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void SaveOnnx_RenameFails_LeavesNoFileAndNoTemporary()
    {
        string path = Path.Combine(_directory, "model.onnx");
        var files = new FaultyFileSystem { FailReplace = true };
        Assert.Throws<IOException>(() => OnnxExport.Save(ReferenceNetworks.Create("digits"), path, null, files));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void SaveOnnx_PermissionDenied_NamesThePath()
    {
        string path = Path.Combine(_directory, "model.onnx");
        var files = new FaultyFileSystem { DenyCreate = true };
        var e = Assert.Throws<UnauthorizedAccessException>(() => OnnxExport.Save(ReferenceNetworks.Create("xor"), path, null, files));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("no permission", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void Export_UnknownActivation_NamesTheLayerAndWritesNothing()
    {
        var net = new StubNetwork<float>(Precision.Single, (Activation)42);
        string path = Path.Combine(_directory, "model.onnx");
        var e = Assert.Throws<NotSupportedException>(() => net.SaveOnnx(path));
        Assert.Contains("Layer 1 of Stub", e.Message, StringComparison.Ordinal);
        Assert.Contains("42", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void Export_HalfNetwork_IsNotSupported()
    {
        var e = Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes(new StubNetwork<Half>(Precision.Single, Activation.ReLU)));
        Assert.Contains("float or double", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_PrecisionMismatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes(new StubNetwork<float>(Precision.Double, Activation.ReLU)));
        Assert.Contains("Precision.Double", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x", "x")]
    [InlineData("", "y")]
    [InlineData("x", " ")]
    [InlineData("layer0.output", "y")]
    public void Export_BadNames_Throw(string input, string output)
    {
        var options = new OnnxExportOptions { InputName = input, OutputName = output };
        Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes(ReferenceNetworks.Create("xor"), options));
    }

    private sealed class FaultyFileSystem : OnnxFileSystem
    {
        public int FailAfterBytes { get; init; } = int.MaxValue;

        public bool FailReplace { get; init; }

        public bool DenyCreate { get; init; }

        public override Stream CreateNew(string path)
        {
            if (DenyCreate)
            {
                throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
            }

            return new FailingStream(base.CreateNew(path), FailAfterBytes);
        }

        public override void Replace(string source, string destination)
        {
            if (FailReplace)
            {
                throw new IOException("Injected rename failure.");
            }

            base.Replace(source, destination);
        }
    }

    private sealed class FailingStream(Stream inner, int failAfter) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int allowed = (int)Math.Min(buffer.Length, Math.Max(0, failAfter - _written));
            inner.Write(buffer[..allowed]);
            _written += allowed;
            if (allowed < buffer.Length)
            {
                throw new IOException("Injected write failure: disk full.");
            }
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A hand-written network of one 2 → 2 layer, to reach what generated code never produces.</summary>
    private sealed class StubNetwork<T>(Precision precision, Activation activation) : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _parameters = new T[6];
        private readonly T[] _gradients = new T[6];

        public int InputSize => 2;

        public int OutputSize => 2;

        public int ParameterCount => 6;

        public NetworkInfo Info { get; } = new("Stub", Loss.MeanSquaredError, Reduction.Mean, precision, 2, new[] { new LayerDeclaration(2, activation) });

        public Span<T> Parameters => _parameters;

        public Span<T> Gradients => _gradients;

        public void Predict(ReadOnlySpan<T> input, Span<T> output) => throw new NotSupportedException();

        public T AccumulateGradients(ReadOnlySpan<T> input, ReadOnlySpan<T> target) => throw new NotSupportedException();

        public T AccumulateGradientsBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count) => throw new NotSupportedException();

        public void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs, int count) => throw new NotSupportedException();

        public T EvaluateLoss(ReadOnlySpan<T> input, ReadOnlySpan<T> target) => throw new NotSupportedException();

        public T EvaluateLossBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, out int correct) => throw new NotSupportedException();

        public void ZeroGradients() => Array.Clear(_gradients);

        public void Initialize(int seed)
        {
        }

        public void Trace(ReadOnlySpan<T> input, Span<T> layerOutputs) => throw new NotSupportedException();
    }
}
