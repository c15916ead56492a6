#!/usr/bin/python3
"""Loads the trainer's model/model.pt into a PyTorch network rebuilt from model/model.json and evaluates it.

Usage: evaluate_model.py MODEL_DIR IMAGES_IDX LABELS_IDX [LIMIT]
Prints one JSON object: {"correct": N, "count": M, "accuracy": N / M, "keys": [...]}.
Needs Debian's python3-torch (run with /usr/bin/python3).
"""
import gzip
import json
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    """The classic MNIST CNN, sized from model.json's "network"."""

    def __init__(self, n):
        super().__init__()
        self.conv1 = nn.Conv2d(n["input_channels"], n["conv1_channels"], 3, 1)
        self.conv2 = nn.Conv2d(n["conv1_channels"], n["conv2_channels"], 3, 1)
        self.dropout1 = nn.Dropout(n["dropout1"])
        self.dropout2 = nn.Dropout(n["dropout2"])
        flattened = n["conv2_channels"] * ((n["height"] - 4) // 2) * ((n["width"] - 4) // 2)
        self.fc1 = nn.Linear(flattened, n["hidden_units"])
        self.fc2 = nn.Linear(n["hidden_units"], n["classes"])

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        return self.fc2(x)


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def main():
    model_dir, images_path, labels_path = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    with open(model_dir + "/model.json") as f:
        description = json.load(f)
    state = torch.load(model_dir + "/" + description["state_dict"])
    net = Net(description["network"])
    net.load_state_dict(state)
    net.eval()
    images, labels = read_idx(images_path)[:limit], read_idx(labels_path)[:limit].long()
    spec = description["input"]
    mean = torch.tensor(spec["normalization"]["mean"]).view(1, -1, 1, 1)
    std = torch.tensor(spec["normalization"]["std"]).view(1, -1, 1, 1)
    x = images.view(-1, spec["channels"], spec["height"], spec["width"]).float() / spec["pixel_scale"]
    x = (x - mean) / std
    with torch.no_grad():
        correct = sum(int(net(x[i:i + 1000]).argmax(1).eq(labels[i:i + 1000]).sum()) for i in range(0, len(x), 1000))
    print(json.dumps({"correct": correct, "count": len(x), "accuracy": correct / len(x), "keys": list(state.keys())}))


if __name__ == "__main__":
    main()
