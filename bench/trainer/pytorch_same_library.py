"""The trainer's configuration in Python PyTorch on the same libtorch (Debian python3-torch): run with /usr/bin/python3.

The whole training set is one normalised float tensor; each step index_selects its batch (the trainer's sample order,
see common.py), then forward, cross-entropy, backward, Adam step, and the loss and correct count read back as the
trainer reads them. The model is common.TrainerCNN (the shim's layout and operator order), gradients are dropped
rather than zeroed between steps, and OpenBLAS runs on one thread, as in the trainer. Prints one JSON object: samples_per_second, epoch_seconds (training loop only, evaluation
excluded, as the trainer's epoch_seconds), test_accuracy and the per-epoch figures.

    /usr/bin/python3 pytorch_same_library.py --data DIR [--samples 10000] [--epochs 1] [--batch-size 64]
        [--threads 2] [--seed 1] [--lr 0.001]
"""

import argparse
import time

import torch
import torch.nn.functional as F

import common


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="directory holding the four (Fashion-)MNIST IDX .gz files")
    parser.add_argument("--samples", type=int, default=10000, help="train on the first N samples (0: all)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--out", help="also write the JSON result to this file")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    blas_threads = common.use_one_blas_thread()
    train_images, train_labels = common.load_split(args.data, "train", args.samples or None)
    test_images, test_labels = common.load_split(args.data, "t10k")
    train_x, train_y = common.normalised(train_images), torch.from_numpy(train_labels.copy())
    test_x, test_y = common.normalised(test_images), torch.from_numpy(test_labels.copy())

    torch.manual_seed(args.seed)
    model = common.TrainerCNN().to(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)

    epochs = []
    count = len(train_y)
    for epoch in range(1, args.epochs + 1):
        order = torch.tensor(common.splitmix_order(count, args.seed, epoch), dtype=torch.int64)
        model.train()
        loss_sum, correct, seen = 0.0, 0, 0
        start = time.perf_counter()
        for offset in range(0, count, args.batch_size):
            index = order[offset : offset + args.batch_size]
            x, y = train_x.index_select(0, index), train_y.index_select(0, index)
            optimizer.zero_grad(set_to_none=True)
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(index)
            correct += int(logits.detach().argmax(1).eq(y).sum().item())
            seen += len(index)
        seconds = time.perf_counter() - start
        accuracy, test_loss = common.evaluate(model, test_x, test_y)
        epochs.append({
            "epoch": epoch, "train_loss": loss_sum / seen, "train_accuracy": correct / seen,
            "test_accuracy": accuracy, "test_loss": test_loss, "samples_per_second": seen / seconds,
            "seconds": seconds,
        })
    total = sum(e["seconds"] for e in epochs)
    common.emit({
        "runner": "pytorch_same_library", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "blas_threads": blas_threads,
        "train_samples": count, "test_samples": len(test_y), "batch_size": args.batch_size,
        "samples_per_second": sum(e["samples_per_second"] * e["seconds"] for e in epochs) / total,
        "epoch_seconds": total / len(epochs), "test_accuracy": epochs[-1]["test_accuracy"],
        "test_loss": epochs[-1]["test_loss"], "epochs": epochs,
    }, args.out)


if __name__ == "__main__":
    main()
