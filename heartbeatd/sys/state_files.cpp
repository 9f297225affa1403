// State files: reading and durable writing. I/O shell; see state_files.h.
#include "sys/state_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "sys/config_loader.h"

namespace hb::sys {

namespace {

std::string errno_text(const std::string& what, const std::string& path)
{
    return what + " " + path + ": " + std::strerror(errno);
}

bool write_all(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool fsync_dir_of(const std::string& path)
{
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

bool write_file_durably(const std::string& path, std::string_view bytes, unsigned mode, std::string& error)
{
    const std::string tmp = path + ".tmp";
    ::unlink(tmp.c_str());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0) {
        error = errno_text("cannot create", tmp);
        return false;
    }
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || !write_all(fd, bytes) || ::fsync(fd) != 0) {
        error = errno_text("cannot write", tmp);
        ::close(fd);
        ::unlink(tmp.c_str());
        return false;
    }
    if (::close(fd) != 0) {
        error = errno_text("cannot close", tmp);
        ::unlink(tmp.c_str());
        return false;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        error = errno_text("cannot rename " + tmp + " to", path);
        ::unlink(tmp.c_str());
        return false;
    }
    if (!fsync_dir_of(path)) {
        error = errno_text("cannot fsync the directory of", path);
        return false;
    }
    return true;
}

GenerationOutcome bump_generation(const std::string& path, config::HbGenMethod method, WallSeconds now)
{
    GenerationOutcome out;
    const auto content = method == config::HbGenMethod::file ? read_file(path) : std::nullopt;
    const auto step = config::next_generation(
        content ? std::optional<std::string_view>(*content) : std::nullopt, now, method);
    out.generation = step.generation;
    out.warning = step.warning;
    if (step.write) {
        std::string err;
        if (!write_file_durably(path, config::format_generation(step.generation), 0644, err)) {
            out.error = "Cannot get/increment generation number: " + err;
            return out;
        }
    }
    out.ok = true;
    return out;
}

UuidOutcome load_or_create_uuid(const std::string& path, config::UuidFrom from, const std::string& nodename)
{
    UuidOutcome out;
    if (from == config::UuidFrom::nodename) {
        out.uuid = config::uuid_from_nodename(nodename);
        out.info = "seed is " + std::to_string(config::uuid_name_seed(nodename));
        out.ok = true;
        return out;
    }
    if (const auto content = read_file(path); content && content->size() >= out.uuid.size()) {
        std::memcpy(out.uuid.data(), content->data(), out.uuid.size());
        out.ok = true;
        return out;
    }
    out.info = "No uuid found for current node - generating a new uuid.";
    std::array<std::uint8_t, 16> bytes{};
    const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::read(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
        out.error = errno_text("cannot read", "/dev/urandom");
        if (fd >= 0) {
            ::close(fd);
        }
        return out;
    }
    ::close(fd);
    out.uuid = config::uuid_v4(bytes);
    std::string err;
    const std::string_view raw(reinterpret_cast<const char*>(out.uuid.data()), out.uuid.size());
    if (!write_file_durably(path, raw, 0644, err)) {
        out.error = "getting uuid for the local node failed: " + err;
        return out;
    }
    out.ok = true;
    return out;
}

std::optional<std::vector<config::NodeCacheEntry>> read_node_cache(const std::string& path, std::string& error)
{
    const auto content = read_file(path);
    if (!content) {
        if (errno == ENOENT) {
            return std::vector<config::NodeCacheEntry>{};
        }
        error = errno_text("cannot read", path);
        return std::nullopt;
    }
    return config::parse_node_cache(*content, &error);
}

bool write_node_cache(const std::string& path, const std::vector<config::NodeCacheEntry>& entries,
                      std::string& error)
{
    return write_file_durably(path, config::format_node_cache(entries), 0644, error);
}

}  // namespace hb::sys
