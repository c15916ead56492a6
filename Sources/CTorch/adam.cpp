// Adam with its per-element update in one pass, bit for bit torch::optim::Adam's.
//
// torch::optim::Adam updates each parameter with seven tensor operations (mul_, add_, mul_, addcmul_, sqrt, div,
// add_, addcdiv_), each a full pass over the parameter: for fc1's 1.2 million weights, about 3 ms of a 64-sample
// step on two threads and 7 ms on one (each rank of a world-size-2 job runs its own). This step does the same
// arithmetic element by element in one pass. It reproduces the rounding of libtorch's AVX2 kernels, which this
// file's test pins (Tests/CTorchTests): the moments' updates are fused multiply-adds as ATen's vectorised add_
// and addcmul_ compute them, the bias correction is a division, and the state (exp_avg, exp_avg_sq, step) is
// torch::optim::Adam's, so checkpoints stay interchangeable. Parameters whose tensors are not dense with identical
// strides (state from a checkpoint included), AMSGrad, and CPUs without AVX2 and FMA take torch::optim::Adam's own
// step.
#include <ATen/Parallel.h>

#include <immintrin.h>

#include <cmath>

#include "ctorch_internal.hpp"

namespace {

struct Coefficients {
    float beta1, one_minus_beta1, beta2, one_minus_beta2, bias_correction2_sqrt, eps, negative_step_size,
        weight_decay;
};

#pragma clang fp contract(off)
/// One element, in the order and rounding of the tensor operations named beside each step.
__attribute__((target("avx2,fma"))) inline void update_one(float &param, float grad, float &exp_avg,
                                                           float &exp_avg_sq, const Coefficients &k) {
    if (k.weight_decay != 0) grad = std::fma(param, k.weight_decay, grad);  // grad.add(p, weight_decay)
    const float m = std::fma(grad, k.one_minus_beta1, exp_avg * k.beta1);  // exp_avg.mul_(b1).add_(grad, 1 - b1)
    const float scaled = k.one_minus_beta2 * grad;                          // exp_avg_sq.mul_(b2)
    const float v = std::fma(scaled, grad, exp_avg_sq * k.beta2);           //   .addcmul_(grad, grad, 1 - b2)
    const float denom = _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(v))) / k.bias_correction2_sqrt + k.eps;
    const float quotient = (k.negative_step_size * m) / denom;              // p.addcdiv_(exp_avg, denom, -step)
    param = param + quotient;
    exp_avg = m;
    exp_avg_sq = v;
}

/// Elements [begin, end): eight at a time with AVX2, the same operations as update_one.
__attribute__((target("avx2,fma"))) void update(float *__restrict param, const float *__restrict grad,
                                                float *__restrict exp_avg, float *__restrict exp_avg_sq,
                                                int64_t begin, int64_t end, const Coefficients &k) {
    const __m256 beta1 = _mm256_set1_ps(k.beta1), one_minus_beta1 = _mm256_set1_ps(k.one_minus_beta1),
                 beta2 = _mm256_set1_ps(k.beta2), one_minus_beta2 = _mm256_set1_ps(k.one_minus_beta2),
                 correction = _mm256_set1_ps(k.bias_correction2_sqrt), eps = _mm256_set1_ps(k.eps),
                 step = _mm256_set1_ps(k.negative_step_size), decay = _mm256_set1_ps(k.weight_decay);
    int64_t i = begin;
    for (; i + 8 <= end; i += 8) {
        const __m256 p = _mm256_loadu_ps(param + i);
        __m256 g = _mm256_loadu_ps(grad + i);
        if (k.weight_decay != 0) g = _mm256_fmadd_ps(p, decay, g);
        const __m256 m = _mm256_fmadd_ps(g, one_minus_beta1, _mm256_mul_ps(_mm256_loadu_ps(exp_avg + i), beta1));
        const __m256 v = _mm256_fmadd_ps(_mm256_mul_ps(one_minus_beta2, g), g,
                                         _mm256_mul_ps(_mm256_loadu_ps(exp_avg_sq + i), beta2));
        const __m256 denom = _mm256_add_ps(_mm256_div_ps(_mm256_sqrt_ps(v), correction), eps);
        _mm256_storeu_ps(param + i, _mm256_add_ps(p, _mm256_div_ps(_mm256_mul_ps(step, m), denom)));
        _mm256_storeu_ps(exp_avg + i, m);
        _mm256_storeu_ps(exp_avg_sq + i, v);
    }
    for (; i < end; ++i) update_one(param[i], grad[i], exp_avg[i], exp_avg_sq[i], k);
}
#pragma clang fp contract(on)

bool same_dense_layout(const torch::Tensor &a, const torch::Tensor &b) {
    return a.is_non_overlapping_and_dense() && b.is_non_overlapping_and_dense() && a.strides() == b.strides() &&
           a.sizes() == b.sizes() && a.scalar_type() == torch::kFloat32 && b.scalar_type() == torch::kFloat32;
}

} // namespace

ctorch::FusedAdam::FusedAdam(std::vector<torch::Tensor> parameters, torch::optim::AdamOptions options)
    : torch::optim::Adam(std::move(parameters), std::move(options)) {}

bool ctorch::FusedAdam::supported() {
    static const bool cpu = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return cpu;
}

torch::Tensor ctorch::FusedAdam::step(LossClosure closure) {
    bool fusable = supported() && closure == nullptr;
    for (const auto &group : param_groups_) {
        const auto &options = static_cast<const torch::optim::AdamOptions &>(group.options());
        fusable = fusable && !options.amsgrad();
        for (const auto &p : group.params()) {
            if (!p.grad().defined()) continue;
            fusable = fusable && p.device().is_cpu() && !p.grad().is_sparse() && same_dense_layout(p, p.grad());
            // State restored from a checkpoint may have another layout than the parameter now has.
            const auto found = state_.find(c10::guts::to_string(p.unsafeGetTensorImpl()));
            if (found == state_.end()) continue;
            const auto &state = static_cast<const torch::optim::AdamParamState &>(*found->second);
            fusable = fusable && same_dense_layout(p, state.exp_avg()) && same_dense_layout(p, state.exp_avg_sq());
        }
    }
    if (!fusable) return torch::optim::Adam::step(std::move(closure));
    torch::NoGradGuard no_grad;
    for (auto &group : param_groups_) {
        const auto &options = static_cast<const torch::optim::AdamOptions &>(group.options());
        for (auto &p : group.params()) {
            if (!p.grad().defined()) continue;
            const auto key = c10::guts::to_string(p.unsafeGetTensorImpl());
            if (state_.find(key) == state_.end()) {
                auto fresh = std::make_unique<torch::optim::AdamParamState>();
                fresh->step(0);
                fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                state_[key] = std::move(fresh);
            }
            auto &state = static_cast<torch::optim::AdamParamState &>(*state_[key]);
            auto &exp_avg = state.exp_avg(), &exp_avg_sq = state.exp_avg_sq();
            state.step(state.step() + 1);
            const auto [beta1, beta2] = options.betas();
            const double bias_correction1 = 1 - std::pow(beta1, state.step());
            const double bias_correction2 = 1 - std::pow(beta2, state.step());
            const Coefficients k{static_cast<float>(beta1),
                                 static_cast<float>(1 - beta1),
                                 static_cast<float>(beta2),
                                 static_cast<float>(1 - beta2),
                                 static_cast<float>(std::sqrt(bias_correction2)),
                                 static_cast<float>(options.eps()),
                                 static_cast<float>(-(options.lr() / bias_correction1)),
                                 static_cast<float>(options.weight_decay())};
            float *param = p.data_ptr<float>(), *m = exp_avg.data_ptr<float>(), *v = exp_avg_sq.data_ptr<float>();
            const float *grad = p.grad().data_ptr<float>();
            at::parallel_for(0, p.numel(), 32768, [&](int64_t begin, int64_t end) {
                update(param, grad, m, v, begin, end, k);
            });
        }
    }
    return {};
}
