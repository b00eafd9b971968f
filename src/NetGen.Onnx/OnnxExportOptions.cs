namespace NetGen.Onnx
{
    /// <summary>Names in the exported ONNX graph. The defaults suit ONNX Runtime, Netron and PyTorch alike.</summary>
    public sealed class OnnxExportOptions
    {
        /// <summary>The name of the graph's input, a [batch, InputSize] tensor. <c>"input"</c> by default.</summary>
        public string InputName { get; init; } = "input";

        /// <summary>The name of the graph's output, a [batch, OutputSize] tensor. <c>"output"</c> by default.</summary>
        public string OutputName { get; init; } = "output";

        /// <summary>The symbolic name of the batch dimension, so that any batch size can be fed. <c>"batch"</c> by default.</summary>
        public string BatchDimensionName { get; init; } = "batch";

        /// <summary>The graph's name; the network type's name when <c>null</c> (the default).</summary>
        public string? GraphName { get; init; }
    }
}
