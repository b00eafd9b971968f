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
        public const string EmbeddedWeightsNotAdditionalFile = "NG0009";
        public const string EmbeddedWeightsUnreadable = "NG0010";
        public const string EmbeddedWeightsInvalid = "NG0011";
        public const string StaticNetwork = "NG0012";
        public const string NonFiniteOption = "NG0020";
        public const string ImportOnnxNotAdditionalFile = "NG0013";
        public const string ImportOnnxUnreadable = "NG0014";
        public const string ImportOnnxNotOnnx = "NG0015";
        public const string ImportOnnxCorrupt = "NG0016";
        public const string ImportOnnxWithEmbeddedWeights = "NG0017";

        // NG01xx: topology and shapes.
        public const string SizeBelowOne = "NG0101";
        public const string CrossEntropyNeedsSoftmax = "NG0102";
        public const string BinaryCrossEntropyNeedsSigmoid = "NG0103";
        public const string UndefinedEnumValue = "NG0104";
        public const string EmbeddedWeightsMismatch = "NG0105";
        public const string ParameterCountTooLarge = "NG0110";
        public const string ScratchTooLarge = "NG0111";
        public const string ImportOnnxUnsupported = "NG0106";
        public const string ImportOnnxMismatch = "NG0107";
        public const string ImportOutputActivationConflict = "NG0108";

        // NG1xxx: modelling mistakes.
        public const string RectifiedOutputWithMse = "NG1001";
        public const string BoundedOutputWithMse = "NG1002";
        public const string ClassScoresWithMse = "NG1003";
        public const string SoftmaxWithMse = "NG1004";
        public const string SoftmaxSingleUnit = "NG1005";
        public const string SoftmaxHidden = "NG1006";
        public const string LinearHiddenLayer = "NG1007";
        public const string SaturatingStack = "NG1008";
        public const string NoBias = "NG1009";
        public const string DyingReLU = "NG1010";
        public const string ConstantInit = "NG1011";
        public const string BadUniformInit = "NG1012";
        public const string InitActivationMismatch = "NG1013";
        public const string SumReduction = "NG1014";
        public const string ReversedUniformRange = "NG1020";
        public const string NegativeLeakySlope = "NG1021";
        public const string ImportedLogits = "NG1015";

        // NG2xxx: limits and performance.
        public const string LayerLooped = "NG2001";
        public const string FullUnrollTooLarge = "NG2002";

        // NG3xxx: call sites of the generated API and of the trainer.
        public const string SpanLengthMismatch = "NG3001";
        public const string NonPositiveLearningRate = "NG3002";
        public const string ImplausibleLearningRate = "NG3003";
        public const string MomentumOutOfRange = "NG3004";
        public const string NonPositiveEpsilon = "NG3005";
        public const string L2WithAdam = "NG3006";
    }
}
