using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit.Abstractions;

namespace NetGen.PackageTests.Infrastructure;

/// <summary>What a process printed (stdout and stderr, interleaved as they arrived) and how it ended.</summary>
public sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public IEnumerable<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The build's warning and error lines, each once (MSBuild repeats them in its summary).</summary>
    public string[] Diagnostics =>
        Lines.Where(line => line.Contains(": warning ", StringComparison.Ordinal) || line.Contains(": error ", StringComparison.Ordinal)).Distinct().ToArray();
}

/// <summary>Starts the SDK and the consumers' programs the way a user's shell would, and logs what they did.</summary>
public static class DotnetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="directory"/>.</summary>
    public static ProcessResult Dotnet(ITestOutputHelper log, string directory, params string[] arguments) =>
        Run(log, "dotnet", directory, [.. arguments, "-nodeReuse:false", "-p:UseSharedCompilation=false"]);

    /// <summary>Runs <paramref name="fileName"/> (a built program) with <paramref name="arguments"/>.</summary>
    public static ProcessResult Run(ITestOutputHelper log, string fileName, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside `dotnet test`, whose MSBuild settings must not leak into the consumers' builds.
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            string name = (string)variable.Key;
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {Timeout.TotalMinutes} minutes.\n{output}");
        }

        process.WaitForExit();
        var result = new ProcessResult(process.ExitCode, output.ToString(), stopwatch.Elapsed);
        log.WriteLine($"$ {Path.GetFileName(fileName)} {string.Join(' ', arguments)}   [exit {result.ExitCode}, {result.Elapsed.TotalSeconds:0.0} s]");
        return result;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }
}
