// Dropout with at::dropout's exact numbers, an order of magnitude faster on the CPU.
//
// On the CPU, at::dropout(x, p, train) makes a noise tensor with bernoulli_(1 - p) from the default generator,
// divides it by 1 - p and multiplies: Debian's libtorch has no MKL, so bernoulli_ draws one element at a time
// through a locked, type-dispatched serial kernel (about 15 ns each, 9 ms of a 64-sample training step). Each
// element takes two MT19937 outputs (high word first), keeps the low 53 bits of their 64-bit value as a double in
// [0, 1) and compares it with 1 - p. This file draws the same outputs from the same engine state in bulk (whole
// state blocks twisted and tempered in vectorisable loops, the comparison done on integers), and leaves the
// generator exactly where bernoulli_ would: the masks, and every later draw, are bit for bit the ones PyTorch makes.
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <mutex>

#include "ctorch_internal.hpp"

namespace {

constexpr int kStateSize = 624; // MERSENNE_STATE_N
constexpr int kShift = 397;     // MERSENNE_STATE_M

inline uint32_t twist(uint32_t u, uint32_t v) {
    return (((u & 0x80000000u) | (v & 0x7fffffffu)) >> 1) ^ ((v & 1u) ? 0x9908b0dfu : 0u);
}

/// at::mt19937's state, advanced many outputs at a time. `left - 1` untwisted words remain from `next` on.
class BulkEngine {
  public:
    explicit BulkEngine(const at::mt19937_data_pod &data) : data_(data) {}

    const at::mt19937_data_pod &data() const { return data_; }

    /// The next `count` outputs of the engine, exactly as `count` calls of at::mt19937::operator() return them.
    void fill(uint32_t *out, int64_t count) {
        while (count > 0) {
            if (data_.left_ == 1) {
                twist_state();
                data_.left_ = kStateSize + 1; // the next call's decrement leaves left_ == N after its output
                data_.next_ = 0;
            }
            const int64_t take = std::min<int64_t>(count, data_.left_ - 1);
            const uint32_t *state = data_.state_.data() + data_.next_;
            for (int64_t i = 0; i < take; ++i) {
                uint32_t y = state[i];
                y ^= (y >> 11);
                y ^= (y << 7) & 0x9d2c5680u;
                y ^= (y << 15) & 0xefc60000u;
                y ^= (y >> 18);
                out[i] = y;
            }
            data_.next_ += static_cast<uint32_t>(take);
            data_.left_ -= static_cast<int>(take);
            out += take;
            count -= take;
        }
    }

  private:
    void twist_state() {
        uint32_t *s = data_.state_.data();
        for (int i = 0; i < kStateSize - kShift; ++i) s[i] = s[i + kShift] ^ twist(s[i], s[i + 1]);
        for (int i = kStateSize - kShift; i < kStateSize - 1; ++i) {
            s[i] = s[i + kShift - kStateSize] ^ twist(s[i], s[i + 1]);
        }
        s[kStateSize - 1] = s[kShift - 1] ^ twist(s[kStateSize - 1], s[0]);
    }

    at::mt19937_data_pod data_;
};

/// Fills `noise` (float, contiguous) as `noise.bernoulli_(keep).div_(keep)` does with the default generator.
void draw_noise(torch::Tensor &noise, double keep) {
    const int64_t count = noise.numel();
    auto generator = at::detail::getDefaultCPUGenerator();
    auto *impl = generator.get<at::CPUGeneratorImpl>();
    // x < keep for x = m / 2^53 with an integer m < 2^53 is m < ceil(keep * 2^53), all exact in double.
    const auto threshold = static_cast<uint64_t>(std::ceil(std::ldexp(keep, 53)));
    const float scale = 1.0f / static_cast<float>(keep); // div_(1 - p) in the tensor's dtype: 1 / (float)(1 - p)
    float *out = noise.data_ptr<float>();
    constexpr int64_t kChunk = 4096;
    uint32_t words[2 * kChunk];
    std::lock_guard<std::mutex> lock(impl->mutex_);
    BulkEngine engine(impl->engine().data());
    for (int64_t start = 0; start < count; start += kChunk) {
        const int64_t n = std::min(kChunk, count - start);
        engine.fill(words, 2 * n);
        for (int64_t i = 0; i < n; ++i) {
            const uint64_t value = (uint64_t{words[2 * i]} << 32) | words[2 * i + 1];
            out[start + i] = (value & ((uint64_t{1} << 53) - 1)) < threshold ? scale : 0.0f;
        }
    }
    at::mt19937 advanced;
    advanced.set_data(engine.data());
    impl->set_engine(advanced);
}

/// y = x * noise; the gradient is the incoming one times the same noise (at::dropout's autograd graph).
class DropoutFunction : public torch::autograd::Function<DropoutFunction> {
  public:
    static torch::Tensor forward(torch::autograd::AutogradContext *context, const torch::Tensor &input, double p) {
        auto noise = torch::empty(input.sizes(), input.options().memory_format(torch::MemoryFormat::Contiguous));
        draw_noise(noise, 1.0 - p);
        context->save_for_backward({noise});
        return input.contiguous() * noise;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list gradients) {
        const auto noise = context->get_saved_variables()[0];
        return {gradients[0] * noise, torch::Tensor()};
    }
};

} // namespace

torch::Tensor ctorch::dropout(const torch::Tensor &input, double p, bool training) {
    const bool exact = input.device().is_cpu() && input.scalar_type() == torch::kFloat32 && p > 0 && p < 1 &&
                       input.numel() > 0;
    if (!training || !exact) return torch::dropout(input, p, training);
    return DropoutFunction::apply(input, p);
}
