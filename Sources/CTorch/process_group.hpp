// The process group handle's C++ side, for the translation units that run collectives (they include c10d, which
// adds seconds to a compile, so only these do).
#ifndef SAGETRAIN_CTORCH_PROCESS_GROUP_HPP
#define SAGETRAIN_CTORCH_PROCESS_GROUP_HPP

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <string>
#include <utility>

#include "ctorch_internal.hpp"

struct ctorch_process_group {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    int32_t rank;
    int32_t size;
    int64_t bucket_bytes;
    bool gathered_linear_gradient = true; // fc1's weight gradient from its gathered factors
};

namespace ctorch {

/// Runs a collective's body, reporting any failure as a DistributedError naming `what`.
template <typename Body> void collective(const char *what, Body &&body) {
    try {
        std::forward<Body>(body)();
    } catch (const DistributedError &) {
        throw;
    } catch (const c10::Error &error) {
        throw DistributedError(std::string(what) + " failed: " + error.what_without_backtrace());
    } catch (const std::exception &error) {
        throw DistributedError(std::string(what) + " failed: " + error.what());
    }
}

inline void wait(const c10::intrusive_ptr<c10d::Work> &work) { work->wait(); }

} // namespace ctorch

#endif
