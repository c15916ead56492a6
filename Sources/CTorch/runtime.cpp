// Errors, version, threads and seeding: the process-wide parts of the shim.
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/version.h>

#include <string>

#include "ctorch.h"
#include "ctorch_guard.hpp"

namespace {
thread_local std::string last_error;
}

void ctorch::set_last_error(std::string message) { last_error = std::move(message); }

extern "C" const char *ctorch_last_error(void) { return last_error.c_str(); }

extern "C" const char *ctorch_version(void) { return TORCH_VERSION; }

extern "C" int ctorch_set_num_threads(int32_t threads) {
    return ctorch::guarded([&] {
        ctorch::require(threads >= 1, "the thread count must be at least 1");
        at::set_num_threads(threads);
    });
}

extern "C" int32_t ctorch_get_num_threads(void) { return static_cast<int32_t>(at::get_num_threads()); }

extern "C" int ctorch_manual_seed(uint64_t seed) {
    return ctorch::guarded([&] { at::manual_seed(seed); });
}
