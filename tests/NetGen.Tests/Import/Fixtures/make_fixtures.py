#!/usr/bin/env python3
"""Regenerates the ONNX and safetensors fixtures of NetGen's import tests.

Needs PyTorch and onnx (Debian: apt-get install -y python3-torch python3-onnx libopenblas0-pthread; PyTorch 1.13,
onnx 1.12). Never run in CI: the outputs are committed. Run from anywhere: python3 make_fixtures.py

Accepted fixtures (<name>.onnx) come with <name>.json: the input width, fixed inputs and the outputs PyTorch computed
for them (for the Keras-style graphs, PyTorch's functional ops on the same weights). The torch.nn.Sequential models
also get <name>.safetensors, the state_dict written in the safetensors layout (8-byte header length, JSON header, raw
little-endian data) with plain struct/json, since the safetensors package is not in Debian.

Keras-style graphs are built with onnx.helper following what tf2onnx writes for tf.keras Dense layers: MatMul with an
[in, out] kernel, Add of the bias, then the activation node (Relu, Softmax over the last axis), a symbolic batch
dimension ("unk__N"), and tensor names such as "sequential/dense/MatMul/ReadVariableOp:0".

Refused fixtures (refused_<name>.onnx) are listed in refused.json with the node and op type the error must name.
"""
import json
import os
import struct

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(1234)
np.random.seed(1234)


def write_json(name, payload):
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(payload, f, indent=1)


def save_safetensors(path, tensors):
    """tensors: list of (name, numpy array) in the order they are written."""
    header, offset, blobs = {}, 0, []
    for name, array in tensors:
        array = np.ascontiguousarray(array)
        dtype = {np.dtype("float32"): "F32", np.dtype("float64"): "F64"}[array.dtype]
        blob = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # safetensors pads the header to 8 bytes with spaces
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def torch_fixture(name, model, inputs_width, opset, dynamic=True, dtype=torch.float32, train=None):
    model = model.to(dtype)
    if train is not None:
        train(model)
    model.eval()
    x = torch.randn(6, inputs_width, dtype=dtype)
    with torch.no_grad():
        y = model(x)
    path = os.path.join(HERE, name + ".onnx")
    torch.onnx.export(
        model, x[:1], path, opset_version=opset, input_names=["x"], output_names=["y"],
        dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}} if dynamic else None)
    onnx.checker.check_model(onnx.load(path))
    write_json(name, {"source": "torch.onnx.export, opset %d" % opset, "inputWidth": inputs_width,
                      "inputs": x.double().tolist(), "outputs": y.double().tolist()})
    save_safetensors(os.path.join(HERE, name + ".safetensors"),
                     [(k, v.detach().numpy()) for k, v in model.state_dict().items()])


def quick_train(model):
    """A few steps of Adam on random data so that the weights are trained ones, not only initialised ones."""
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    first = next(model.parameters())
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    xs = torch.randn(64, linears[0].in_features, dtype=first.dtype)
    ys = torch.randn(64, linears[-1].out_features, dtype=first.dtype)
    for _ in range(20):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(xs), ys).backward()
        opt.step()


nn = torch.nn
torch_fixture("torch_relu_softmax_op9", nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(dim=1)), 4, 9, train=quick_train)
torch_fixture("torch_relu_softmax_op13", nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(dim=-1)), 4, 13, train=quick_train)
torch_fixture("torch_logits_op17", nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 3)), 5, 17, train=quick_train)
torch_fixture("torch_leaky_tanh_sigmoid_op11", nn.Sequential(nn.Linear(3, 6), nn.LeakyReLU(0.2), nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 2), nn.Sigmoid()), 3, 11, dynamic=False, train=quick_train)
torch_fixture("torch_nobias_op15", nn.Sequential(nn.Flatten(), nn.Linear(4, 7, bias=False), nn.Tanh(), nn.Linear(7, 2)), 4, 15, train=quick_train)
torch_fixture("torch_double_op14", nn.Sequential(nn.Linear(3, 5), nn.Sigmoid(), nn.Linear(5, 1)), 3, 14, dtype=torch.float64, train=quick_train)


# Keras-style graphs (tf2onnx's output for tf.keras Dense layers), with PyTorch's functional ops as the reference.
def keras_fixture(name, widths, activations, opset, float_data=False, extra_nodes=False, ir_version=None, initializers_as_inputs=False):
    rng = np.random.default_rng(len(name))
    nodes, inits = [], []
    current = "input_1"
    params = []
    for i, (w_in, w_out) in enumerate(zip(widths, widths[1:])):
        prefix = "sequential/dense%s" % ("" if i == 0 else "_%d" % i)
        kernel = rng.normal(0, 0.6, (w_in, w_out)).astype(np.float32)
        bias = rng.normal(0, 0.3, (w_out,)).astype(np.float32)
        params.append((kernel, bias))
        k_name, b_name = prefix + "/MatMul/ReadVariableOp:0", prefix + "/BiasAdd/ReadVariableOp:0"
        for tname, arr in ((k_name, kernel), (b_name, bias)):
            t = numpy_helper.from_array(arr, tname)
            if float_data:
                t = helper.make_tensor(tname, TensorProto.FLOAT, arr.shape, arr.flatten().tolist())
            inits.append(t)
        nodes.append(helper.make_node("MatMul", [current, k_name], [prefix + "/MatMul:0"], name=prefix + "/MatMul"))
        nodes.append(helper.make_node("Add", [prefix + "/MatMul:0", b_name], [prefix + "/BiasAdd:0"], name=prefix + "/BiasAdd"))
        current = prefix + "/BiasAdd:0"
        act = activations[i]
        if act == "Relu":
            nodes.append(helper.make_node("Relu", [current], [prefix + "/Relu:0"], name=prefix + "/Relu"))
            current = prefix + "/Relu:0"
        elif act == "Softmax":
            nodes.append(helper.make_node("Softmax", [current], [prefix + "/Softmax:0"], name=prefix + "/Softmax", axis=(1 if opset < 13 else -1)))
            current = prefix + "/Softmax:0"
        if extra_nodes and i == 0:
            nodes.append(helper.make_node("Identity", [current], ["identity_out"], name="Identity"))
            nodes.append(helper.make_node("Dropout", ["identity_out"], ["dropout_out"], name="dropout", **({"ratio": 0.5} if opset < 12 else {})))
            nodes.append(helper.make_node("Flatten", ["dropout_out"], ["flatten_out"], name="flatten", axis=1))
            current = "flatten_out"
    nodes.append(helper.make_node("Identity", [current], ["dense_out"], name="Identity_out"))
    inputs = [helper.make_tensor_value_info("input_1", TensorProto.FLOAT, ["unk__6", widths[0]])]
    if initializers_as_inputs:
        inputs += [helper.make_tensor_value_info(t.name, TensorProto.FLOAT, list(t.dims)) for t in inits]
    graph = helper.make_graph(nodes, "tf2onnx", inputs, [helper.make_tensor_value_info("dense_out", TensorProto.FLOAT, ["unk__7", widths[-1]])], inits)
    model = helper.make_model(graph, producer_name="tf2onnx", opset_imports=[helper.make_opsetid("", opset)])
    if ir_version is not None:
        model.ir_version = ir_version
    if opset <= 17:  # onnx 1.12's checker knows opsets up to 17; newer ones are written as the spec defines them
        onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name + ".onnx"))
    x = torch.randn(6, widths[0])
    h = x
    with torch.no_grad():
        for (kernel, bias), act in zip(params, activations):
            h = h @ torch.from_numpy(kernel) + torch.from_numpy(bias)
            h = torch.relu(h) if act == "Relu" else torch.softmax(h, dim=-1) if act == "Softmax" else h
    write_json(name, {"source": "onnx.helper, tf2onnx-style Keras Dense graph, opset %d" % opset, "inputWidth": widths[0],
                      "inputs": x.double().tolist(), "outputs": h.double().tolist()})


keras_fixture("keras_relu_softmax_op13", [4, 10, 3], ["Relu", "Softmax"], 13)
keras_fixture("keras_float_data_op9", [3, 6, 2], ["Relu", None], 9, float_data=True, extra_nodes=True, ir_version=4, initializers_as_inputs=True)
keras_fixture("keras_passthrough_op21", [5, 4, 4], ["Relu", "Softmax"], 21, extra_nodes=True, ir_version=10)


# Refused patterns: each must be a compile error naming the node and its op type.
def refused(name, nodes, inits, opset=13, inputs=None, output="y", out_width=2, in_width=3, in_type=TensorProto.FLOAT, external=False):
    inputs = inputs or [helper.make_tensor_value_info("x", in_type, ["N", in_width])]
    graph = helper.make_graph(nodes, name, inputs, [helper.make_tensor_value_info(output, in_type, ["N", out_width])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    if external:
        t = model.graph.initializer[0]
        t.ClearField("raw_data")
        t.data_location = TensorProto.EXTERNAL
        e = t.external_data.add()
        e.key, e.value = "location", "weights.bin"
    onnx.save(model, os.path.join(HERE, "refused_" + name + ".onnx"))


w32 = numpy_helper.from_array(np.ones((2, 3), np.float32), "W")
b32 = numpy_helper.from_array(np.zeros((2,), np.float32), "b")
cases = {
    "conv": ([helper.make_node("Gemm", ["x", "W", "b"], ["h"], name="fc", transB=1), helper.make_node("Conv", ["h", "W"], ["y"], name="conv1")], [w32, b32], {}, "conv1", "Conv"),
    "gemm_alpha": ([helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="fc_scaled", transB=1, alpha=2.0)], [w32, b32], {}, "fc_scaled", "Gemm"),
    "gemm_transA": ([helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="fc_tA", transA=1, transB=1)], [w32, b32], {}, "fc_tA", "Gemm"),
    "softmax_axis0": ([helper.make_node("Gemm", ["x", "W", "b"], ["h"], name="fc", transB=1), helper.make_node("Softmax", ["h"], ["y"], name="sm0", axis=0)], [w32, b32], {}, "sm0", "Softmax"),
    "int64_weight": ([helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="fc_int", transB=1)], [numpy_helper.from_array(np.ones((2, 3), np.int64), "W"), b32], {}, "fc_int", "Gemm"),
    "float16_weight": ([helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="fc_half", transB=1)], [numpy_helper.from_array(np.ones((2, 3), np.float16), "W"), b32], {}, "fc_half", "Gemm"),
    "external_data": ([helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="fc_ext", transB=1)], [w32, b32], {"external": True}, "fc_ext", "Gemm"),
    "residual": ([helper.make_node("Gemm", ["x", "W", "b"], ["h"], name="fc", transB=1),
                  helper.make_node("Gemm", ["h", "W2", "b"], ["h2"], name="fc2", transB=1),
                  helper.make_node("Add", ["h2", "h"], ["y"], name="skip")],
                 [w32, b32, numpy_helper.from_array(np.ones((2, 2), np.float32), "W2")], {}, "skip", "Add"),
    "activation_first": ([helper.make_node("Relu", ["x"], ["r"], name="relu_in"), helper.make_node("Gemm", ["r", "W", "b"], ["y"], name="fc", transB=1)], [w32, b32], {}, "relu_in", "Relu"),
    "custom_domain": ([helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="fc_ms", domain="com.microsoft", transB=1)], [w32, b32], {}, "fc_ms", "Gemm"),
    "weight_from_input": ([helper.make_node("MatMul", ["x", "x2"], ["y"], name="mm_inputs")], [],
                          {"inputs": [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3]), helper.make_tensor_value_info("x2", TensorProto.FLOAT, [3, 2])]}, None, None),
}
listing = {}
for name, (nodes, inits, extra, node, op) in cases.items():
    refused(name, nodes, inits, **extra)
    listing["refused_" + name + ".onnx"] = {"node": node, "opType": op}
with open(os.path.join(HERE, "refused.json"), "w") as f:
    json.dump(listing, f, indent=1, sort_keys=True)
# A regression model with a rectified output (added last, so that the fixtures above keep their random draws): the
# analyzers report NG1001 for it at the [ImportOnnx] argument, as for a declared network.
torch_fixture("torch_relu_output_op13", nn.Sequential(nn.Linear(2, 6), nn.Tanh(), nn.Linear(6, 1), nn.ReLU()), 2, 13, train=quick_train)
print("fixtures written to", HERE)
