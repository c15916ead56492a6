// The shim's internal C++ side: the model and the structs behind the opaque handles.
#ifndef SAGETRAIN_CTORCH_INTERNAL_HPP
#define SAGETRAIN_CTORCH_INTERNAL_HPP

#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ctorch.h"
#include "ctorch_guard.hpp"

namespace ctorch {

class GatheredLinearGradient;

/// The classic MNIST CNN, with the layer names of PyTorch's example network. The convolutions' weights are kept
/// channels-last (NHWC), which lets oneDNN skip its layout conversions.
struct ClassicCNNImpl : torch::nn::Module {
    explicit ClassicCNNImpl(const ctorch_cnn_config &config);
    /// The logits. In a distributed training step, `fc1_gradient` takes over fc1's weight gradient from autograd.
    torch::Tensor forward(torch::Tensor input, GatheredLinearGradient *fc1_gradient = nullptr);
    /// Puts the convolutions' weights back into channels-last after something replaced their storage.
    void use_channels_last();

    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
    double dropout1 = 0, dropout2 = 0;
};
TORCH_MODULE(ClassicCNN);

/// The model's parameters with their state-dict names, in a stable order.
std::vector<std::pair<std::string, torch::Tensor>> named_parameters(const ClassicCNN &module);

/// at::dropout's result, bit for bit and with the same draws from the default generator, in a fraction of its time
/// (dropout.cpp).
torch::Tensor dropout(const torch::Tensor &input, double p, bool training);

/// torch::optim::Adam with the element-wise update in one pass, bit for bit the same, on CPUs with AVX2 and FMA
/// (adam.cpp); anything else takes Adam's own step.
class FusedAdam : public torch::optim::Adam {
  public:
    FusedAdam(std::vector<torch::Tensor> parameters, torch::optim::AdamOptions options);
    torch::Tensor step(LossClosure closure = nullptr) override;
    /// Whether this CPU runs the fused update.
    static bool supported();
};

/// Averages the gradients of `parameters` across the group's ranks while backward runs, as PyTorch's DDP does:
/// gradient hooks fill buckets (reverse parameter order) and each full bucket's all-reduce starts at once, on
/// Gloo's threads, in the same order on every rank. Construct before backward, call finish() after it; the hooks
/// go with the object. Defined with the process group (distributed.cpp; c10d's headers stay out of the others).
class GradientAverager {
  public:
    GradientAverager(ctorch_process_group *group, std::vector<torch::Tensor> parameters);
    ~GradientAverager();
    GradientAverager(const GradientAverager &) = delete;
    GradientAverager &operator=(const GradientAverager &) = delete;
    /// Waits for every bucket and stores the averages as the parameters' gradients.
    void finish();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

/// A linear layer's weight gradient averaged across ranks from its factors instead of by all-reducing it: for
/// y = x W^T + b, dW = dy^T x, so the gradient averaged over the ranks is (1/n) [dy_1; ...; dy_n]^T [x_1; ...; x_n].
/// x (batch x in) starts its all-gather in forward and dy (batch x out) in backward, so fc1 (9216 -> 128) moves
/// 64 x 9,344 floats instead of 128 x 9,216 each way, overlapped with the rest of the step; every rank then runs
/// the one GEMM over all ranks' samples that world size 1 runs over its batch. All ranks must give forward the same
/// batch size (the distributed sampler's equal shares). Defined with the process group (linear_gradient.cpp).
class GatheredLinearGradient {
  public:
    explicit GatheredLinearGradient(ctorch_process_group *group);
    ~GatheredLinearGradient();
    GatheredLinearGradient(const GatheredLinearGradient &) = delete;
    GatheredLinearGradient &operator=(const GatheredLinearGradient &) = delete;
    /// x W^T + b, with W's gradient left to finish() (autograd sees W as a constant); starts gathering x.
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias);
    /// After backward: waits for the gathers and stores the averaged gradient as the weight's.
    void finish();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace ctorch

struct ctorch_model {
    ctorch_cnn_config config;
    ctorch::ClassicCNN module;
    std::vector<std::string> names; // state-dict names, kept for ctorch_parameter_info
};

struct ctorch_optimizer {
    ctorch_optimizer_config config;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
};

struct ctorch_dataset {
    torch::Tensor images; // uint8, N x C x H x W
    torch::Tensor labels; // int64, N
    torch::Tensor mean;   // float, 1 x C x 1 x 1
    torch::Tensor std;    // float, 1 x C x 1 x 1
};

#endif
