#pragma warning disable NG1009, NG1014 // weights files must round-trip every declaration, the discouraged ones included
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetGen.Tests.Weights;

// The networks of the weights tests. The first two are the round-trip subjects; the others differ from
// WeightsSquareNet in exactly one respect each, for the mismatch tests.

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.LeakyReLU)]
[Dense(1)]
public partial class WeightsSquareNet;

[Network(Loss.CrossEntropy, Precision = Precision.Double)]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(5, Activation.ReLU, Bias = false)]
[Dense(3, Activation.Softmax)]
public partial class WeightsDoubleNet;

[Network(Loss.MeanSquaredError, Reduction = Reduction.Sum)]
[Input(1)]
[Dense(64, Activation.LeakyReLU)]
[Dense(1)]
public partial class WeightsSquareSumNet;

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(32, Activation.LeakyReLU)]
[Dense(1)]
public partial class WeightsNarrowNet;

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.ReLU)]
[Dense(1)]
public partial class WeightsReluNet;

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.LeakyReLU, Alpha = 0.2f)]
[Dense(1)]
public partial class WeightsSteepLeakNet;

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.LeakyReLU, Bias = false)]
[Dense(1)]
public partial class WeightsNoBiasNet;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(1)]
[Dense(64, Activation.LeakyReLU)]
[Dense(1)]
public partial class WeightsSquareDoubleNet;

/// <summary>The smallest network: its files are spelled out byte by byte in docs/weights-format.md.</summary>
[Network(Loss.MeanSquaredError)]
[Input(2)]
[Dense(1)]
public partial class WeightsTinyNet;

/// <summary>A fresh directory per test class, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netgen-weights-" + Guid.NewGuid().ToString("N"))).FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The names of the files in the directory, hidden temporary files included.</summary>
    public string[] Files() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class WeightsTestHelpers
{
    /// <summary>The parameters as raw bytes, for bit-exact comparison (NaN payloads and −0 included).</summary>
    public static byte[] Bits<T>(INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T> => MemoryMarshal.AsBytes(network.Parameters).ToArray();

    public static byte[] Encode<T>(INetwork<T> network, WeightsFormat format)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var stream = new MemoryStream();
        network.Save(stream, format);
        return stream.ToArray();
    }

    /// <summary>Every kind of value a format must carry exactly, then random bit patterns.</summary>
    public static void FillAwkward(Span<float> values, int seed)
    {
        float[] special =
        [
            0f, -0f, 1f, -1f, 0.1f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1.17549435E-38f, 1.0000001f, 16777217f, 3.4028233E+38f,
            BitConverter.Int32BitsToSingle(0x7F800001), // signalling NaN
            BitConverter.Int32BitsToSingle(unchecked((int)0xFFC12345)), // negative quiet NaN with a payload
            BitConverter.Int32BitsToSingle(0x007FFFFF), // largest subnormal
        ];
        var random = new Random(seed);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i < special.Length ? special[i] : BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next() << 1));
        }
    }

    public static void FillAwkward(Span<double> values, int seed)
    {
        double[] special =
        [
            0d, -0d, 1d, -1d, 0.1d, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN, 2.2250738585072014E-308, 1.0000000000000002d,
            BitConverter.Int64BitsToDouble(0x7FF0000000000001), // signalling NaN
            BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8123456789ABC)), // negative quiet NaN with a payload
            BitConverter.Int64BitsToDouble(0x000FFFFFFFFFFFFF), // largest subnormal
        ];
        var random = new Random(seed);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i < special.Length ? special[i] : BitConverter.Int64BitsToDouble(random.NextInt64() ^ (random.NextInt64() << 1));
        }
    }
}

/// <summary>
/// A file system whose save path can be made to fail: the temporary file's stream after a number of bytes, or at
/// create, flush, close, rename or clean-up.
/// </summary>
internal sealed class FaultyFileSystem : WeightsFileSystem
{
    public long FailAfterBytes { get; init; } = long.MaxValue;

    public bool FailCreate { get; init; }

    public bool FailFlush { get; init; }

    public bool FailClose { get; init; }

    public bool FailReplace { get; init; }

    public bool FailDelete { get; init; }

    public List<string> Created { get; } = [];

    public List<string> Deleted { get; } = [];

    public override Stream CreateNew(string path)
    {
        if (FailCreate)
        {
            throw new IOException("injected: create failed");
        }

        Created.Add(path);
        return new FaultStream(base.CreateNew(path), FailAfterBytes, FailClose);
    }

    public override void FlushToDisk(Stream stream)
    {
        if (FailFlush)
        {
            throw new IOException("injected: flush failed");
        }

        base.FlushToDisk(((FaultStream)stream).Inner);
    }

    public override void Replace(string source, string destination)
    {
        if (FailReplace)
        {
            throw new IOException("injected: rename failed");
        }

        base.Replace(source, destination);
    }

    public override void Delete(string path)
    {
        if (FailDelete)
        {
            throw new IOException("injected: delete failed");
        }

        Deleted.Add(path);
        base.Delete(path);
    }

    /// <summary>Writes through to the real file until its budget is spent, then throws (after writing what fit).</summary>
    private sealed class FaultStream(Stream inner, long budget, bool failClose) : Stream
    {
        private long _budget = budget;

        public Stream Inner { get; } = inner;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Inner.Length;

        public override long Position { get => Inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length > _budget)
            {
                Inner.Write(buffer[..(int)_budget]);
                _budget = 0;
                throw new IOException("injected: disk full");
            }

            Inner.Write(buffer);
            _budget -= buffer.Length;
        }

        public override void Flush() => Inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Inner.Dispose();
                if (failClose)
                {
                    throw new IOException("injected: close failed");
                }
            }

            base.Dispose(disposing);
        }
    }
}
