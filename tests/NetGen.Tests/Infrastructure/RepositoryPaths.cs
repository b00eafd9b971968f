using System;
using System.IO;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Where the repository is, found by walking up from the test assembly to the folder holding NetGen.sln. (Caller file
/// paths do not serve: deterministic CI builds map them to "/_/".)
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "NetGen.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException($"NetGen.sln was not found above {AppContext.BaseDirectory}.");
    }
}
