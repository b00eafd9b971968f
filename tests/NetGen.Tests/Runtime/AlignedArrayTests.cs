using System;
using System.Collections.Generic;
using System.Runtime;
using System.Runtime.CompilerServices;
using Xunit;

namespace NetGen.Tests.Runtime;

public sealed class AlignedArrayTests
{
    /// <summary>The address of <paramref name="value"/> in bytes, without unsafe code: its distance from address zero.</summary>
    internal static long Address<T>(ref T value) => Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref value);

    public static IEnumerable<object[]> Lengths()
    {
        for (int length = 0; length <= 70; length++)
        {
            yield return new object[] { length };
        }

        yield return new object[] { 193 };
        yield return new object[] { 109_386 }; // mnist 784-128-64-10: an array on the large object heap's side of the limit
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void New_FloatAndDouble_StartOnA64ByteBoundaryAndHoldZeros(int length)
    {
        var keep = new List<object>();
        for (int attempt = 0; attempt < 8; attempt++)
        {
            keep.Add(new byte[1 + attempt]); // shifts the next allocation, so that every misalignment is met
            var floats = new AlignedArray<float>(length);
            var doubles = new AlignedArray<double>(length);
            keep.Add(floats);
            keep.Add(doubles);

            Assert.Equal(0, Address(ref floats.Reference) % 64);
            Assert.Equal(0, Address(ref doubles.Reference) % 64);
            Assert.Equal(length, floats.Length);
            Assert.Equal(length, floats.Span.Length);
            Assert.Equal(length, doubles.Span.Length);
            Assert.True(length == 0 || Unsafe.AreSame(ref floats.Reference, ref floats.Span[0]));
            Assert.All(floats.Span.ToArray(), v => Assert.Equal(0f, v));
            Assert.All(doubles.Span.ToArray(), v => Assert.Equal(0d, v));
        }

        GC.KeepAlive(keep);
    }

    [Fact]
    public void Values_AfterACompactingCollection_StayAtTheirAlignedAddresses()
    {
        var arrays = new List<AlignedArray<float>>();
        var addresses = new List<long>();
        for (int i = 0; i < 200; i++)
        {
            _ = new byte[24 + (i % 7 * 8)]; // garbage between them: a compaction would move what it can
            var array = new AlignedArray<float>(10 + i);
            array.Span.Fill(i);
            arrays.Add(array);
            addresses.Add(Address(ref array.Reference));
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        for (int i = 0; i < arrays.Count; i++)
        {
            Assert.Equal(addresses[i], Address(ref arrays[i].Reference));
            Assert.Equal(0, addresses[i] % 64);
            Assert.All(arrays[i].Span.ToArray(), v => Assert.Equal(i, v));
        }
    }

    [Fact]
    public void Clear_SetsEveryValueToZero()
    {
        var array = new AlignedArray<double>(37);
        array.Span.Fill(3.5);
        array.Clear();

        Assert.All(array.Span.ToArray(), v => Assert.Equal(0d, v));
    }

    [Fact]
    public void New_NegativeLength_ThrowsAndSaysWhatIsAllowed()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedArray<float>(-1));

        Assert.Equal("length", error.ParamName);
        Assert.Contains("zero or more", error.Message);
    }
}
