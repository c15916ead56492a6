// GatheredLinearGradient: a linear layer's weight gradient from all ranks' factors (ctorch_internal.hpp).
#include "process_group.hpp"

namespace F = torch::nn::functional;

/// One layer's gathers for one training step.
struct ctorch::GatheredLinearGradient::State {
    /// An all-gather into row blocks of one matrix: rank r's rows land at [r * rows, (r + 1) * rows).
    struct Gather {
        torch::Tensor input; // kept alive until the work completes
        torch::Tensor gathered;
        c10::intrusive_ptr<c10d::Work> work;

        void start(ctorch_process_group &group, const torch::Tensor &rows) {
            input = rows.contiguous();
            gathered = torch::empty({group.size * input.size(0), input.size(1)}, input.options());
            std::vector<std::vector<torch::Tensor>> outputs(1);
            for (int64_t rank = 0; rank < group.size; ++rank) {
                outputs[0].push_back(gathered.narrow(0, rank * input.size(0), input.size(0)));
            }
            std::vector<torch::Tensor> inputs{input};
            work = group.group->allgather(outputs, inputs);
        }
    };
    ctorch_process_group *group;
    torch::Tensor weight;
    Gather x, dy;
};

ctorch::GatheredLinearGradient::GatheredLinearGradient(ctorch_process_group *group)
    : state_(std::make_unique<State>()) {
    state_->group = group;
}

ctorch::GatheredLinearGradient::~GatheredLinearGradient() = default;

torch::Tensor ctorch::GatheredLinearGradient::forward(
    const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias) {
    auto &s = *state_;
    require(!s.weight.defined(), "a gathered linear gradient serves one forward pass");
    require(x.dim() == 2, "the gathered linear layer takes a batch of vectors");
    s.weight = weight;
    collective("the all-gather of fc1's input", [&] { s.x.start(*s.group, x.detach()); });
    auto y = F::linear(x, weight.detach(), bias);
    // Backward reaches y before it computes x's gradient: dy's gather then overlaps the convolutions' backward.
    y.register_hook([state = state_.get()](const torch::Tensor &gradient) {
        collective("the all-gather of fc1's output gradient", [&] { state->dy.start(*state->group, gradient); });
    });
    return y;
}

void ctorch::GatheredLinearGradient::finish() {
    auto &s = *state_;
    require(s.weight.defined() && s.dy.work, "the gathered linear layer saw no backward pass");
    collective("the gathered linear gradient", [&] {
        wait(s.x.work);
        wait(s.dy.work);
        torch::NoGradGuard no_grad;
        auto gradient = torch::mm(s.dy.gathered.t(), s.x.gathered);
        gradient.div_(s.group->size);
        s.weight.mutable_grad() = gradient;
    });
}
