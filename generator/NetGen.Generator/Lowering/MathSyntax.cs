namespace NetGen.Generator.Lowering
{
    /// <summary>
    /// The operations an activation or a loss is written with. The emitter supplies one spelling for scalars and one per
    /// vector width, so that each function is defined once (<see cref="Activations"/>, <see cref="Losses"/>) and printed
    /// for every instruction set from that one definition.
    /// </summary>
    internal interface IMathSyntax
    {
        string Zero { get; }

        string One { get; }

        /// <summary>A constant in the network's precision (broadcast for vectors), exactly as the generator computed it.</summary>
        string Constant(double value);

        string Add(string a, string b);

        string Subtract(string a, string b);

        string Multiply(string a, string b);

        string Divide(string a, string b);

        string Negate(string a);

        string Max(string a, string b);

        string Min(string a, string b);

        string Exp(string a);

        string Tanh(string a);

        /// <summary>1 / (1 + e^−a), exactly 0 where e^−a overflows.</summary>
        string Sigmoid(string a);

        /// <summary><c>z &gt; 0 ? positive : otherwise</c>, without a branch.</summary>
        string WherePositive(string z, string positive, string otherwise);
    }
}
