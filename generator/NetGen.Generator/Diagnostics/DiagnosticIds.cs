namespace NetGen.Generator.Diagnostics
{
    /// <summary>Every NG id. An id is never reused or renumbered.</summary>
    internal static class DiagnosticIds
    {
        // NG00xx: the declaration.
        public const string TypeNotPartial = "NG0001";
        public const string MissingInput = "NG0002";
        public const string MissingDense = "NG0003";
        public const string LayersOnSeveralDeclarations = "NG0004";
        public const string GenericNetwork = "NG0005";
        public const string ContainingTypeNotPartial = "NG0006";
        public const string DuplicateInput = "NG0007";
        public const string InputAfterDense = "NG0008";

        // NG01xx: topology and shapes.
        public const string SizeBelowOne = "NG0101";
        public const string CrossEntropyNeedsSoftmax = "NG0102";
        public const string BinaryCrossEntropyNeedsSigmoid = "NG0103";
        public const string UndefinedEnumValue = "NG0104";

        // NG2xxx: limits and performance.
        public const string LayerLooped = "NG2001";
    }
}
