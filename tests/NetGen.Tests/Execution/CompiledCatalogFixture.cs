using System;
using System.Reflection;
using System.Threading;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution;

/// <summary>
/// Every network of <see cref="NetworkCatalog"/> (its wide shapes included), compiled in one compilation and loaded
/// once per test process: the classes that use this fixture (forward and backward, SgdStep, batches, ONNX export)
/// share that one assembly, where a class fixture alone would compile the whole catalogue again for each class
/// (minutes on two cores, in every CI pass).
/// The assembly lives as long as the process, so it is loaded into a context that is not collectible: a collectible
/// one could never be unloaded here and only adds the runtime's collectible-type paths to every test.
/// </summary>
public sealed class CompiledCatalogFixture
{
    private static readonly Lazy<Assembly> Catalog = new(
        () => GeneratorHarness.CompileAndLoadForTheProcess(NetworkCatalog.Source),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public Assembly Assembly => Catalog.Value;
}
