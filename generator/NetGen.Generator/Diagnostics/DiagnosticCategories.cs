namespace NetGen.Generator.Diagnostics
{
    /// <summary>The five stable diagnostic categories (STYLE.md §6).</summary>
    internal static class DiagnosticCategories
    {
        public const string Declaration = "NetGen.Declaration";
        public const string Shape = "NetGen.Shape";
        public const string Modeling = "NetGen.Modeling";
        public const string Performance = "NetGen.Performance";
        public const string Usage = "NetGen.Usage";
    }
}
