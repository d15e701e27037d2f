// The emulator's memory of what clients did: every request (for assertions on headers, bodies and timing),
// how each response ended, and which TCP connections were used.
//
// Why connections are counted from requests: cpp-httplib 0.11 has no accept hook, but every request carries
// the peer's addr:port, which is unique per live TCP connection. So "distinct remote pairs" is the number of
// connections that sent at least one request; on the TLS server each such connection did one handshake.
// (A connection that never sends a request, e.g. one whose client rejected our certificate, is not counted.)
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/emulator/emulator.h"

namespace byok::emu {

class RequestLog {
 public:
  enum class End { Completed, ClientClosed, ServerCut };

  // Records a request that has just arrived; returns its id (stable across clear()).
  size_t begin(RecordedRequest r);
  // Marks request `id` as finished; wakes wait_for_end().
  void end(size_t id, End how);
  // `index` counts from the last clear(), like the index into snapshot().
  bool wait_for_end(size_t index, std::chrono::milliseconds timeout) const;

  // Notes the connection a request came in on; true when it had not been seen before.
  bool note_connection(const std::string& remote, bool tls);

  std::vector<RecordedRequest> snapshot() const;
  size_t size() const;
  void clear();  // forgets requests; connection counts stay (they describe the server's life)
  int connections() const;
  int tls_connections() const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable ended_;
  struct Entry {
    RecordedRequest request;
    bool ended = false;
  };
  std::map<size_t, Entry> entries_;  // by id; ids before first_id_ were cleared
  size_t next_id_ = 0;
  size_t first_id_ = 0;
  std::set<std::string> plain_connections_, tls_connections_;
};

}  // namespace byok::emu
