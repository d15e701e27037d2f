#include "tests/emulator/request_log.h"

namespace byok::emu {

size_t RequestLog::begin(RecordedRequest r) {
  std::lock_guard lock(mutex_);
  const size_t id = next_id_++;
  entries_.emplace(id, Entry{std::move(r), false});
  return id;
}

void RequestLog::end(size_t id, End how) {
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(id);
    if (it == entries_.end() || it->second.ended) return;  // cleared meanwhile, or already ended
    Entry& e = it->second;
    e.ended = true;
    e.request.finished = std::chrono::steady_clock::now();
    e.request.completed = how == End::Completed;
    e.request.client_closed_early = how == End::ClientClosed;
  }
  ended_.notify_all();
}

bool RequestLog::wait_for_end(size_t index, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return ended_.wait_for(lock, timeout, [&] {
    auto it = entries_.find(first_id_ + index);
    return it != entries_.end() && it->second.ended;
  });
}

bool RequestLog::note_connection(const std::string& remote, bool tls) {
  std::lock_guard lock(mutex_);
  return (tls ? tls_connections_ : plain_connections_).insert(remote).second;
}

std::vector<RecordedRequest> RequestLog::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<RecordedRequest> out;
  out.reserve(entries_.size());
  for (const auto& [id, e] : entries_) out.push_back(e.request);
  return out;
}

size_t RequestLog::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  first_id_ = next_id_;
}

int RequestLog::connections() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(plain_connections_.size() + tls_connections_.size());
}

int RequestLog::tls_connections() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(tls_connections_.size());
}

}  // namespace byok::emu
