"""Shared pieces of the trainer benchmark's Python runners (run with /usr/bin/python3: Debian's python3-torch).

The model, the data loading and the sample order match the Swift trainer (Sources/Trainer, Sources/CTorch):
- the classic CNN of Sources/CTorch/model.cpp, modules created in the same order (conv1, conv2, fc1, fc2) right
  after seeding the global generator, so PyTorch's default initialisation draws the same initial weights;
- normalisation (pixel / 255 - 0.1307) / 0.3081 (Normalization.mnist in Sources/Trainer/Data/ImageSet.swift,
  the trainer's default for MNIST-format data, Fashion-MNIST included);
- the epoch's sample order from Sources/Trainer/Training/DistributedSampler.swift (SplitMix64 Fisher-Yates seeded
  with seed + epoch * 0x9E3779B97F4A7C15), so both sides train on the same batches in the same order;
- evaluation in batches of 1000 (the trainer's test_batch_size default), in eval mode, without gradients.
"""

import ctypes
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN = 0.1307
STD = 0.3081
MASK64 = (1 << 64) - 1


class ClassicCNN(nn.Module):
    """conv3x3 32 -> relu -> conv3x3 64 -> relu -> maxpool2 -> dropout .25 -> fc 128 -> relu -> dropout .5 -> fc."""

    def __init__(self, channels=1, height=28, width=28, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(64 * ((height - 4) // 2) * ((width - 4) // 2), 128)
        self.fc2 = nn.Linear(128, classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        return self.fc2(x)


class TrainerCNN(ClassicCNN):
    """ClassicCNN as the trainer's shim runs it (Sources/CTorch/model.cpp): the same function, in the same layout and
    operator order. The convolutions run channels-last (call .to(memory_format=torch.channels_last) on the model);
    the second relu follows the max-pool (max(relu(x)) == relu(max(x)), gradient included); the pooled activations
    return to the standard layout before dropout1. Dropout draws the same numbers as the shim's (which reproduces
    at::dropout bit for bit), so both sides train identically."""

    def forward(self, x):
        x = F.relu_(self.conv1(x.contiguous(memory_format=torch.channels_last)))
        x = F.relu(F.max_pool2d(self.conv2(x), 2)).contiguous()
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        return self.fc2(x)


def use_one_blas_thread():
    """The trainer's BLAS setting (Sources/Trainer/Torch/BLASThreads.swift): OpenBLAS on the calling thread only,
    unless OPENBLAS_NUM_THREADS is set. Returns OpenBLAS's thread count, or None when the BLAS is not OpenBLAS."""
    try:
        blas = ctypes.CDLL("libblas.so.3")
        if "OPENBLAS_NUM_THREADS" not in os.environ:
            blas.openblas_set_num_threads(1)
        return blas.openblas_get_num_threads()
    except (OSError, AttributeError):
        return None


def read_idx(path):
    """An IDX file (optionally gzip'd) as a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as handle:
        data = handle.read()
    zero, kind, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or kind != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, split, kind):
    for name in (f"{split}-{kind}-idx{3 if kind == 'images' else 1}-ubyte.gz",
                 f"{split}-{kind}-idx{3 if kind == 'images' else 1}-ubyte"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"no {split} {kind} IDX file in {directory}")


def load_split(directory, split, limit=None):
    """uint8 images (N, 28, 28) and int64 labels (N,) of `split` ('train' or 't10k'), the first `limit` only."""
    images = read_idx(find(directory, split, "images"))
    labels = read_idx(find(directory, split, "labels")).astype(np.int64)
    if limit:
        images, labels = images[:limit], labels[:limit]
    return images, labels


def normalised(images):
    """uint8 (N, H, W) -> float32 (N, 1, H, W), normalised exactly as the trainer's shim does."""
    x = torch.from_numpy(np.array(images, copy=True)).unsqueeze(1).to(torch.float32)
    return x.div_(255.0).sub_(MEAN).div_(STD)


def splitmix_order(count, seed, epoch):
    """The trainer's epoch order (DistributedSampler with world size 1, shuffle on)."""
    state = (seed + (epoch * 0x9E3779B97F4A7C15)) & MASK64
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        z ^= z >> 31
        j = (z * (i + 1)) >> 64
        order[i], order[j] = order[j], order[i]
    return order


def evaluate(model, images, labels, batch_size=1000):
    """(accuracy, mean loss) on normalised float images."""
    model.eval()
    correct, loss = 0, 0.0
    with torch.no_grad():
        for start in range(0, len(labels), batch_size):
            x, y = images[start : start + batch_size], labels[start : start + batch_size]
            logits = model(x)
            loss += F.cross_entropy(logits, y, reduction="sum").item()
            correct += int(logits.argmax(1).eq(y).sum().item())
    return correct / len(labels), loss / len(labels)


def emit(result, path=None):
    """Prints `result` as one JSON line, and writes it to `path` when given."""
    if path:
        with open(path, "w") as handle:
            json.dump(result, handle, indent=1)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
