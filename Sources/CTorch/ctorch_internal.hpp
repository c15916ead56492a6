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

/// The classic MNIST CNN, with the layer names of PyTorch's example network.
struct ClassicCNNImpl : torch::nn::Module {
    explicit ClassicCNNImpl(const ctorch_cnn_config &config);
    torch::Tensor forward(torch::Tensor input);

    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
    torch::nn::Dropout dropout1{nullptr}, dropout2{nullptr};
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(ClassicCNN);

/// The model's parameters with their state-dict names, in a stable order.
std::vector<std::pair<std::string, torch::Tensor>> named_parameters(const ClassicCNN &module);

/// Averages the gradients of `parameters` across the group's ranks (bucketed all-reduce). Defined with the
/// process group so only one translation unit includes c10d.
void average_gradients(ctorch_process_group *group, const std::vector<torch::Tensor> &parameters);

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
