using System.Globalization;
using Consumer;
using NetGen;
using NetGen.Onnx;
using NetGen.Training;

// Prints "check <name> ok|FAILED <detail>" lines and exits 1 when one fails; writes xor.onnx and xor-predictions.txt
// into the directory given as the first argument, for the test to run in ONNX Runtime.
string outputDirectory = args.Length > 0 ? args[0] : ".";
int failures = 0;
void Check(string name, bool ok, string detail)
{
    Console.WriteLine($"check {name} {(ok ? "ok" : "FAILED")} {detail}");
    failures += ok ? 0 : 1;
}

Console.WriteLine($"runtime {Environment.Version} {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
Console.WriteLine($"architecture {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, Vector512 {Accelerated(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)}, Vector256 {Accelerated(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)}, Vector128 {Accelerated(System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated)}");
static string Accelerated(bool accelerated) => accelerated ? "accelerated" : "not accelerated";

// Train XOR.
float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
float[] targets = [0, 1, 1, 0];
var xor = new XorNet();
xor.Initialize(3);
TrainingResult result = xor.Fit(inputs, targets, new TrainerOptions
{
    Epochs = 2000,
    BatchSize = 4,
    Optimizer = new Adam { LearningRate = 0.05 },
    Seed = 3,
});
float[] predictions = new float[4];
for (int i = 0; i < 4; i++)
{
    xor.Predict(inputs.AsSpan(2 * i, 2), predictions.AsSpan(i, 1));
}

bool separated = predictions[0] < 0.1f && predictions[1] > 0.9f && predictions[2] > 0.9f && predictions[3] < 0.1f;
Check("train-xor", separated, $"{result.Message} predictions {string.Join(' ', predictions.Select(p => p.ToString("0.0000", CultureInfo.InvariantCulture)))}");

// Baked-in weights against the same file loaded at run time.
var loaded = new LoadedDigits();
loaded.Load("digits.weights.txt");
var embeddedInstance = new EmbeddedDigits();
float[] x = new float[64], a = new float[10], b = new float[10], c = new float[10];
double worst = 0;
var random = new Random(5);
for (int n = 0; n < 200; n++)
{
    for (int i = 0; i < x.Length; i++)
    {
        x[i] = random.Next(17) / 16f;
    }

    EmbeddedDigits.Embedded.Predict(x, a);
    embeddedInstance.Predict(x, b);
    loaded.Predict(x, c);
    for (int k = 0; k < 10; k++)
    {
        worst = Math.Max(worst, Math.Max(Math.Abs(a[k] - c[k]), Math.Abs(b[k] - c[k])));
    }
}

Check("embedded-weights", worst <= 1e-6, $"largest difference to the loaded file {worst:0.0E+0} over 200 inputs");

// The batch code (blocks of samples: tiled transposes, softmax along the samples) against one sample at a time: 40
// samples are one block of 32 and 8 single ones. Under ARM64 emulation this runs the kernels' NEON paths.
const int batchCount = 40;
float[] batchInputs = new float[batchCount * 64], batchOutputs = new float[batchCount * 10], one = new float[10];
for (int i = 0; i < batchInputs.Length; i++)
{
    batchInputs[i] = random.Next(17) / 16f;
}

loaded.PredictBatch(batchInputs, batchOutputs, batchCount);
double batchWorst = 0;
for (int n = 0; n < batchCount; n++)
{
    loaded.Predict(batchInputs.AsSpan(n * 64, 64), one);
    for (int k = 0; k < 10; k++)
    {
        batchWorst = Math.Max(batchWorst, Math.Abs(one[k] - batchOutputs[(n * 10) + k]));
    }
}

Check("predict-batch", batchWorst <= 1e-5, $"largest difference to Predict {batchWorst:0.0E+0} over {batchCount} samples");

// The transpose of the batch code in double too (its tiles differ from float's), against the definition.
double[] matrix = Enumerable.Range(0, 7 * 5).Select(i => (double)i).ToArray(), transposed = new double[7 * 5];
Kernels.Transpose<double>(matrix, transposed, 7, 5);
bool exact = Enumerable.Range(0, 7 * 5).All(i => transposed[((i % 5) * 7) + (i / 5)] == matrix[i]);
Check("transpose-double", exact, "7 × 5");

// ONNX export of the trained XOR network.
string onnx = Path.Combine(outputDirectory, "xor.onnx");
xor.SaveOnnx(onnx);
File.WriteAllLines(Path.Combine(outputDirectory, "xor-predictions.txt"), predictions.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
Check("export-onnx", new FileInfo(onnx).Length > 0, $"{new FileInfo(onnx).Length} bytes");

return failures == 0 ? 0 : 1;
