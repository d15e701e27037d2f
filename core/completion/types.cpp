#include "core/completion/types.h"

#include "core/completion/options.h"

namespace byok::completion {

const char* to_string(Mode m) { return m == Mode::SingleLine ? "single-line" : "multi-line"; }

const char* to_string(Source s) {
  switch (s) {
    case Source::Network: return "network";
    case Source::Cache: return "cache";
    case Source::TypedAhead: return "typed-ahead";
  }
  return "?";
}

const char* to_string(Feedback::Kind k) {
  switch (k) {
    case Feedback::Kind::Shown: return "shown";
    case Feedback::Kind::Accepted: return "accepted";
    case Feedback::Kind::AcceptedPartially: return "accepted-partially";
    case Feedback::Kind::Rejected: return "rejected";
  }
  return "?";
}

const char* to_string(BackendKind k) {
  switch (k) {
    case BackendKind::Auto: return "auto";
    case BackendKind::NativeFim: return "fim";
    case BackendKind::RawTemplate: return "template";
    case BackendKind::Chat: return "chat";
  }
  return "?";
}

}  // namespace byok::completion
