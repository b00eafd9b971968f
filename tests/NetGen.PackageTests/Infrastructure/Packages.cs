using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace NetGen.PackageTests.Infrastructure;

/// <summary>
/// The NetGen and NetGen.Onnx packages under test: those .ci/run packed (NETGEN_PACKAGES, NETGEN_PACKAGE_VERSION), or a
/// fresh pack of the working tree with a version of its own. Either way the version is one no package cache has seen
/// before, so every consumer really restores the packages just built; they are removed from the cache afterwards.
/// </summary>
public sealed class Packages : IDisposable
{
    public Packages()
    {
        RepositoryRoot = FindRepositoryRoot();
        string? directory = Environment.GetEnvironmentVariable("NETGEN_PACKAGES");
        string? version = Environment.GetEnvironmentVariable("NETGEN_PACKAGE_VERSION");
        if (!string.IsNullOrEmpty(directory) && !string.IsNullOrEmpty(version))
        {
            Directory = Path.GetFullPath(directory);
            Version = version;
        }
        else
        {
            Version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
            Directory = Path.Combine(Path.GetTempPath(), "netgen-package-tests", "packages-" + Version);
            var log = new ListLog();
            foreach (string project in new[] { "src/NetGen", "src/NetGen.Onnx" })
            {
                ProcessResult pack = DotnetCli.Dotnet(log, RepositoryRoot, "pack", project, "-c", "Release", "-o", Directory, "-p:Version=" + Version, "-p:ContinuousIntegrationBuild=true");
                if (pack.ExitCode != 0)
                {
                    throw new InvalidOperationException($"Packing {project} failed:\n{pack.Output}");
                }
            }

            PackedHere = true;
        }

        foreach (string id in new[] { "NetGen", "NetGen.Onnx" })
        {
            string package = Path.Combine(Directory, $"{id}.{Version}.nupkg");
            if (!File.Exists(package))
            {
                throw new InvalidOperationException($"The package {package} does not exist; pack it first (see .ci/run) or unset NETGEN_PACKAGES to let the tests pack.");
            }
        }
    }

    /// <summary>The folder that holds NetGen.{Version}.nupkg and NetGen.Onnx.{Version}.nupkg.</summary>
    public string Directory { get; }

    public string Version { get; }

    public string RepositoryRoot { get; }

    /// <summary>The host's runtime identifier for self-contained and Native AOT builds: linux-x64, linux-arm64, ….</summary>
    public static string RuntimeIdentifier => RuntimeInformation.RuntimeIdentifier;

    private bool PackedHere { get; }

    private readonly List<string> _created = [];

    /// <summary>
    /// Copies the consumer template <paramref name="template"/> into a new folder outside the repository (so that none
    /// of its Directory.Build.props apply), with a NuGet.config that takes NetGen* from <see cref="Directory"/> only and
    /// everything else from nuget.org, and sets its target framework.
    /// </summary>
    public string CreateConsumer(string template, string targetFramework)
    {
        string consumer = NewDirectory($"{template}-{targetFramework}");
        string source = Path.Combine(AppContext.BaseDirectory, template);
        foreach (string file in System.IO.Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(consumer, Path.GetFileName(file)));
        }

        string project = Path.Combine(consumer, template + ".csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<TargetFramework>net10.0</TargetFramework>", $"<TargetFramework>{targetFramework}</TargetFramework>", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(consumer, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="netgen-under-test" value="{Directory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="netgen-under-test">
                  <package pattern="NetGen" />
                  <package pattern="NetGen.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return consumer;
    }

    /// <summary>A new empty folder under the temp folder, deleted with the fixture (set NETGEN_KEEP_PACKAGE_TESTS=1 to keep it).</summary>
    public string NewDirectory(string name)
    {
        string directory = Path.Combine(Path.GetTempPath(), "netgen-package-tests", $"{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        lock (_created)
        {
            _created.Add(directory);
        }

        return directory;
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("NETGEN_KEEP_PACKAGE_TESTS") != "1")
        {
            foreach (string directory in _created)
            {
                TryDelete(directory);
            }
        }

        // The extracted packages of this run are of no use to any later one.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "netgen", "netgen.onnx" })
        {
            TryDelete(Path.Combine(cache, id, Version.ToLowerInvariant()));
        }

        if (PackedHere)
        {
            TryDelete(Directory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NetGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No NetGen.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Collects the pack commands' log lines; the fixture has no test output of its own.</summary>
    private sealed class ListLog : ITestOutputHelper
    {
        public void WriteLine(string message) => Console.WriteLine(message);

        public void WriteLine(string format, params object[] args) => Console.WriteLine(format, args);
    }
}

[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<Packages>
{
    public const string Name = "packages";
}
