/*
 * ctorch.h — a thin C boundary over libtorch (Debian's libtorch 1.13.1) for sagetrain's trainer.
 *
 * Conventions
 *   - Every fallible function returns an int status: CTORCH_OK (0) or one of the CTORCH_ERROR_* codes. On failure
 *     ctorch_last_error() returns a message for the calling thread. No C++ exception ever crosses this boundary.
 *   - Handles are opaque. Each *_create has a matching *_free; *_free accepts NULL. A handle may be used by one
 *     thread at a time.
 *   - Buffers passed in are read during the call only (they are wrapped with torch::from_blob, never retained);
 *     buffers passed out are written during the call only and must hold the stated capacity (in elements).
 *   - Images are uint8 pixels in NCHW order; the shim converts them to float and normalizes them per channel,
 *     x = (pixel / 255 - mean[c]) / std[c].
 */
#ifndef SAGETRAIN_CTORCH_H
#define SAGETRAIN_CTORCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. */
#define CTORCH_OK 0
#define CTORCH_ERROR_INVALID_ARGUMENT 1 /* a NULL handle, a bad size or shape rejected before libtorch runs */
#define CTORCH_ERROR_TORCH 2            /* libtorch raised an error (c10::Error), e.g. mismatched shapes */
#define CTORCH_ERROR_IO 3               /* a file could not be read or written, or its contents are not valid */
#define CTORCH_ERROR_DISTRIBUTED 4      /* the process group could not be formed or a collective failed */
#define CTORCH_ERROR_OUT_OF_MEMORY 5    /* std::bad_alloc */
#define CTORCH_ERROR_INTERNAL 6         /* any other exception */

/* Optimizers. */
#define CTORCH_OPTIMIZER_ADAM 0
#define CTORCH_OPTIMIZER_SGD 1

/* Reductions for ctorch_process_group_allreduce. */
#define CTORCH_REDUCE_SUM 0
#define CTORCH_REDUCE_MIN 1
#define CTORCH_REDUCE_MAX 2

/* The largest number of image channels the shim normalizes (grayscale 1, RGB 3). */
#define CTORCH_MAX_CHANNELS 4
/* The largest number of dimensions a parameter has (a convolution weight has 4). */
#define CTORCH_MAX_DIMS 4

/* A CNN (the classic MNIST network). */
typedef struct ctorch_model ctorch_model;
/* An optimizer bound to one model's parameters. */
typedef struct ctorch_optimizer ctorch_optimizer;
/* Images and labels held as tensors, for training steps and evaluation by index. */
typedef struct ctorch_dataset ctorch_dataset;
/* A c10d Gloo process group over a TCPStore, for data-parallel training. */
typedef struct ctorch_process_group ctorch_process_group;

/* The message of the calling thread's last failure ("" if none). Valid until the thread's next failing call. */
const char *ctorch_last_error(void);
/* The libtorch version the shim was built against, e.g. "1.13.0" (Debian's 1.13.1 reports 1.13.0). */
const char *ctorch_version(void);
/* Sets the number of intra-op threads (>= 1). */
int ctorch_set_num_threads(int32_t threads);
/* The number of intra-op threads. */
int32_t ctorch_get_num_threads(void);
/* Seeds libtorch's default CPU generator (weight initialization, dropout). */
int ctorch_manual_seed(uint64_t seed);

/*
 * The classic MNIST CNN: conv 3x3 (conv1_channels) -> relu -> conv 3x3 (conv2_channels) -> relu -> max-pool 2
 * -> dropout(dropout1) -> flatten -> linear (hidden_units) -> relu -> dropout(dropout2) -> linear (num_classes).
 * Parameter names follow PyTorch's example network: conv1.weight, conv1.bias, conv2.*, fc1.*, fc2.*.
 */
typedef struct ctorch_cnn_config {
    int32_t in_channels;    /* 1 (grayscale) .. CTORCH_MAX_CHANNELS */
    int32_t height;         /* input height, >= 6 */
    int32_t width;          /* input width, >= 6 */
    int32_t num_classes;    /* >= 2 */
    int32_t conv1_channels; /* 32 in the classic network */
    int32_t conv2_channels; /* 64 */
    int32_t hidden_units;   /* 128 */
    float dropout1;         /* 0.25, in [0, 1) */
    float dropout2;         /* 0.5, in [0, 1) */
} ctorch_cnn_config;

/* Fills in the classic network for 28x28 grayscale images and 10 classes. */
void ctorch_cnn_config_default(ctorch_cnn_config *config);
/* Creates a model with freshly initialized weights (seed first with ctorch_manual_seed for reproducibility). */
int ctorch_model_create(const ctorch_cnn_config *config, ctorch_model **out);
/* Frees a model. */
void ctorch_model_free(ctorch_model *model);

/* One parameter of a model. `name` points into the model and lives as long as it. */
typedef struct ctorch_parameter_info {
    const char *name;
    int32_t dims;
    int64_t shape[CTORCH_MAX_DIMS];
    int64_t elements;
} ctorch_parameter_info;

/* The number of parameter tensors and of scalar parameters in all of them. */
int ctorch_model_parameter_count(const ctorch_model *model, int64_t *tensors, int64_t *elements);
/* Describes parameter `index` (0 ..< tensors), in state-dict order. */
int ctorch_model_parameter_info(const ctorch_model *model, int64_t index, ctorch_parameter_info *out);
/* Copies all parameters, flattened in state-dict order, into `out` (capacity >= elements). */
int ctorch_model_copy_parameters(const ctorch_model *model, float *out, int64_t capacity);
/*
 * Evaluation-mode forward pass without gradients on float input of the given shape (NCHW, already normalized).
 * Writes the logits, batch x num_classes, to `logits` (capacity >= batch * num_classes). A shape the network
 * cannot take fails with CTORCH_ERROR_TORCH or CTORCH_ERROR_INVALID_ARGUMENT and a message naming the shapes.
 */
int ctorch_model_forward(
    ctorch_model *model, const float *input, const int64_t *shape, int32_t dims, float *logits, int64_t capacity);

/*
 * Mean cross-entropy of `logits` (batch x classes) against `labels`, and its gradient with respect to the logits
 * (computed by autograd; analytically (softmax - onehot) / batch). `gradient` may be NULL.
 */
int ctorch_cross_entropy(
    const float *logits, const int64_t *labels, int64_t batch, int64_t classes, double *loss, float *gradient);

/*
 * Copies `count` images (uint8, count x channels x height x width) and labels into a dataset, with the
 * per-channel normalization `mean[c]`, `std[c]` (channels entries each). Labels must lie in [0, num_classes).
 */
int ctorch_dataset_create(
    const uint8_t *pixels, const int64_t *labels, int64_t count, int32_t channels, int32_t height, int32_t width,
    const float *mean, const float *std, int32_t num_classes, ctorch_dataset **out);
/* Frees a dataset. */
void ctorch_dataset_free(ctorch_dataset *dataset);
/* The number of samples in a dataset. */
int64_t ctorch_dataset_count(const ctorch_dataset *dataset);

/* Optimizer settings. Adam uses lr, beta1, beta2, eps, weight_decay; SGD uses lr, momentum, nesterov, weight_decay. */
typedef struct ctorch_optimizer_config {
    int32_t kind; /* CTORCH_OPTIMIZER_ADAM or CTORCH_OPTIMIZER_SGD */
    double lr;
    double momentum;
    int32_t nesterov;
    double weight_decay;
    double beta1;
    double beta2;
    double eps;
} ctorch_optimizer_config;

/* Creates an optimizer over the model's parameters. The model must outlive the optimizer. */
int ctorch_optimizer_create(ctorch_model *model, const ctorch_optimizer_config *config, ctorch_optimizer **out);
/* Frees an optimizer. */
void ctorch_optimizer_free(ctorch_optimizer *optimizer);
/* Sets the learning rate of every parameter group (for schedules). */
int ctorch_optimizer_set_lr(ctorch_optimizer *optimizer, double lr);

/* Figures of a training step or an evaluation. */
typedef struct ctorch_step_stats {
    double loss;     /* a step: the mean loss of this rank's batch; an evaluation: the sum over its samples */
    int64_t correct; /* samples whose arg-max prediction equals the label */
    int64_t count;   /* samples seen */
} ctorch_step_stats;

/*
 * One training step on the samples `indices[0 ..< count]` of `dataset`: train mode, forward, cross-entropy,
 * backward, (with a process group: gradients averaged across ranks by bucketed all-reduce), optimizer step.
 * `group` may be NULL for single-process training.
 */
int ctorch_train_step(
    ctorch_model *model, ctorch_optimizer *optimizer, const ctorch_dataset *dataset, const int64_t *indices,
    int64_t count, ctorch_process_group *group, ctorch_step_stats *out);

/* Evaluation mode, no gradients: samples [start, start + count) of `dataset` in batches of `batch_size`. */
int ctorch_evaluate(
    ctorch_model *model, const ctorch_dataset *dataset, int64_t start, int64_t count, int64_t batch_size,
    ctorch_step_stats *out);

/* Saves the model's state dict with torch::pickle_save: Python's torch.load(path) returns {name: tensor}. */
int ctorch_model_save(const ctorch_model *model, const char *path);
/* Loads a state dict written by ctorch_model_save or Python's torch.save(model.state_dict()); shapes must match. */
int ctorch_model_load(ctorch_model *model, const char *path);
/* Saves a training checkpoint: the model, the optimizer's state and the default CPU generator's state. */
int ctorch_checkpoint_save(const ctorch_model *model, const ctorch_optimizer *optimizer, const char *path);
/* Restores a checkpoint written by ctorch_checkpoint_save into a model and optimizer of the same configuration. */
int ctorch_checkpoint_load(ctorch_model *model, ctorch_optimizer *optimizer, const char *path);

/*
 * Joins a Gloo process group of `world_size` ranks. Rank 0 serves the TCPStore on master_port; every rank connects
 * to master_addr:master_port. Blocks until all ranks have joined or `timeout_seconds` pass. Gradients are
 * all-reduced while backward runs, in buckets filled in reverse parameter order, as PyTorch's DDP does: the first
 * closes at 1 MiB, the others once they hold `bucket_bytes` (0: 25 MiB).
 */
int ctorch_process_group_create(
    const char *master_addr, int32_t master_port, int32_t rank, int32_t world_size, int32_t timeout_seconds,
    int64_t bucket_bytes, ctorch_process_group **out);
/* Leaves and frees a process group. */
void ctorch_process_group_free(ctorch_process_group *group);
/* This process's rank. */
int32_t ctorch_process_group_rank(const ctorch_process_group *group);
/* The number of ranks. */
int32_t ctorch_process_group_size(const ctorch_process_group *group);
/*
 * How the training steps average fc1's weight gradient: `enabled` (the default) all-gathers fc1's input and output
 * gradient and computes the averaged gradient from them (a quarter of the traffic for the MNIST network); 0
 * all-reduces it in the buckets with the other parameters. Every rank must choose the same.
 */
int ctorch_process_group_set_gathered_linear_gradient(ctorch_process_group *group, int32_t enabled);
/* Whether fc1's weight gradient is gathered from its factors (1) or all-reduced (0). */
int32_t ctorch_process_group_gathers_linear_gradient(const ctorch_process_group *group);
/* All-reduces `values[0 ..< count]` in place across ranks with CTORCH_REDUCE_SUM, _MIN or _MAX. */
int ctorch_process_group_allreduce(ctorch_process_group *group, double *values, int64_t count, int32_t op);
/* Overwrites every rank's model parameters with rank `root`'s, as DDP does at construction. */
int ctorch_process_group_broadcast_parameters(ctorch_process_group *group, ctorch_model *model, int32_t root);
/* Waits until every rank has reached the barrier. */
int ctorch_process_group_barrier(ctorch_process_group *group);

#ifdef __cplusplus
}
#endif

#endif
