// The exception guard of the C boundary: every exception becomes a status code and a thread-local message.
#ifndef SAGETRAIN_CTORCH_GUARD_HPP
#define SAGETRAIN_CTORCH_GUARD_HPP

#include <c10/util/Exception.h>

#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include "ctorch.h"

namespace ctorch {

/// Thrown for arguments rejected before libtorch runs.
struct InvalidArgument : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};
/// Thrown when a file cannot be read or written, or holds the wrong contents.
struct IOError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
/// Thrown when a collective or the process group fails.
struct DistributedError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Records `message` as the calling thread's last error.
void set_last_error(std::string message);

/// Runs `body`, turning every exception into a status code and a thread-local message.
template <typename Body> int guarded(Body &&body) noexcept {
    try {
        std::forward<Body>(body)();
        return CTORCH_OK;
    } catch (const InvalidArgument &error) {
        set_last_error(error.what());
        return CTORCH_ERROR_INVALID_ARGUMENT;
    } catch (const IOError &error) {
        set_last_error(error.what());
        return CTORCH_ERROR_IO;
    } catch (const DistributedError &error) {
        set_last_error(error.what());
        return CTORCH_ERROR_DISTRIBUTED;
    } catch (const c10::Error &error) {
        set_last_error(error.what_without_backtrace());
        return CTORCH_ERROR_TORCH;
    } catch (const std::bad_alloc &) {
        set_last_error("out of memory");
        return CTORCH_ERROR_OUT_OF_MEMORY;
    } catch (const std::exception &error) {
        set_last_error(error.what());
        return CTORCH_ERROR_INTERNAL;
    } catch (...) {
        set_last_error("unknown C++ exception");
        return CTORCH_ERROR_INTERNAL;
    }
}

/// Throws InvalidArgument with `message` unless `condition` holds.
inline void require(bool condition, const char *message) {
    if (!condition) throw InvalidArgument(message);
}

} // namespace ctorch

#endif
