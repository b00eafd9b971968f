using System.Linq;
using System.Reflection;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution;

/// <summary>Compiles every network of <see cref="NetworkCatalog"/> once, in one compilation, and loads it.</summary>
public sealed class CompiledCatalogFixture
{
    public CompiledCatalogFixture()
    {
        string source = string.Join("\n", NetworkCatalog.All.Select(t => t.ToSource()));
        Assembly = GeneratorHarness.CompileAndLoad(source);
    }

    public Assembly Assembly { get; }
}
