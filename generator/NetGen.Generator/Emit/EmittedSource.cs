namespace NetGen.Generator.Emit
{
    /// <summary>Generated text, compared by value so that an unchanged output is recognised as cached.</summary>
    internal sealed record EmittedSource(string Text);
}
