"""The original FastAPI project's style of trainer: a map-style Dataset yielding one sample at a time through a
torchvision-style per-sample transform (ToTensor then Normalize), batched by DataLoader(batch_size=64, shuffle=True,
num_workers=0). Same model, optimizer, threads, seed, normalisation and test set as the trainer. Run with
/usr/bin/python3 (Debian python3-torch).

torchvision is not installed here (Debian's python3-torchvision pulls in ~57 packages, FFmpeg among them), so
ToTensor and Normalize are written out as torchvision 0.14 does them for an ndarray image; torchvision's MNIST
dataset also wraps each image in a PIL Image first, which is left out (that only makes this baseline faster).
When torchvision is importable it is used instead (--transforms auto). Prints one JSON object like
pytorch_same_library.py.

    /usr/bin/python3 seed_style.py --data DIR [--samples 10000] [--epochs 1] [--batch-size 64] [--threads 2]
"""

import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

import common


class ToTensor:
    """torchvision.transforms.ToTensor for an (H, W) or (H, W, C) uint8 ndarray: CHW float in [0, 1]."""

    def __call__(self, pic):
        if pic.ndim == 2:
            pic = pic[:, :, None]
        img = torch.from_numpy(pic.transpose((2, 0, 1))).contiguous()
        if isinstance(img, torch.ByteTensor):
            return img.to(dtype=torch.get_default_dtype()).div(255)
        return img


class Normalize:
    """torchvision.transforms.Normalize: (tensor - mean) / std per channel, a new tensor each call."""

    def __init__(self, mean, std):
        self.mean, self.std = mean, std

    def __call__(self, tensor):
        tensor = tensor.clone()
        mean = torch.as_tensor(self.mean, dtype=tensor.dtype, device=tensor.device)
        std = torch.as_tensor(self.std, dtype=tensor.dtype, device=tensor.device)
        if mean.ndim == 1:
            mean = mean.view(-1, 1, 1)
        if std.ndim == 1:
            std = std.view(-1, 1, 1)
        return tensor.sub_(mean).div_(std)


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for transform in self.transforms:
            img = transform(img)
        return img


class IDXDataset(Dataset):
    """One (image, label) per __getitem__, the transform applied per sample, like torchvision.datasets.MNIST."""

    def __init__(self, images, labels, transform):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        img, target = self.images[index], int(self.labels[index])
        return self.transform(img), target


def transforms(kind):
    if kind in ("auto", "torchvision"):
        try:
            from torchvision import transforms as tv  # noqa: PLC0415

            class FromArray:  # torchvision's MNIST hands the transform a PIL image
                def __call__(self, img):
                    from PIL import Image  # noqa: PLC0415

                    return Image.fromarray(img, mode="L")

            return "torchvision", tv.Compose([FromArray(), tv.ToTensor(), tv.Normalize((common.MEAN,), (common.STD,))])
        except ImportError:
            if kind == "torchvision":
                raise
    return "hand-written", Compose([ToTensor(), Normalize((common.MEAN,), (common.STD,))])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--samples", type=int, default=10000, help="train on the first N samples (0: all)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--test-batch-size", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--out", help="also write the JSON result to this file")
    parser.add_argument("--transforms", choices=["auto", "hand-written", "torchvision"], default="hand-written")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    kind, transform = transforms(args.transforms)
    train_images, train_labels = common.load_split(args.data, "train", args.samples or None)
    test_images, test_labels = common.load_split(args.data, "t10k")
    train_set = IDXDataset(np.array(train_images), train_labels, transform)
    test_set = IDXDataset(np.array(test_images), test_labels, transform)

    torch.manual_seed(args.seed)
    model = common.ClassicCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=0)
    test_loader = DataLoader(test_set, batch_size=args.test_batch_size, shuffle=False, num_workers=0)

    epochs = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        loss_sum, correct, seen = 0.0, 0, 0
        start = time.perf_counter()
        for x, y in train_loader:
            optimizer.zero_grad()
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(y)
            correct += int(logits.detach().argmax(1).eq(y).sum().item())
            seen += len(y)
        seconds = time.perf_counter() - start
        model.eval()
        test_correct, test_loss, test_seen = 0, 0.0, 0
        with torch.no_grad():
            for x, y in test_loader:
                logits = model(x)
                test_loss += F.cross_entropy(logits, y, reduction="sum").item()
                test_correct += int(logits.argmax(1).eq(y).sum().item())
                test_seen += len(y)
        epochs.append({
            "epoch": epoch, "train_loss": loss_sum / seen, "train_accuracy": correct / seen,
            "test_accuracy": test_correct / test_seen, "test_loss": test_loss / test_seen,
            "samples_per_second": seen / seconds, "seconds": seconds,
        })
    total = sum(e["seconds"] for e in epochs)
    common.emit({
        "runner": "seed_style", "transforms": kind, "torch": torch.__version__, "threads": torch.get_num_threads(),
        "train_samples": len(train_set), "test_samples": len(test_set), "batch_size": args.batch_size,
        "samples_per_second": sum(e["samples_per_second"] * e["seconds"] for e in epochs) / total,
        "epoch_seconds": total / len(epochs), "test_accuracy": epochs[-1]["test_accuracy"],
        "test_loss": epochs[-1]["test_loss"], "epochs": epochs,
    }, args.out)


if __name__ == "__main__":
    main()
