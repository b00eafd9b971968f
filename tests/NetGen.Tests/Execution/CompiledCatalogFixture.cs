using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution;

/// <summary>
/// Every network of <see cref="NetworkCatalog"/>, compiled in one compilation and loaded once per test process: the
/// classes that use this fixture (forward and backward, SgdStep, ONNX export) share that one assembly, where a class
/// fixture alone would compile the whole catalogue again for each class (minutes on two cores, in every CI pass).
/// </summary>
public sealed class CompiledCatalogFixture
{
    private static readonly Lazy<Assembly> Catalog = new(
        () => GeneratorHarness.CompileAndLoad(string.Join("\n", NetworkCatalog.All.Select(t => t.ToSource()))),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public Assembly Assembly => Catalog.Value;
}
