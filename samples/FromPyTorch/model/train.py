#!/usr/bin/env python3
"""Trains the FromPyTorch sample's classifier in PyTorch and exports it to ONNX for NetGen's [ImportOnnx].

Needs PyTorch and onnx (Debian: apt-get install -y python3-torch python3-onnx libopenblas0-pthread). The outputs are
committed, so building the sample never needs Python: spiral.onnx (the model), test.csv (held-out points with their
true class and PyTorch's own probabilities and predicted class).

The task: three interleaved spiral arms in the plane, a classic that a linear model cannot separate. The network is
an nn.Sequential of nn.Linear and nn.ReLU trained with nn.CrossEntropyLoss, so, as usual in PyTorch, it outputs
logits: the softmax lives in the loss, not in the model. NetGen appends it with OutputActivation = Activation.Softmax.
"""
import math
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(7)


def spirals(n_per_class, noise):
    xs, ys = [], []
    for c in range(3):
        t = torch.linspace(0.05, 1.0, n_per_class)
        angle = t * 4.0 + c * 2.0 * math.pi / 3.0 + torch.randn(n_per_class) * noise
        xs.append(torch.stack([t * torch.cos(angle), t * torch.sin(angle)], dim=1))
        ys.append(torch.full((n_per_class,), c, dtype=torch.long))
    return torch.cat(xs), torch.cat(ys)


x_train, y_train = spirals(300, 0.3)
x_test, y_test = spirals(80, 0.3)

model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 3))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(600):
    optimizer.zero_grad()
    loss = loss_fn(model(x_train), y_train)
    loss.backward()
    optimizer.step()

model.eval()
with torch.no_grad():
    probabilities = torch.softmax(model(x_test), dim=1)
predicted = probabilities.argmax(dim=1)
print("train loss %.4f, test accuracy %.3f" % (loss.item(), (predicted == y_test).float().mean().item()))

torch.onnx.export(model, x_test[:1], os.path.join(HERE, "spiral.onnx"), opset_version=17,
                  input_names=["point"], output_names=["logits"], dynamic_axes={"point": {0: "batch"}, "logits": {0: "batch"}})

with open(os.path.join(HERE, "test.csv"), "w") as f:
    f.write("x,y,label,torch_class,torch_p0,torch_p1,torch_p2\n")
    for point, label, cls, p in zip(x_test.tolist(), y_test.tolist(), predicted.tolist(), probabilities.tolist()):
        f.write("%r,%r,%d,%d,%r,%r,%r\n" % (point[0], point[1], label, cls, p[0], p[1], p[2]))
