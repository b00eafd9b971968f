extern alias gen;

using gen::NetGen.Generator.Emit;

namespace NetGen.Tests.Emit;

/// <summary>How the generator writes an offset plus a term into generated code.</summary>
public sealed class CodeSyntaxTests
{
    [Theory]
    [InlineData("row", "0", "row")]
    [InlineData("row", "16", "row + 16")]
    [InlineData("row", "i", "row + i")]
    [InlineData("i + 16", "256", "i + 272")]
    [InlineData("i", "64", "i + 64")]
    [InlineData("64", "16", "80")]
    [InlineData("0", "j", "j")]
    [InlineData("w1", "i + 4", "w1 + i + 4")]
    [InlineData("(j * 3) + x", "5", "(j * 3) + x + 5")]
    public void Plus_FoldsNumbersAndDropsZero(string expression, string term, string expected) =>
        Assert.Equal(expected, CodeSyntax.Plus(expression, term));
}
