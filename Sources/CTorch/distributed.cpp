// Data-parallel training over c10d: a Gloo process group on a TCPStore, bucketed gradient all-reduce.
#include <chrono>
#include <cstdlib>

#include "process_group.hpp"

using ctorch::collective;
using ctorch::wait;

namespace {

constexpr int64_t default_bucket_bytes = 25 * 1024 * 1024;

bool is_loopback(const std::string &address) { return address == "localhost" || address.rfind("127.", 0) == 0; }

/// The Gloo transport device: GLOO_SOCKET_IFNAME's interface, loopback for a loopback master, else the host's name.
std::shared_ptr<gloo::transport::Device> make_device(const std::string &master) {
    if (const char *interface = std::getenv("GLOO_SOCKET_IFNAME"); interface != nullptr && *interface != '\0') {
        return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
    }
    if (is_loopback(master)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

} // namespace

/// The buckets and their all-reduces for one backward pass.
struct ctorch::GradientAverager::State {
    struct Bucket {
        std::vector<size_t> members; // indices into `parameters`
        size_t arrived = 0;
        torch::Tensor flat;
        c10::intrusive_ptr<c10d::Work> work;
    };
    ctorch_process_group *group;
    std::vector<torch::Tensor> parameters;
    std::vector<torch::Tensor> gradients; // as the hooks saw them
    std::vector<size_t> bucket_of;        // parameter index -> bucket index
    std::vector<Bucket> buckets;
    size_t launched = 0; // buckets [0, launched) are all-reducing, launched in this order on every rank
    std::vector<unsigned> hooks;

    /// Starts the next buckets whose gradients are all in, in bucket order.
    void launch_ready() {
        while (launched < buckets.size() && buckets[launched].arrived == buckets[launched].members.size()) {
            launch(buckets[launched++]);
        }
    }

    void launch(Bucket &bucket) {
        std::vector<torch::Tensor> views;
        for (const auto index : bucket.members) views.push_back(gradients[index].reshape({-1}));
        std::vector<torch::Tensor> flat{torch::cat(views)};
        bucket.work = group->group->allreduce(flat);
        bucket.flat = flat[0];
    }
};

ctorch::GradientAverager::GradientAverager(ctorch_process_group *group, std::vector<torch::Tensor> parameters)
    : state_(std::make_unique<State>()) {
    auto &s = *state_;
    s.group = group;
    s.parameters = std::move(parameters);
    s.gradients.resize(s.parameters.size());
    s.bucket_of.resize(s.parameters.size());
    // Buckets in reverse parameter order, the order backward produces gradients, as DDP fills them: the first
    // closes at 1 MiB (DDP's first-bucket size) so that its all-reduce starts while backward continues, the
    // others at bucket_bytes. A bucket closes once it holds at least its size.
    int64_t filled = 0, cap = std::min<int64_t>(group->bucket_bytes, 1 << 20);
    s.buckets.emplace_back();
    for (size_t i = s.parameters.size(); i-- > 0;) {
        if (filled >= cap) {
            s.buckets.emplace_back();
            filled = 0;
            cap = group->bucket_bytes;
        }
        s.buckets.back().members.push_back(i);
        s.bucket_of[i] = s.buckets.size() - 1;
        filled += s.parameters[i].numel() * static_cast<int64_t>(s.parameters[i].element_size());
    }
    for (size_t i = 0; i < s.parameters.size(); ++i) {
        s.hooks.push_back(s.parameters[i].register_hook([state = state_.get(), i](const torch::Tensor &gradient) {
            state->gradients[i] = gradient;
            ++state->buckets[state->bucket_of[i]].arrived;
            state->launch_ready();
        }));
    }
}

ctorch::GradientAverager::~GradientAverager() {
    for (size_t i = 0; i < state_->hooks.size(); ++i) state_->parameters[i].remove_hook(state_->hooks[i]);
}

void ctorch::GradientAverager::finish() {
    auto &s = *state_;
    collective("the gradient all-reduce", [&] {
        torch::NoGradGuard no_grad;
        // Parameters that got no gradient (unused in this step) still take part, with zeros.
        for (size_t i = 0; i < s.parameters.size(); ++i) {
            if (s.gradients[i].defined()) continue;
            s.gradients[i] = torch::zeros_like(s.parameters[i]);
            ++s.buckets[s.bucket_of[i]].arrived;
        }
        s.launch_ready();
        for (auto &bucket : s.buckets) {
            wait(bucket.work);
            bucket.flat.div_(s.group->size);
            int64_t offset = 0;
            for (const auto index : bucket.members) {
                auto &parameter = s.parameters[index];
                auto &gradient = parameter.mutable_grad();
                if (!gradient.defined()) gradient = torch::zeros_like(parameter);
                gradient.copy_(bucket.flat.narrow(0, offset, parameter.numel()).view_as(parameter));
                offset += parameter.numel();
            }
        }
    });
}

extern "C" int ctorch_process_group_create(
    const char *master_addr, int32_t master_port, int32_t rank, int32_t world_size, int32_t timeout_seconds,
    int64_t bucket_bytes, ctorch_process_group **out) {
    return ctorch::guarded([&] {
        using ctorch::require;
        require(master_addr != nullptr && out != nullptr, "master_addr and out must not be NULL");
        require(master_port >= 1 && master_port <= 65535, "master_port must be between 1 and 65535");
        require(world_size >= 1 && rank >= 0 && rank < world_size, "rank must lie in [0, world_size)");
        require(timeout_seconds >= 1, "the timeout must be at least one second");
        require(bucket_bytes >= 0, "bucket_bytes must not be negative");
        const std::chrono::milliseconds timeout(int64_t{timeout_seconds} * 1000);
        auto result = std::make_unique<ctorch_process_group>();
        result->rank = rank;
        result->size = world_size;
        result->bucket_bytes = bucket_bytes == 0 ? default_bucket_bytes : bucket_bytes;
        collective("joining the process group", [&] {
            c10d::TCPStoreOptions options;
            options.port = static_cast<std::uint16_t>(master_port);
            options.isServer = rank == 0;
            options.numWorkers = static_cast<std::size_t>(world_size);
            options.waitWorkers = true;
            options.timeout = timeout;
            result->store = c10::make_intrusive<c10d::TCPStore>(master_addr, options);
            auto gloo = c10d::ProcessGroupGloo::Options::create(timeout);
            gloo->devices.push_back(make_device(master_addr));
            result->group = c10::make_intrusive<c10d::ProcessGroupGloo>(result->store, rank, world_size, gloo);
        });
        *out = result.release();
    });
}

extern "C" void ctorch_process_group_free(ctorch_process_group *group) { delete group; }

extern "C" int32_t ctorch_process_group_rank(const ctorch_process_group *group) {
    return group == nullptr ? 0 : group->rank;
}

extern "C" int32_t ctorch_process_group_size(const ctorch_process_group *group) {
    return group == nullptr ? 1 : group->size;
}

extern "C" int ctorch_process_group_set_gathered_linear_gradient(ctorch_process_group *group, int32_t enabled) {
    return ctorch::guarded([&] {
        ctorch::require(group != nullptr, "group must not be NULL");
        group->gathered_linear_gradient = enabled != 0;
    });
}

extern "C" int32_t ctorch_process_group_gathers_linear_gradient(const ctorch_process_group *group) {
    return group != nullptr && group->gathered_linear_gradient ? 1 : 0;
}

extern "C" int ctorch_process_group_allreduce(ctorch_process_group *group, double *values, int64_t count, int32_t op) {
    return ctorch::guarded([&] {
        ctorch::require(group != nullptr && values != nullptr, "group and values must not be NULL");
        ctorch::require(count >= 1, "count must be positive");
        c10d::AllreduceOptions options;
        switch (op) {
        case CTORCH_REDUCE_SUM: options.reduceOp = c10d::ReduceOp::SUM; break;
        case CTORCH_REDUCE_MIN: options.reduceOp = c10d::ReduceOp::MIN; break;
        case CTORCH_REDUCE_MAX: options.reduceOp = c10d::ReduceOp::MAX; break;
        default: throw ctorch::InvalidArgument("unknown reduction " + std::to_string(op));
        }
        collective("an all-reduce", [&] {
            std::vector<torch::Tensor> tensors{torch::from_blob(values, {count}, torch::kFloat64)};
            wait(group->group->allreduce(tensors, options));
        });
    });
}

extern "C" int ctorch_process_group_broadcast_parameters(ctorch_process_group *group, ctorch_model *model,
                                                         int32_t root) {
    return ctorch::guarded([&] {
        ctorch::require(group != nullptr && model != nullptr, "group and model must not be NULL");
        ctorch::require(root >= 0 && root < group->size, "root must lie in [0, world_size)");
        collective("the parameter broadcast", [&] {
            torch::NoGradGuard no_grad;
            auto parameters = model->module->parameters();
            std::vector<torch::Tensor> views;
            for (const auto &parameter : parameters) views.push_back(parameter.reshape({-1}));
            std::vector<torch::Tensor> flat{torch::cat(views)};
            c10d::BroadcastOptions options;
            options.rootRank = root;
            wait(group->group->broadcast(flat, options));
            int64_t offset = 0;
            for (auto &parameter : parameters) {
                parameter.copy_(flat[0].narrow(0, offset, parameter.numel()).view_as(parameter));
                offset += parameter.numel();
            }
        });
    });
}

extern "C" int ctorch_process_group_barrier(ctorch_process_group *group) {
    return ctorch::guarded([&] {
        ctorch::require(group != nullptr, "group must not be NULL");
        collective("the barrier", [&] { wait(group->group->barrier()); });
    });
}
