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

        // The trainer's optimizers (src/NetGen/Training/Optimizer.cs), for the call-site checks NG3002..NG3006.
        public const string Optimizer = "NetGen.Training.Optimizer";
        public const string Sgd = "NetGen.Training.Sgd";
        public const string Adam = "NetGen.Training.Adam";
        public const string AdamW = "NetGen.Training.AdamW";

        // Member names, resolved on the types above once per compilation (never compared with a call site's names).
        public const string Predict = "Predict";
        public const string AccumulateGradients = "AccumulateGradients";
        public const string Trace = "Trace";
        public const string EvaluateLoss = "EvaluateLoss";
        public const string SgdStep = "SgdStep";
        public const string LearningRate = "LearningRate";
        public const string WeightDecay = "WeightDecay";
        public const string Momentum = "Momentum";
        public const string Beta1 = "Beta1";
        public const string Beta2 = "Beta2";
        public const string Epsilon = "Epsilon";
    }
}
