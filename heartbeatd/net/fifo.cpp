// The command FIFO reader (see fifo.h). Shell (net/).
#include "net/fifo.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "net/media_impl.h"

namespace hb::net {

namespace {

constexpr std::size_t kReadChunk = 8192;
constexpr int kMaxReadsPerCall = 16;  // 128 KiB per on_readable()

}  // namespace

FifoReader::FifoReader(std::string path, UniqueFd rd, UniqueFd wr, Logger& log)
    : path_(std::move(path)), rd_(std::move(rd)), wr_(std::move(wr)), log_(log)
{
}

std::unique_ptr<FifoReader> FifoReader::open(const std::string& path, Logger& log, std::string& error)
{
    using detail::with_errno;
    struct stat st {};
    bool create = false;
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISFIFO(st.st_mode)) {
            // 3.0.6 recreates whatever is there; lstat keeps us from following
            // a symlink planted at this path.
            if (::unlink(path.c_str()) < 0) {
                error = with_errno("cannot remove " + path + " to make a FIFO there", errno);
                return nullptr;
            }
            create = true;
        }
    } else if (errno == ENOENT) {
        create = true;
    } else {
        error = with_errno("cannot stat " + path, errno);
        return nullptr;
    }
    if (create) {
        log.log(LogLevel::info, "Creating FIFO " + path + ".");
        if (::mkfifo(path.c_str(), kFifoMode) < 0) {
            error = with_errno("cannot create FIFO " + path, errno);
            return nullptr;
        }
    }

    UniqueFd rd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW));
    if (!rd) {
        error = with_errno("cannot open FIFO " + path, errno);
        return nullptr;
    }
    struct stat rst {};
    if (::fstat(rd.get(), &rst) < 0 || !S_ISFIFO(rst.st_mode)) {
        error = "cannot open FIFO " + path + ": not a FIFO";
        return nullptr;
    }
    // Mode 0600 whatever the umask or the previous mode was.
    if (::fchmod(rd.get(), kFifoMode) < 0) {
        error = with_errno("cannot chmod FIFO " + path, errno);
        return nullptr;
    }
    // A reader exists now, so a non-blocking writer open succeeds at once.
    UniqueFd wr(::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW));
    struct stat wst {};
    if (!wr || ::fstat(wr.get(), &wst) < 0 || wst.st_ino != rst.st_ino || wst.st_dev != rst.st_dev) {
        error = with_errno("cannot open FIFO " + path + " for writing", wr ? EBUSY : errno);
        return nullptr;
    }
    return std::unique_ptr<FifoReader>(new FifoReader(path, std::move(rd), std::move(wr), log));
}

void FifoReader::on_readable(std::vector<std::string>& out)
{
    char buf[kReadChunk];
    for (int i = 0; i < kMaxReadsPerCall; ++i) {
        const ssize_t n = ::read(rd_.get(), buf, sizeof buf);
        if (n > 0) {
            framer_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            log_.log(LogLevel::err, detail::with_errno("read failure on FIFO " + path_, errno));
        }
        break;  // no more data (EOF cannot happen: we hold a writer)
    }
    while (auto block = framer_.next()) {
        out.push_back(std::move(*block));
        ++frames_in_;
    }
}

}  // namespace hb::net
