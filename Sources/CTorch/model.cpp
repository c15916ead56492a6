// The classic MNIST CNN and the model handle: creation, parameters, forward pass, loss.
#include <cstring>

#include "ctorch_internal.hpp"

namespace F = torch::nn::functional;

namespace ctorch {

ClassicCNNImpl::ClassicCNNImpl(const ctorch_cnn_config &c) {
    using namespace torch::nn;
    conv1 = register_module("conv1", Conv2d(Conv2dOptions(c.in_channels, c.conv1_channels, 3).stride(1)));
    conv2 = register_module("conv2", Conv2d(Conv2dOptions(c.conv1_channels, c.conv2_channels, 3).stride(1)));
    dropout1 = c.dropout1;
    dropout2 = c.dropout2;
    // Two unpadded 3x3 convolutions take 4 pixels off each side length; the 2x2 max-pool halves it (rounding down).
    const int64_t flattened = int64_t{c.conv2_channels} * ((c.height - 4) / 2) * ((c.width - 4) / 2);
    fc1 = register_module("fc1", Linear(flattened, c.hidden_units));
    fc2 = register_module("fc2", Linear(c.hidden_units, c.num_classes));
    use_channels_last();
}

void ClassicCNNImpl::use_channels_last() {
    torch::NoGradGuard no_grad;
    // Strides, not contiguity, decide: a one-channel weight is contiguous in both formats, but libtorch takes the
    // channels-last path only for channels-last strides (as PyTorch's module.to(memory_format=...) sets them).
    for (auto *conv : {&conv1, &conv2}) {
        auto &weight = (*conv)->weight;
        if (weight.suggest_memory_format() != torch::MemoryFormat::ChannelsLast) {
            weight.set_data(torch::empty_like(weight, torch::MemoryFormat::ChannelsLast).copy_(weight));
        }
    }
}

// conv1 -> relu -> conv2 -> relu -> max-pool 2 -> dropout -> fc1 -> relu -> dropout -> fc2, as PyTorch's example
// network computes it. The convolutions run channels-last. The second relu comes after the max-pool: relu is
// monotonic, so max(relu(x)) == relu(max(x)) in value and gradient (the gradient goes to the window's first maximum
// when it is positive, nowhere otherwise), on a quarter of the elements. The pooled activations return to the
// standard layout before the dropout, whose draws follow the elements' logical order, and the flatten, whose order
// fc1's weights depend on. Dropout is dropout.cpp's: at::dropout's exact numbers, faster. In a distributed step
// fc1's weight gradient is gathered from the ranks' factors (GatheredLinearGradient) rather than all-reduced.
torch::Tensor ClassicCNNImpl::forward(torch::Tensor x, GatheredLinearGradient *fc1_gradient) {
    if (x.dim() == 4) x = x.contiguous(torch::MemoryFormat::ChannelsLast); // other ranks: conv2d's own error
    x = conv1(x).relu_();
    x = torch::relu(F::max_pool2d(conv2(x), F::MaxPool2dFuncOptions(2))).contiguous();
    x = ctorch::dropout(x, dropout1, is_training());
    x = torch::flatten(x, 1);
    x = torch::relu(fc1_gradient != nullptr && is_training() ? fc1_gradient->forward(x, fc1->weight, fc1->bias)
                                                             : fc1(x));
    x = ctorch::dropout(x, dropout2, is_training());
    return fc2(x);
}

std::vector<std::pair<std::string, torch::Tensor>> named_parameters(const ClassicCNN &module) {
    std::vector<std::pair<std::string, torch::Tensor>> result;
    for (const auto &item : module->named_parameters(/*recurse=*/true)) result.emplace_back(item.key(), item.value());
    return result;
}

} // namespace ctorch

namespace {

void validate(const ctorch_cnn_config &c) {
    using ctorch::require;
    require(c.in_channels >= 1 && c.in_channels <= CTORCH_MAX_CHANNELS, "in_channels must be between 1 and 4");
    require(c.height >= 6 && c.width >= 6, "the image height and width must be at least 6 pixels");
    require(c.height <= 4096 && c.width <= 4096, "the image height and width must be at most 4096 pixels");
    require(c.num_classes >= 2, "num_classes must be at least 2");
    require(c.conv1_channels >= 1 && c.conv2_channels >= 1 && c.hidden_units >= 1, "layer sizes must be positive");
    require(c.dropout1 >= 0 && c.dropout1 < 1 && c.dropout2 >= 0 && c.dropout2 < 1, "dropout must be in [0, 1)");
}

} // namespace

extern "C" void ctorch_cnn_config_default(ctorch_cnn_config *config) {
    if (config == nullptr) return;
    *config = ctorch_cnn_config{1, 28, 28, 10, 32, 64, 128, 0.25f, 0.5f};
}

extern "C" int ctorch_model_create(const ctorch_cnn_config *config, ctorch_model **out) {
    return ctorch::guarded([&] {
        ctorch::require(config != nullptr && out != nullptr, "config and out must not be NULL");
        validate(*config);
        auto model = std::make_unique<ctorch_model>(ctorch_model{*config, ctorch::ClassicCNN(*config), {}});
        for (const auto &[name, tensor] : ctorch::named_parameters(model->module)) model->names.push_back(name);
        *out = model.release();
    });
}

extern "C" void ctorch_model_free(ctorch_model *model) { delete model; }

extern "C" int ctorch_model_parameter_count(const ctorch_model *model, int64_t *tensors, int64_t *elements) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr, "model must not be NULL");
        const auto parameters = ctorch::named_parameters(model->module);
        int64_t total = 0;
        for (const auto &item : parameters) total += item.second.numel();
        if (tensors != nullptr) *tensors = static_cast<int64_t>(parameters.size());
        if (elements != nullptr) *elements = total;
    });
}

extern "C" int ctorch_model_parameter_info(const ctorch_model *model, int64_t index, ctorch_parameter_info *out) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr && out != nullptr, "model and out must not be NULL");
        const auto parameters = ctorch::named_parameters(model->module);
        ctorch::require(index >= 0 && index < static_cast<int64_t>(parameters.size()), "parameter index out of range");
        const auto &tensor = parameters[static_cast<size_t>(index)].second;
        ctorch_parameter_info info{};
        info.name = model->names[static_cast<size_t>(index)].c_str();
        info.dims = static_cast<int32_t>(tensor.dim());
        ctorch::require(info.dims <= CTORCH_MAX_DIMS, "parameter has too many dimensions");
        for (int32_t d = 0; d < info.dims; ++d) info.shape[d] = tensor.size(d);
        info.elements = tensor.numel();
        *out = info;
    });
}

extern "C" int ctorch_model_copy_parameters(const ctorch_model *model, float *out, int64_t capacity) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr && out != nullptr, "model and out must not be NULL");
        torch::NoGradGuard no_grad;
        int64_t offset = 0;
        for (const auto &[name, tensor] : ctorch::named_parameters(model->module)) {
            const auto flat = tensor.detach().contiguous().to(torch::kFloat32).view({-1});
            ctorch::require(offset + flat.numel() <= capacity, "the output buffer is too small for the parameters");
            std::memcpy(out + offset, flat.data_ptr<float>(), sizeof(float) * static_cast<size_t>(flat.numel()));
            offset += flat.numel();
        }
    });
}

extern "C" int ctorch_model_forward(
    ctorch_model *model, const float *input, const int64_t *shape, int32_t dims, float *logits, int64_t capacity) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr && input != nullptr && shape != nullptr && logits != nullptr,
                        "model, input, shape and logits must not be NULL");
        ctorch::require(dims >= 1 && dims <= 8, "the input must have between 1 and 8 dimensions");
        std::vector<int64_t> sizes(shape, shape + dims);
        for (auto size : sizes) ctorch::require(size > 0, "every input dimension must be positive");
        torch::NoGradGuard no_grad;
        model->module->eval();
        const auto x = torch::from_blob(const_cast<float *>(input), sizes, torch::kFloat32);
        const auto output = model->module->forward(x).contiguous();
        ctorch::require(output.numel() <= capacity, "the logits buffer is too small for the output");
        std::memcpy(logits, output.data_ptr<float>(), sizeof(float) * static_cast<size_t>(output.numel()));
    });
}

extern "C" int ctorch_cross_entropy(
    const float *logits, const int64_t *labels, int64_t batch, int64_t classes, double *loss, float *gradient) {
    return ctorch::guarded([&] {
        ctorch::require(logits != nullptr && labels != nullptr && loss != nullptr,
                        "logits, labels and loss must not be NULL");
        ctorch::require(batch >= 1 && classes >= 1, "batch and classes must be positive");
        auto input = torch::from_blob(const_cast<float *>(logits), {batch, classes}, torch::kFloat32)
                         .clone()
                         .requires_grad_(true);
        const auto targets = torch::from_blob(const_cast<int64_t *>(labels), {batch}, torch::kInt64);
        const auto value = F::cross_entropy(input, targets);
        *loss = value.item<double>();
        if (gradient == nullptr) return;
        value.backward();
        const auto grad = input.grad().contiguous();
        std::memcpy(gradient, grad.data_ptr<float>(), sizeof(float) * static_cast<size_t>(grad.numel()));
    });
}
