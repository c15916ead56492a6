// Saving and loading: state dicts Python's torch.load reads, and training checkpoints.
// c10::Dict's iterator derives from std::iterator, deprecated in C++17: keep libtorch's headers quiet.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/Dict.h>
#include <torch/serialize.h>
#pragma clang diagnostic pop

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>

#include "ctorch_internal.hpp"

namespace {

std::string describe_errno() { return std::strerror(errno); }

/// Writes `bytes` to `path` through a temporary file renamed into place, so readers never see half a file.
void write_atomically(const std::string &path, const std::vector<char> &bytes) {
    const auto temporary = path + ".partial";
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        if (!file) throw ctorch::IOError("cannot create " + temporary + ": " + describe_errno());
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        file.flush();
        if (!file) throw ctorch::IOError("cannot write " + temporary + ": " + describe_errno());
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const auto reason = describe_errno();
        std::remove(temporary.c_str());
        throw ctorch::IOError("cannot rename " + temporary + " to " + path + ": " + reason);
    }
}

std::vector<char> read_file(const std::string &path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw ctorch::IOError("cannot open " + path + ": " + describe_errno());
    std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (file.bad()) throw ctorch::IOError("cannot read " + path + ": " + describe_errno());
    return bytes;
}

/// The default CPU generator (a handle sharing the process-wide generator's state).
at::Generator default_generator() { return at::detail::getDefaultCPUGenerator(); }

} // namespace

extern "C" int ctorch_model_save(const ctorch_model *model, const char *path) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr && path != nullptr, "model and path must not be NULL");
        c10::Dict<std::string, at::Tensor> state;
        for (const auto &[name, tensor] : ctorch::named_parameters(model->module)) {
            state.insert(name, tensor.detach().clone(torch::MemoryFormat::Contiguous));
        }
        write_atomically(path, torch::pickle_save(state));
    });
}

extern "C" int ctorch_model_load(ctorch_model *model, const char *path) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr && path != nullptr, "model and path must not be NULL");
        const auto bytes = read_file(path);
        c10::IValue value;
        try {
            value = torch::pickle_load(bytes);
        } catch (const c10::Error &error) {
            throw ctorch::IOError(std::string(path) + " is not a saved state dict: " + error.what_without_backtrace());
        }
        if (!value.isGenericDict()) throw ctorch::IOError(std::string(path) + " does not hold a dict of tensors");
        const auto dict = value.toGenericDict();
        const auto parameters = ctorch::named_parameters(model->module);
        if (dict.size() != parameters.size()) {
            throw ctorch::IOError(std::string(path) + " holds " + std::to_string(dict.size()) +
                                  " entries; the model has " + std::to_string(parameters.size()) + " parameters");
        }
        torch::NoGradGuard no_grad;
        for (const auto &[name, tensor] : parameters) {
            const auto found = dict.find(c10::IValue(name));
            if (found == dict.end() || !found->value().isTensor()) {
                throw ctorch::IOError(std::string(path) + " has no tensor '" + name + "'");
            }
            const auto source = found->value().toTensor();
            if (source.sizes() != tensor.sizes()) {
                throw ctorch::IOError(std::string(path) + ": '" + name + "' has shape " + c10::str(source.sizes()) +
                                      ", the model expects " + c10::str(tensor.sizes()));
            }
            tensor.copy_(source);
        }
    });
}

extern "C" int ctorch_checkpoint_save(const ctorch_model *model, const ctorch_optimizer *optimizer, const char *path) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr && optimizer != nullptr && path != nullptr,
                        "model, optimizer and path must not be NULL");
        torch::serialize::OutputArchive archive, model_archive, optimizer_archive;
        model->module->save(model_archive);
        optimizer->optimizer->save(optimizer_archive);
        archive.write("model", model_archive);
        archive.write("optimizer", optimizer_archive);
        archive.write("optimizer_kind", c10::IValue(static_cast<int64_t>(optimizer->config.kind)));
        {
            auto generator = default_generator();
            std::lock_guard<std::mutex> lock(generator.mutex());
            archive.write("rng_state", generator.get_state());
        }
        std::vector<char> bytes;
        archive.save_to([&](const void *data, size_t size) {
            bytes.insert(bytes.end(), static_cast<const char *>(data), static_cast<const char *>(data) + size);
            return size;
        });
        write_atomically(path, bytes);
    });
}

extern "C" int ctorch_checkpoint_load(ctorch_model *model, ctorch_optimizer *optimizer, const char *path) {
    return ctorch::guarded([&] {
        ctorch::require(model != nullptr && optimizer != nullptr && path != nullptr,
                        "model, optimizer and path must not be NULL");
        const auto bytes = read_file(path);
        torch::serialize::InputArchive archive, model_archive, optimizer_archive;
        try {
            archive.load_from(bytes.data(), bytes.size());
            c10::IValue kind;
            archive.read("optimizer_kind", kind);
            if (kind.toInt() != optimizer->config.kind) throw ctorch::IOError("it was written with another optimizer");
            archive.read("model", model_archive);
            archive.read("optimizer", optimizer_archive);
            model->module->load(model_archive);
            model->module->use_channels_last();
            optimizer->optimizer->load(optimizer_archive);
            torch::Tensor state;
            archive.read("rng_state", state);
            auto generator = default_generator();
            std::lock_guard<std::mutex> lock(generator.mutex());
            generator.set_state(state);
        } catch (const c10::Error &error) {
            throw ctorch::IOError(std::string(path) + " is not a usable checkpoint: " + error.what_without_backtrace());
        } catch (const ctorch::IOError &error) {
            throw ctorch::IOError(std::string(path) + " is not a usable checkpoint: " + error.what());
        }
    });
}
