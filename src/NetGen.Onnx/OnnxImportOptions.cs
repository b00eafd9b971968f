namespace NetGen.Onnx
{
    /// <summary>Options of <see cref="OnnxImport.LoadOnnx{T}(INetwork{T}, string, OnnxImportOptions?)"/>.</summary>
    public sealed class OnnxImportOptions
    {
        /// <summary>
        /// An activation for the model's output layer when the model ends without one, as <c>[ImportOnnx]</c>'s
        /// <c>OutputActivation</c>: a PyTorch classifier trained with <c>nn.CrossEntropyLoss</c> is exported as logits,
        /// and loads into a network whose output layer is Softmax with <see cref="Activation.Softmax"/> here.
        /// <see cref="Activation.Identity"/> (the default) takes the model as it is.
        /// </summary>
        public Activation OutputActivation { get; set; } = Activation.Identity;
    }
}
