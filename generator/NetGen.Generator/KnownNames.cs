namespace NetGen.Generator
{
    /// <summary>
    /// Metadata names of the runtime library's types. The generator never references the runtime assembly; a test
    /// checks that each name equals the corresponding <c>typeof(...).FullName</c>.
    /// </summary>
    internal static class KnownNames
    {
        public const string NetworkAttribute = "NetGen.NetworkAttribute";
        public const string InputAttribute = "NetGen.InputAttribute";
        public const string DenseAttribute = "NetGen.DenseAttribute";
        public const string EmbeddedWeightsAttribute = "NetGen.EmbeddedWeightsAttribute";
        public const string ImportOnnxAttribute = "NetGen.ImportOnnxAttribute";
        public const string INetwork = "NetGen.INetwork`1";
    }
}
