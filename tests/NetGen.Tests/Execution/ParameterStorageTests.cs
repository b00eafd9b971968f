using System;
using System.Linq;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Runtime;
using Xunit;

namespace NetGen.Tests.Execution;

/// <summary>Where the generated networks keep their parameters and gradients, and which Predict shape they get.</summary>
public sealed class ParameterStorageTests : IClassFixture<CompiledCatalogFixture>
{
    private readonly CompiledCatalogFixture _fixture;

    public ParameterStorageTests(CompiledCatalogFixture fixture) => _fixture = fixture;

    [Fact]
    public void EveryCatalogNetwork_ParametersAndGradients_StartOnA64ByteBoundary_AlsoAfterACompaction()
    {
        var failures = NetworkCatalog.All.Concat(NetworkCatalog.Wide)
            .SelectMany(topology => Misaligned(topology))
            .ToList();

        Assert.Empty(failures);
    }

    [Fact]
    public void EveryCatalogNetwork_Replica_MakesNoParameterSetOfItsOwn_AndTheNextNetworkDoes()
    {
        var failures = NetworkCatalog.All.Concat(NetworkCatalog.Wide)
            .SelectMany(topology => topology.Precision == Precision.Single
                ? ReplicaProblems(GeneratorHarness.Create<float>(_fixture.Assembly, topology.Name), topology.Name)
                : ReplicaProblems(GeneratorHarness.Create<double>(_fixture.Assembly, topology.Name), topology.Name))
            .ToList();

        Assert.Empty(failures);
    }

    /// <summary>
    /// A replica shares its source's parameters, so it must not allocate (and initialise) a set of its own: it allocates
    /// at least a parameter set less than a new network of the same type. And a network made after it on the same thread
    /// gets parameters of its own again.
    /// </summary>
    private static System.Collections.Generic.IEnumerable<string> ReplicaProblems<T>(INetwork<T> network, string name)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Once each before measuring: the first calls JIT-compile and run static constructors.
        _ = network.CreateReplica();
        _ = (INetwork<T>)Activator.CreateInstance(network.GetType())!;

        long before = GC.GetAllocatedBytesForCurrentThread();
        INetwork<T> replica = network.CreateReplica() ?? throw new InvalidOperationException($"{name} made no replica.");
        long replicaBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var fresh = (INetwork<T>)Activator.CreateInstance(network.GetType())!;
        long freshBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        long parameterBytes = (long)network.ParameterCount * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (freshBytes - replicaBytes < parameterBytes)
        {
            yield return $"{name}: a replica allocates {replicaBytes} bytes, a new network {freshBytes}: the replica made a parameter set ({parameterBytes} bytes) of its own";
        }

        if (AlignedArrayTests.Address(ref replica.Parameters[0]) != AlignedArrayTests.Address(ref network.Parameters[0]))
        {
            yield return $"{name}: the replica does not share the parameters";
        }

        if (AlignedArrayTests.Address(ref fresh.Parameters[0]) == AlignedArrayTests.Address(ref network.Parameters[0]))
        {
            yield return $"{name}: a network made after a replica shares the replica's parameters";
        }
    }

    private System.Collections.Generic.IEnumerable<string> Misaligned(TestTopology topology)
    {
        if (topology.Precision == Precision.Single)
        {
            return Misaligned(GeneratorHarness.Create<float>(_fixture.Assembly, topology.Name), topology.Name);
        }

        return Misaligned(GeneratorHarness.Create<double>(_fixture.Assembly, topology.Name), topology.Name);
    }

    private static System.Collections.Generic.IEnumerable<string> Misaligned<T>(INetwork<T> network, string name)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        INetwork<T> replica = network.CreateReplica() ?? throw new InvalidOperationException($"{name} made no replica.");
        long parameters = AlignedArrayTests.Address(ref network.Parameters[0]);
        long gradients = AlignedArrayTests.Address(ref network.Gradients[0]);
        long replicaGradients = AlignedArrayTests.Address(ref replica.Gradients[0]);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        var problems = new System.Collections.Generic.List<string>();
        foreach ((string what, long before, long after) in new[]
        {
            ("Parameters", parameters, AlignedArrayTests.Address(ref network.Parameters[0])),
            ("Gradients", gradients, AlignedArrayTests.Address(ref network.Gradients[0])),
            ("replica's Gradients", replicaGradients, AlignedArrayTests.Address(ref replica.Gradients[0])),
        })
        {
            if (before % 64 != 0 || after != before)
            {
                problems.Add($"{name}: {what} at {before % 64} past a 64-byte boundary, {(after == before ? "not moved" : "moved")}");
            }
        }

        if (AlignedArrayTests.Address(ref replica.Parameters[0]) != AlignedArrayTests.Address(ref network.Parameters[0]))
        {
            problems.Add($"{name}: the replica does not share the parameters");
        }

        return problems;
    }
}
