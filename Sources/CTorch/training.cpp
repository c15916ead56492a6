// Datasets, optimizers, the training step and evaluation: the hot loop stays on this side of the boundary.
#include <algorithm>
#include <optional>

#include "ctorch_internal.hpp"

namespace F = torch::nn::functional;

namespace {

/// The normalized float images and the labels of `indices`.
std::pair<torch::Tensor, torch::Tensor> gather(const ctorch_dataset &dataset, const torch::Tensor &indices) {
    auto images = dataset.images.index_select(0, indices).to(torch::kFloat32);
    images.div_(255.0).sub_(dataset.mean).div_(dataset.std);
    return {images, dataset.labels.index_select(0, indices)};
}

/// Samples whose arg-max prediction equals the label.
int64_t correct_predictions(const torch::Tensor &logits, const torch::Tensor &labels) {
    return logits.argmax(1).eq(labels).sum().item<int64_t>();
}

std::vector<torch::Tensor> parameters(const ctorch_model &model) { return model.module->parameters(); }

} // namespace

extern "C" int ctorch_dataset_create(
    const uint8_t *pixels, const int64_t *labels, int64_t count, int32_t channels, int32_t height, int32_t width,
    const float *mean, const float *std, int32_t num_classes, ctorch_dataset **out) {
    return ctorch::guarded([&] {
        using ctorch::require;
        require(pixels != nullptr && labels != nullptr && mean != nullptr && std != nullptr && out != nullptr,
                "pixels, labels, mean, std and out must not be NULL");
        require(count >= 1, "a dataset needs at least one sample");
        require(channels >= 1 && channels <= CTORCH_MAX_CHANNELS, "channels must be between 1 and 4");
        require(height >= 1 && width >= 1, "height and width must be positive");
        require(num_classes >= 1, "num_classes must be positive");
        for (int32_t c = 0; c < channels; ++c) require(std[c] > 0, "every channel's std must be positive");
        auto dataset = std::make_unique<ctorch_dataset>();
        dataset->images =
            torch::from_blob(const_cast<uint8_t *>(pixels), {count, channels, height, width}, torch::kUInt8).clone();
        dataset->labels = torch::from_blob(const_cast<int64_t *>(labels), {count}, torch::kInt64).clone();
        const auto low = dataset->labels.min().item<int64_t>(), high = dataset->labels.max().item<int64_t>();
        if (low < 0 || high >= num_classes) {
            throw ctorch::InvalidArgument("label " + std::to_string(low < 0 ? low : high) + " is outside [0, " +
                                          std::to_string(num_classes) + ")");
        }
        dataset->mean = torch::from_blob(const_cast<float *>(mean), {1, channels, 1, 1}, torch::kFloat32).clone();
        dataset->std = torch::from_blob(const_cast<float *>(std), {1, channels, 1, 1}, torch::kFloat32).clone();
        *out = dataset.release();
    });
}

extern "C" void ctorch_dataset_free(ctorch_dataset *dataset) { delete dataset; }

extern "C" int64_t ctorch_dataset_count(const ctorch_dataset *dataset) {
    return dataset == nullptr ? 0 : dataset->labels.size(0);
}

extern "C" int ctorch_optimizer_create(ctorch_model *model, const ctorch_optimizer_config *config,
                                       ctorch_optimizer **out) {
    return ctorch::guarded([&] {
        using ctorch::require;
        require(model != nullptr && config != nullptr && out != nullptr, "model, config and out must not be NULL");
        const auto &c = *config;
        require(c.lr > 0, "the learning rate must be positive");
        require(c.weight_decay >= 0, "weight_decay must not be negative");
        auto optimizer = std::make_unique<ctorch_optimizer>();
        optimizer->config = c;
        switch (c.kind) {
        case CTORCH_OPTIMIZER_ADAM:
            require(c.beta1 >= 0 && c.beta1 < 1 && c.beta2 >= 0 && c.beta2 < 1, "Adam's betas must be in [0, 1)");
            require(c.eps > 0, "Adam's eps must be positive");
            optimizer->optimizer = std::make_unique<ctorch::FusedAdam>(
                parameters(*model),
                torch::optim::AdamOptions(c.lr).betas({c.beta1, c.beta2}).eps(c.eps).weight_decay(c.weight_decay));
            break;
        case CTORCH_OPTIMIZER_SGD:
            require(c.momentum >= 0, "momentum must not be negative");
            require(!c.nesterov || c.momentum > 0, "Nesterov momentum needs a positive momentum");
            optimizer->optimizer = std::make_unique<torch::optim::SGD>(
                parameters(*model), torch::optim::SGDOptions(c.lr)
                                        .momentum(c.momentum)
                                        .nesterov(c.nesterov != 0)
                                        .weight_decay(c.weight_decay));
            break;
        default:
            throw ctorch::InvalidArgument("unknown optimizer kind " + std::to_string(c.kind));
        }
        *out = optimizer.release();
    });
}

extern "C" void ctorch_optimizer_free(ctorch_optimizer *optimizer) { delete optimizer; }

extern "C" int ctorch_optimizer_set_lr(ctorch_optimizer *optimizer, double lr) {
    return ctorch::guarded([&] {
        ctorch::require(optimizer != nullptr, "optimizer must not be NULL");
        ctorch::require(lr > 0, "the learning rate must be positive");
        for (auto &group : optimizer->optimizer->param_groups()) group.options().set_lr(lr);
        optimizer->config.lr = lr;
    });
}

extern "C" int ctorch_train_step(
    ctorch_model *model, ctorch_optimizer *optimizer, const ctorch_dataset *dataset, const int64_t *indices,
    int64_t count, ctorch_process_group *group, ctorch_step_stats *out) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr && optimizer != nullptr && dataset != nullptr && indices != nullptr &&
                            out != nullptr,
                        "model, optimizer, dataset, indices and out must not be NULL");
        ctorch::require(count >= 1, "a training step needs at least one sample");
        const auto index = torch::from_blob(const_cast<int64_t *>(indices), {count}, torch::kInt64);
        const auto [images, labels] = gather(*dataset, index);
        model->module->train();
        // Gradients are dropped rather than zeroed (PyTorch 2's set_to_none): backward then stores its first
        // gradient instead of adding it to a freshly zeroed tensor.
        for (auto &group : optimizer->optimizer->param_groups()) {
            for (auto &parameter : group.params()) parameter.mutable_grad() = torch::Tensor();
        }
        // Across ranks, fc1's weight gradient (97% of the parameters) is gathered from its factors unless the group
        // says otherwise, and the rest is all-reduced in buckets while backward runs.
        const bool distributed = group != nullptr && ctorch_process_group_size(group) > 1;
        std::optional<ctorch::GatheredLinearGradient> fc1_gradient;
        if (distributed && ctorch_process_group_gathers_linear_gradient(group)) fc1_gradient.emplace(group);
        const auto logits = model->module->forward(images, fc1_gradient ? &*fc1_gradient : nullptr);
        const auto loss = F::cross_entropy(logits, labels);
        std::optional<ctorch::GradientAverager> averager;
        if (distributed) {
            auto averaged = parameters(*model);
            if (fc1_gradient) {
                const auto &fc1_weight = model->module->fc1->weight;
                averaged.erase(std::remove_if(averaged.begin(), averaged.end(),
                                              [&](const torch::Tensor &p) { return p.is_same(fc1_weight); }),
                               averaged.end());
            }
            averager.emplace(group, std::move(averaged));
        }
        loss.backward();
        if (averager) averager->finish();
        if (fc1_gradient) fc1_gradient->finish();
        optimizer->optimizer->step();
        *out = ctorch_step_stats{loss.item<double>(), correct_predictions(logits.detach(), labels), count};
    });
}

extern "C" int ctorch_evaluate(
    ctorch_model *model, const ctorch_dataset *dataset, int64_t start, int64_t count, int64_t batch_size,
    ctorch_step_stats *out) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr && dataset != nullptr && out != nullptr,
                        "model, dataset and out must not be NULL");
        ctorch::require(batch_size >= 1, "the evaluation batch size must be positive");
        ctorch::require(start >= 0 && count >= 0 && start + count <= dataset->labels.size(0),
                        "the evaluation range lies outside the dataset");
        torch::NoGradGuard no_grad;
        model->module->eval();
        ctorch_step_stats stats{0, 0, 0};
        for (int64_t offset = start; offset < start + count; offset += batch_size) {
            const auto size = std::min(batch_size, start + count - offset);
            const auto [images, labels] = gather(*dataset, torch::arange(offset, offset + size, torch::kInt64));
            const auto logits = model->module->forward(images);
            stats.loss += F::cross_entropy(logits, labels, F::CrossEntropyFuncOptions().reduction(torch::kSum))
                              .item<double>();
            stats.correct += correct_predictions(logits, labels);
            stats.count += size;
        }
        *out = stats;
    });
}
