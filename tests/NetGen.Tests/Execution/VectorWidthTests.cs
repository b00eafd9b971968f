using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using Xunit;

namespace NetGen.Tests.Execution;

/// <summary>
/// CI runs the numeric catalogue again with DOTNET_* settings that switch vector widths off, so that every width of the
/// generated code meets the reference. A setting the runtime ignores silently runs the default width a second time
/// under another name: .NET 10 no longer reads DOTNET_EnableAVX512F (its switch is DOTNET_EnableAVX512), so on an
/// AVX-512 machine the "AVX2" pass ran 512-bit code. This fails such a pass.
/// </summary>
public sealed class VectorWidthTests
{
    [Fact]
    public void VectorWidths_TheEnvironmentSwitchesOff_AreNotAccelerated_AndEachImpliesTheNarrower()
    {
        static bool Off(string name) => Environment.GetEnvironmentVariable("DOTNET_" + name) is "0";

        bool noVectors = Off("EnableHWIntrinsic");
        bool no256 = noVectors || Off("EnableAVX") || Off("EnableAVX2");
        bool no512 = no256 || Off("EnableAVX512F") || Off("EnableAVX512");

        var problems = new List<string>();
        if (no512 && Vector512.IsHardwareAccelerated)
        {
            problems.Add("Vector512 is accelerated although the environment switches AVX-512 off: on .NET 10 set DOTNET_EnableAVX512=0 (DOTNET_EnableAVX512F is the name .NET 8 and 9 read)");
        }

        if (no256 && Vector256.IsHardwareAccelerated)
        {
            problems.Add("Vector256 is accelerated although the environment switches AVX2 off");
        }

        if (noVectors && Vector128.IsHardwareAccelerated)
        {
            problems.Add("Vector128 is accelerated although DOTNET_EnableHWIntrinsic=0");
        }

        // The generated code tries the widths from the widest down; a wider one without the narrower would skip paths.
        if (Vector512.IsHardwareAccelerated && !Vector256.IsHardwareAccelerated)
        {
            problems.Add("Vector512 is accelerated but Vector256 is not");
        }

        if (Vector256.IsHardwareAccelerated && !Vector128.IsHardwareAccelerated)
        {
            problems.Add("Vector256 is accelerated but Vector128 is not");
        }

        Assert.Empty(problems);
    }
}
