// RTNeural side of the NetGen / RTNeural comparison (benchmarks/README.md, "RTNeural").
//
// Reads the six reference networks that NetGen.Benchmarks exports (--export-reference DIR): topology, NetGen's
// Initialize(42) weights, the benchmark input and NetGen's own output for it. Builds each as a compile-time
// RTNeural::ModelT, checks that its output agrees with NetGen's, then times one single-sample forward():
// warm-up, then many timed batches of calls; prints the median ns per call.
//
// Built twice by run.sh, with -DRTNEURAL_USE_EIGEN=1 and with -DRTNEURAL_USE_XSIMD=1.
// Output, one line per network: "<net> <backend> <median ns> <min ns> <max |difference| to NetGen> <note>".
#include <RTNeural/RTNeural.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#if RTNEURAL_USE_EIGEN
static const char* const Backend = "eigen";
#elif RTNEURAL_USE_XSIMD
static const char* const Backend = "xsimd";
#else
static const char* const Backend = "stl";
#endif

namespace
{
struct DenseLayer
{
    int inputs = 0;
    int units = 0;
    std::string activation;
    float alpha = 0;
    std::vector<std::vector<float>> weights; // [unit][input], NetGen's row-major layout
    std::vector<float> bias;
};

struct Exported
{
    std::string name;
    int inputSize = 0;
    std::vector<DenseLayer> layers;
    std::vector<float> input;
    std::vector<float> expected; // NetGen's Predict on input
};

float readFloat(std::ifstream& in, const std::string& file)
{
    std::string token;
    if(!(in >> token))
        throw std::runtime_error(file + ": ends early; re-export it with NetGen.Benchmarks --export-reference");
    return std::strtof(token.c_str(), nullptr);
}

Exported load(const std::string& dir, const std::string& name)
{
    const std::string file = dir + "/" + name + ".txt";
    std::ifstream in(file);
    if(!in)
        throw std::runtime_error(file + ": not found; run NetGen.Benchmarks --export-reference " + dir + " first");

    Exported e;
    int layerCount = 0;
    in >> e.name >> e.inputSize >> layerCount;
    if(e.name != name || e.inputSize <= 0 || layerCount <= 0)
        throw std::runtime_error(file + ": header is not '<name> <inputs> <layers>'");

    int inputs = e.inputSize;
    for(int l = 0; l < layerCount; ++l)
    {
        DenseLayer layer;
        in >> layer.units >> layer.activation;
        layer.alpha = readFloat(in, file);
        layer.inputs = inputs;
        inputs = layer.units;
        e.layers.push_back(layer);
    }

    for(auto& layer : e.layers)
    {
        layer.weights.assign(layer.units, std::vector<float>(layer.inputs));
        for(auto& row : layer.weights)
            for(auto& w : row)
                w = readFloat(in, file);
        layer.bias.resize(layer.units);
        for(auto& b : layer.bias)
            b = readFloat(in, file);
    }

    e.input.resize(e.inputSize);
    for(auto& x : e.input)
        x = readFloat(in, file);
    e.expected.resize(e.layers.back().units);
    for(auto& y : e.expected)
        y = readFloat(in, file);
    return e;
}

template <typename L>
struct IsPrelu : std::false_type
{
};
template <int N>
struct IsPrelu<RTNeural::PReLUActivationT<float, N>> : std::true_type
{
};

// Copies the exported parameters into the model's layers: each Dense layer takes the next exported layer; a PReLU
// activation (NetGen's LeakyReLU) takes that layer's alpha. Every other activation has no parameters.
template <typename L>
struct IsDense : std::false_type
{
};
template <int In, int Out, bool Bias>
struct IsDense<RTNeural::DenseT<float, In, Out, Bias>> : std::true_type
{
};

template <typename Model>
void setParameters(Model& model, const Exported& e)
{
    size_t next = 0;
    float alpha = 0;
    std::apply([&](auto&... layer) {
        (([&](auto& l) {
            using L = std::decay_t<decltype(l)>;
            if constexpr(IsPrelu<L>::value)
            {
                l.setAlphaVals({ alpha });
            }
            else if constexpr(IsDense<L>::value)
            {
                if(next >= e.layers.size() || e.layers[next].inputs != L::in_size || e.layers[next].units != L::out_size)
                    throw std::runtime_error(e.name + ": the exported topology does not match the compiled ModelT");
                l.setWeights(e.layers[next].weights);
                l.setBias(e.layers[next].bias.data());
                alpha = e.layers[next].alpha;
                ++next;
            }
        }(layer)),
            ...);
    },
        model.getLayers());
    if(next != e.layers.size())
        throw std::runtime_error(e.name + ": the exported network has another number of dense layers than the compiled ModelT");
}

using Clock = std::chrono::steady_clock;
volatile float Sink;

// Built with -DHARNESS_CALL=1 (run.sh --call), every timed forward() goes through a function the compiler may not
// inline, as a call into a library's API does (NetGen's Predict is such a call); by default forward() is inlined into
// the timing loop, RTNeural at its best.
#if HARNESS_CALL
template <typename Model>
__attribute__((noinline)) float timedForward(Model& model, const float* input)
{
    return model.forward(input);
}
#else
template <typename Model>
inline float timedForward(Model& model, const float* input)
{
    return model.forward(input);
}
#endif

template <typename Model>
void run(const std::string& dir, const std::string& name, double seconds)
{
    const Exported e = load(dir, name);
    auto model = std::make_unique<Model>(); // large models: not on the stack
    setParameters(*model, e);
    model->reset();

    // xsimd loads the input with aligned vector loads and reads whole vectors: 64-byte aligned, zero padded.
    const size_t padded = (e.input.size() + 63) / 64 * 64;
    float* input = static_cast<float*>(std::aligned_alloc(64, padded * sizeof(float)));
    std::fill(input, input + padded, 0.0f);
    std::copy(e.input.begin(), e.input.end(), input);

    model->forward(input);
    const float* out = model->getOutputs();
    float maxDiff = 0;
    for(size_t k = 0; k < e.expected.size(); ++k)
        maxDiff = std::max(maxDiff, std::fabs(out[k] - e.expected[k]));
    float sum = 0;
    for(size_t k = 0; k < e.expected.size(); ++k)
        sum += out[k];
    const bool softmax = e.layers.back().activation == "Softmax";
    const char* note = maxDiff <= 1e-5f ? "agrees" : (softmax && std::fabs(sum - 1.0f) > 1e-4f ? "DISAGREES(softmax-sum)" : "DISAGREES");

    // Calls per batch: about 2 ms of work; warm-up about a quarter of the time; then timed batches.
    int perBatch = 1;
    for(;;)
    {
        const auto t0 = Clock::now();
        for(int i = 0; i < perBatch; ++i)
            Sink = timedForward(*model, input);
        if(std::chrono::duration<double>(Clock::now() - t0).count() > 0.002 || perBatch > (1 << 24))
            break;
        perBatch *= 2;
    }
    const auto warmEnd = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds / 4));
    while(Clock::now() < warmEnd)
        for(int i = 0; i < perBatch; ++i)
            Sink = timedForward(*model, input);

    std::vector<double> ns;
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    while(Clock::now() < end || ns.size() < 15)
    {
        const auto t0 = Clock::now();
        for(int i = 0; i < perBatch; ++i)
            Sink = timedForward(*model, input);
        ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / perBatch);
    }
    std::sort(ns.begin(), ns.end());
    std::printf("%s %s %.2f %.2f %.3g %s\n", name.c_str(), Backend, ns[ns.size() / 2], ns.front(), maxDiff, note);
    std::fflush(stdout);
    std::free(input);
}

using namespace RTNeural;
using Xsq = ModelT<float, 1, 1, DenseT<float, 1, 64>, PReLUActivationT<float, 64>, DenseT<float, 64, 1>>;
using Sincos = ModelT<float, 7, 2, DenseT<float, 7, 10>, PReLUActivationT<float, 10>, DenseT<float, 10, 2>>;
using Xor = ModelT<float, 3, 1, DenseT<float, 3, 4>, SigmoidActivationT<float, 4>, DenseT<float, 4, 1>, SigmoidActivationT<float, 1>>;
using Digits = ModelT<float, 64, 10, DenseT<float, 64, 10>, ReLuActivationT<float, 10>, DenseT<float, 10, 10>, SoftmaxActivationT<float, 10>>;
using Mnist = ModelT<float, 784, 10, DenseT<float, 784, 128>, ReLuActivationT<float, 128>, DenseT<float, 128, 64>, ReLuActivationT<float, 64>,
    DenseT<float, 64, 10>, SoftmaxActivationT<float, 10>>;
using Wide = ModelT<float, 256, 16, DenseT<float, 256, 256>, TanhActivationT<float, 256>, DenseT<float, 256, 256>, TanhActivationT<float, 256>,
    DenseT<float, 256, 16>>;
} // namespace

int main(int argc, char** argv)
{
    if(argc < 2)
    {
        std::fprintf(stderr, "usage: %s EXPORT_DIR [SECONDS_PER_NET] [NET...]\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    const double seconds = argc > 2 ? std::atof(argv[2]) : 1.0;
    std::vector<std::string> nets;
    for(int i = 3; i < argc; ++i)
        nets.emplace_back(argv[i]);
    if(nets.empty())
        nets = { "xsq", "sincos", "xor", "digits", "mnist", "wide" };

    try
    {
        for(const auto& net : nets)
        {
            if(net == "xsq") run<Xsq>(dir, net, seconds);
            else if(net == "sincos") run<Sincos>(dir, net, seconds);
            else if(net == "xor") run<Xor>(dir, net, seconds);
            else if(net == "digits") run<Digits>(dir, net, seconds);
            else if(net == "mnist") run<Mnist>(dir, net, seconds);
            else if(net == "wide") run<Wide>(dir, net, seconds);
            else throw std::runtime_error("unknown network '" + net + "' (xsq, sincos, xor, digits, mnist, wide)");
        }
    }
    catch(const std::exception& ex)
    {
        std::fprintf(stderr, "harness: %s\n", ex.what());
        return 1;
    }
    return 0;
}
