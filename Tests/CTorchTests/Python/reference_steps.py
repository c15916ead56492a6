"""PyTorch's own training steps for the shim's equivalence test (PythonReferenceTests.swift); run with /usr/bin/python3.

Reads a JSON spec (model configuration, seed, threads, optimizer, normalisation, the batches' indices) and the raw
data it names, trains the classic CNN with Python PyTorch's modules and operators on Debian's libtorch, and writes
every parameter (state-dict order, flattened, float32 little-endian) to the output file. The model is written the
way PyTorch users write it; the shim must produce the same bits:

    conv1 -> relu -> conv2 -> relu -> max_pool2d(2) -> dropout -> flatten -> fc1 -> relu -> dropout -> fc2

with the convolutions channels-last (model.to(memory_format=torch.channels_last)), and relu applied after the
max-pool, which computes the same function and gradient.

    /usr/bin/python3 reference_steps.py SPEC.json OUT.bin
"""

import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class ClassicCNN(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c["in_channels"], c["conv1_channels"], 3, 1)
        self.conv2 = nn.Conv2d(c["conv1_channels"], c["conv2_channels"], 3, 1)
        self.dropout1 = nn.Dropout(c["dropout1"])
        self.dropout2 = nn.Dropout(c["dropout2"])
        flattened = c["conv2_channels"] * ((c["height"] - 4) // 2) * ((c["width"] - 4) // 2)
        self.fc1 = nn.Linear(flattened, c["hidden_units"])
        self.fc2 = nn.Linear(c["hidden_units"], c["num_classes"])

    def forward(self, x):
        x = F.relu_(self.conv1(x.contiguous(memory_format=torch.channels_last)))
        x = F.relu(F.max_pool2d(self.conv2(x), 2)).contiguous()
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        return self.fc2(x)


def main(spec_path, out_path):
    with open(spec_path) as handle:
        spec = json.load(handle)
    c = spec["config"]
    torch.set_num_threads(spec["threads"])
    count = spec["count"]
    pixels = np.fromfile(spec["pixels"], dtype=np.uint8).reshape(count, c["in_channels"], c["height"], c["width"])
    labels = torch.from_numpy(np.fromfile(spec["labels"], dtype=np.int64))
    images = torch.from_numpy(pixels.copy())
    mean = torch.tensor(spec["mean"], dtype=torch.float32).view(1, -1, 1, 1)
    std = torch.tensor(spec["std"], dtype=torch.float32).view(1, -1, 1, 1)

    torch.manual_seed(spec["seed"])
    model = ClassicCNN(c).to(memory_format=torch.channels_last)
    if spec["optimizer"] == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=spec["lr"], weight_decay=spec["weight_decay"])
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=spec["lr"], momentum=spec["momentum"],
                                    weight_decay=spec["weight_decay"])
    model.train()
    for batch in spec["batches"]:
        index = torch.tensor(batch, dtype=torch.int64)
        x = images.index_select(0, index).to(torch.float32)
        x.div_(255.0).sub_(mean).div_(std)
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), labels.index_select(0, index)).backward()
        optimizer.step()
    flat = torch.cat([p.detach().contiguous().view(-1) for p in model.parameters()])
    flat.numpy().astype("<f4").tofile(out_path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
