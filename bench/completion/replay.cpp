#include "bench/completion/replay.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace byok::bench {
namespace {
using Clock = std::chrono::steady_clock;

struct KeyState {
  Clock::time_point at;
  size_t cursor = 0;
  bool on_track = false;  // the text before the cursor is what the file will say
  std::optional<Clock::time_point> ghost_at;
  std::string ghost;
};
}  // namespace

ReplayResult replay(const Trace& trace, CompletionClient& client, const std::string& engine_name,
                    const std::function<void(const std::string&, size_t)>& set_reply) {
  ReplayResult r;
  r.trace = trace.name;
  r.engine = engine_name;
  r.keys = static_cast<int64_t>(trace.events.size());
  // Shared with the callbacks, which may outlive this call (an answer still on its way at the end).
  struct State {
    std::mutex mu;
    std::vector<KeyState> keys;
    size_t latest = 0;
  };
  auto st = std::make_shared<State>();
  st->keys.resize(trace.events.size());
  auto& mu = st->mu;
  auto& keys = st->keys;

  std::string doc;
  size_t cursor = 0;
  client.open("file:///bench/" + trace.path, trace.language, doc);
  const auto start = Clock::now();
  for (size_t i = 0; i < trace.events.size(); ++i) {
    const auto& e = trace.events[i];
    std::this_thread::sleep_until(start + std::chrono::milliseconds(e.t_ms));
    if (e.backspace) {
      if (cursor > 0) {
        size_t from = cursor - 1;
        while (from > 0 && (static_cast<unsigned char>(doc[from]) & 0xC0) == 0x80) --from;
        doc.erase(from, cursor - from);
        cursor = from;
      }
    } else {
      doc.insert(cursor, e.insert);
      cursor += e.insert.size();
    }
    set_reply(doc, cursor);
    {
      std::lock_guard lock(mu);
      keys[i].at = Clock::now();
      keys[i].cursor = cursor;
      keys[i].on_track = trace.text.compare(0, cursor, doc, 0, cursor) == 0;
      st->latest = i;
    }
    client.changed(std::make_shared<const std::string>(doc), cursor, [st, i](std::vector<std::string> s) {
      std::lock_guard lock(st->mu);
      // A host shows ghost text only for the document as it is now; an answer for an older state is dropped.
      if (i != st->latest || s.empty() || st->keys[i].ghost_at) return;
      st->keys[i].ghost_at = Clock::now();
      st->keys[i].ghost = s.front();
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));  // let the last answers arrive

  std::lock_guard lock(mu);
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto& k = keys[i];
    const bool last = i + 1 == keys.size();
    const int64_t gap = last ? 3000 : trace.events[i + 1].t_ms - trace.events[i].t_ms;
    // Shown means it appeared before the user's next key.
    const bool shown = k.ghost_at && (last || *k.ghost_at < keys[i + 1].at);
    if (shown) {
      ++r.shown;
      if (k.on_track && trace.text.compare(k.cursor, k.ghost.size(), k.ghost) == 0) ++r.matched;
    }
    if (gap >= kPauseMs) {
      ++r.pauses;
      if (shown) {
        ++r.pauses_with_ghost;
        r.pause_latency_ms.push_back(std::chrono::duration<double, std::milli>(*k.ghost_at - k.at).count());
      }
    }
  }
  r.counters = client.counters();
  return r;
}

}  // namespace byok::bench
