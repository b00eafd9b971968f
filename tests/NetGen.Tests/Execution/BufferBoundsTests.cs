using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution;

/// <summary>
/// The generated code stores whole vectors through unchecked references (<c>Vector*.StoreUnsafe</c>), so an offset or a
/// tail that is one element off writes into whatever lies next to a buffer: another object of the heap or the stack,
/// silently. For every network of <see cref="NetworkCatalog"/> (wide shapes included) and every member that takes
/// spans, at sample counts around the batch blocks: the caller's spans are slices with guard values on both sides, the
/// network's own arrays (parameters, gradients, scratch, and the calling thread's thread-static scratch) are replaced by
/// arrays with a guarded tail, and after each call every guard must be intact and every read-only span unchanged. The
/// numeric catalogue: CI runs it again under each instruction-set setting, so each vector width's code is checked.
/// </summary>
public sealed class BufferBoundsTests : IClassFixture<CompiledCatalogFixture>
{
    /// <summary>Guard elements on each side of a buffer: a whole 512-bit vector of doubles several times over.</summary>
    private const int GuardLength = 64;

    /// <summary>Single samples, partial and whole blocks of both precisions (16 double, 32 float samples) and mixes.</summary>
    private static readonly int[] Counts = { 1, 2, 3, 5, 7, 15, 16, 17, 31, 32, 33, 47 };

    private readonly CompiledCatalogFixture _fixture;

    public BufferBoundsTests(CompiledCatalogFixture fixture) => _fixture = fixture;

    [Theory]
    [MemberData(nameof(NetworkCatalog.NamesWithWide), MemberType = typeof(NetworkCatalog))]
    public void EveryMember_EveryCount_WritesOnlyItsOwnBuffers(string name)
    {
        TestTopology topology = NetworkCatalog.Get(name);
        if (topology.Precision == Precision.Single)
        {
            Check(GeneratorHarness.Create<float>(_fixture.Assembly, name), topology);
        }
        else
        {
            Check(GeneratorHarness.Create<double>(_fixture.Assembly, name), topology);
        }
    }

    private static void Check<T>(INetwork<T> net, TestTopology topology)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sentinel = T.CreateChecked(-98765.4375);
        int inputSize = topology.InputSize, outputSize = topology.OutputSize;
        int largest = Counts[^1];
        var random = new Random(ForwardBackwardTests.StableSeed(topology.Name));
        T[] allInputs = Values<T>(Enumerable.Range(0, largest).SelectMany(_ => ForwardBackwardTests.RandomVector(random, inputSize, -1, 1)));
        T[] allTargets = Values<T>(Enumerable.Range(0, largest).SelectMany(_ => ForwardBackwardTests.RandomTarget(random, topology)));

        // The instance arrays are guarded from the start; the thread-static scratch of this thread is made on first use
        // (at its fixed size), so it is guarded after the first round, which runs at the largest count.
        var own = new NetworkArrays<T>(net, sentinel);
        try
        {
            foreach (int count in Counts.Skip(Counts.Length - 1).Concat(Counts))
            {
                var inputs = new Guarded<T>(allInputs.AsSpan(0, count * inputSize), sentinel);
                var targets = new Guarded<T>(allTargets.AsSpan(0, count * outputSize), sentinel);
                var outputs = new Guarded<T>(new T[count * outputSize], sentinel);
                var trace = new Guarded<T>(new T[net.Info.TotalUnits], sentinel);
                foreach ((string member, Action call) in Members(net, inputs, targets, outputs, trace, count, inputSize, outputSize))
                {
                    call();
                    string where = $"{topology}: {member} at count {count}";
                    inputs.AssertIntact(where, "inputs", allInputs);
                    targets.AssertIntact(where, "targets", allTargets);
                    outputs.AssertIntact(where, "outputs", original: null);
                    trace.AssertIntact(where, "layerOutputs", original: null);
                    own.AssertIntact(where);
                }

                own.GuardThreadStatics();
            }
        }
        finally
        {
            own.Restore();
        }
    }

    /// <summary>Every member that takes spans, on the guarded buffers: the batch members at the count, the single-sample ones on the first sample.</summary>
    private static IEnumerable<(string Member, Action Call)> Members<T>(
        INetwork<T> net, Guarded<T> inputs, Guarded<T> targets, Guarded<T> outputs, Guarded<T> trace, int count, int inputSize, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T learningRate = T.CreateChecked(1e-3);
        yield return ("PredictBatch", () => net.PredictBatch(inputs.Span, outputs.Span, count));
        yield return ("EvaluateLossBatch", () => net.EvaluateLossBatch(inputs.Span, targets.Span, count, out _));
        yield return ("AccumulateGradientsBatch", () => net.AccumulateGradientsBatch(inputs.Span, targets.Span, count));
        yield return ("AccumulateGradientsBatch(out correct)", () => net.AccumulateGradientsBatch(inputs.Span, targets.Span, count, out _));
        yield return ("Predict", () => net.Predict(inputs.Span[..inputSize], outputs.Span[..outputSize]));
        yield return ("Trace", () => net.Trace(inputs.Span[..inputSize], trace.Span));
        yield return ("EvaluateLoss", () => net.EvaluateLoss(inputs.Span[..inputSize], targets.Span[..outputSize]));
        yield return ("AccumulateGradients", () => net.AccumulateGradients(inputs.Span[..inputSize], targets.Span[..outputSize]));
        yield return ("SgdStep", () => net.SgdStep(inputs.Span[..inputSize], targets.Span[..outputSize], learningRate));
        yield return ("SgdStep(out correct)", () => net.SgdStep(inputs.Span[..inputSize], targets.Span[..outputSize], learningRate, out _));
    }

    private static T[] Values<T>(IEnumerable<double> values)
        where T : unmanaged, IFloatingPointIeee754<T> => values.Select(T.CreateChecked).ToArray();

    /// <summary>A copy of some values between two runs of guard values, handed to the network as the slice in between.</summary>
    private sealed class Guarded<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _array;
        private readonly T _sentinel;
        private readonly int _length;

        public Guarded(ReadOnlySpan<T> values, T sentinel)
        {
            _length = values.Length;
            _sentinel = sentinel;
            _array = new T[_length + (2 * GuardLength)];
            _array.AsSpan().Fill(sentinel);
            values.CopyTo(_array.AsSpan(GuardLength, _length));
        }

        public Span<T> Span => _array.AsSpan(GuardLength, _length);

        /// <summary>Fails if a guard changed or, given the values the buffer was made from, if the buffer itself changed.</summary>
        public void AssertIntact(string where, string buffer, T[]? original)
        {
            for (int k = 0; k < GuardLength; k++)
            {
                Assert.True(Same(_array[GuardLength - 1 - k], _sentinel), $"{where} wrote {k + 1} element(s) before the caller's '{buffer}'.");
                Assert.True(Same(_array[GuardLength + _length + k], _sentinel), $"{where} wrote {k + 1} element(s) after the caller's '{buffer}' ({_length} values).");
            }

            if (original is not null)
            {
                for (int k = 0; k < _length; k++)
                {
                    Assert.True(Same(_array[GuardLength + k], original[k]), $"{where} changed the read-only '{buffer}' at {k}.");
                }
            }
        }
    }

    /// <summary>
    /// The network's own arrays, each replaced by a copy with a guarded tail: the instance arrays (parameters and
    /// gradients, which are <see cref="AlignedArray{T}"/>s, and scratch) and the calling thread's thread-static scratch. The generated code addresses them by fixed
    /// offsets, never by their length, so a longer array changes nothing but what the tail shows.
    /// </summary>
    private sealed class NetworkArrays<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly object _net;
        private readonly T _sentinel;
        private readonly List<(FieldInfo Field, T[] Original, T[] Guarded)> _fields = new();

        public NetworkArrays(INetwork<T> net, T sentinel)
        {
            _net = net;
            _sentinel = sentinel;
            foreach (FieldInfo field in Fields(net.GetType()).Where(f => !f.IsStatic))
            {
                Guard(field);
            }

            foreach (FieldInfo field in AlignedFields(net.GetType()).Where(f => !f.IsStatic))
            {
                GuardAligned(field);
            }

            Assert.Contains(_aligned, f => f.Field.Name == "__NetGen_parameters");
            Assert.Contains(_aligned, f => f.Field.Name == "__NetGen_gradients");
        }

        private readonly List<(FieldInfo Field, AlignedArray<T> Original, AlignedArray<T> Guarded)> _aligned = new();

        /// <summary>Parameters and gradients: an aligned array of the same length with guard values right after it.</summary>
        private void GuardAligned(FieldInfo field)
        {
            object? owner = field.IsStatic ? null : _net;
            var original = (AlignedArray<T>?)field.GetValue(owner);
            if (original is null)
            {
                Assert.True(field.IsStatic, $"{_net.GetType().Name}.{field.Name} is null.");
                return;
            }

            var guarded = AlignedArray<T>.WithSpare(original.Length, GuardLength);
            original.Span.CopyTo(guarded.Span);
            guarded.Spare.Fill(_sentinel);
            field.SetValue(owner, guarded);
            _aligned.Add((field, original, guarded));
        }

        /// <summary>Guards this thread's thread-static scratch once every member has run on it (again: no-op).</summary>
        public void GuardThreadStatics()
        {
            foreach (FieldInfo field in Fields(_net.GetType()).Where(f => f.IsStatic && f.IsDefined(typeof(ThreadStaticAttribute))))
            {
                if (!_fields.Exists(f => f.Field == field))
                {
                    Guard(field);
                }
            }

            foreach (FieldInfo field in AlignedFields(_net.GetType()).Where(f => f.IsStatic && f.IsDefined(typeof(ThreadStaticAttribute))))
            {
                if (!_aligned.Exists(f => f.Field == field))
                {
                    GuardAligned(field);
                }
            }
        }

        private static IEnumerable<FieldInfo> AlignedFields(Type type) =>
            type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => f.FieldType == typeof(AlignedArray<T>));

        private static IEnumerable<FieldInfo> Fields(Type type) =>
            type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => f.FieldType == typeof(T[]));

        private void Guard(FieldInfo field)
        {
            var original = (T[]?)field.GetValue(field.IsStatic ? null : _net);
            if (original is null)
            {
                // Thread-static scratch that no member used on this thread's instruction set: nothing to guard.
                Assert.True(field.IsStatic, $"{_net.GetType().Name}.{field.Name} is null.");
                return;
            }

            var guarded = new T[original.Length + GuardLength];
            original.CopyTo(guarded, 0);
            guarded.AsSpan(original.Length).Fill(_sentinel);
            field.SetValue(field.IsStatic ? null : _net, guarded);
            _fields.Add((field, original, guarded));
        }

        public void AssertIntact(string where)
        {
            foreach ((FieldInfo field, T[] original, T[] guarded) in _fields)
            {
                for (int k = 0; k < GuardLength; k++)
                {
                    Assert.True(Same(guarded[original.Length + k], _sentinel),
                        $"{where} wrote {k + 1} element(s) after {field.Name} ({original.Length} values).");
                }
            }

            foreach ((FieldInfo field, AlignedArray<T> original, AlignedArray<T> guarded) in _aligned)
            {
                for (int k = 0; k < GuardLength; k++)
                {
                    Assert.True(Same(guarded.Spare[k], _sentinel),
                        $"{where} wrote {k + 1} element(s) after {field.Name} ({original.Length} values).");
                }
            }
        }

        /// <summary>Puts the original arrays back (the thread-static ones stay with this thread for later tests).</summary>
        public void Restore()
        {
            foreach ((FieldInfo field, T[] original, T[] guarded) in _fields)
            {
                guarded.AsSpan(0, original.Length).CopyTo(original);
                field.SetValue(field.IsStatic ? null : _net, original);
            }

            foreach ((FieldInfo field, AlignedArray<T> original, AlignedArray<T> guarded) in _aligned)
            {
                guarded.Span.CopyTo(original.Span);
                field.SetValue(field.IsStatic ? null : _net, original);
            }
        }
    }

    /// <summary>Bitwise equality, so that a NaN written over a guard or an input is a change like any other.</summary>
    private static bool Same<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? BitConverter.SingleToInt32Bits((float)(object)a) == BitConverter.SingleToInt32Bits((float)(object)b)
            : BitConverter.DoubleToInt64Bits((double)(object)a) == BitConverter.DoubleToInt64Bits((double)(object)b);
}
