// What goes in and comes out of the completion engine. Host-neutral: the LSP server, the Neovim msgpack
// server and the benchmark all translate their own messages to and from these.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/completion/document.h"

namespace byok::completion {

using RequestId = uint64_t;
using SuggestionId = uint64_t;

enum class Trigger {
  Automatic,  // the user typed; debounced, may be skipped
  Invoked,    // the user asked (a key binding); never debounced
};

// Another piece of code worth showing the model: an open file's excerpt or a recent edit.
struct Snippet {
  std::string path;  // shown to the model as a file name
  std::string text;
};

struct CompletionInput {
  std::string uri;  // names the document (typed-ahead reuse follows one document)
  std::shared_ptr<const DocumentView> document;
  size_t cursor_byte = 0;  // must fall on a UTF-8 character boundary
  TextPosition cursor;     // the same point as the host counts it
  std::string language_id;  // "cpp", "python", …: named in the chat fallback's instruction
  std::string path;         // file name shown to the model, may be empty
  std::vector<Snippet> neighbours;  // used only if the token budget has room left
  Trigger trigger = Trigger::Automatic;
};

enum class Mode { SingleLine, MultiLine };
const char* to_string(Mode m);

struct Suggestion {
  SuggestionId id = 0;
  std::string text;     // what to insert; replaces `range`
  TextRange range;      // usually empty (an insertion at the cursor); covers closers it rewrites
};

// Where the answer came from: the network, or reuse that cost nothing.
enum class Source { Network, Cache, TypedAhead };
const char* to_string(Source s);

struct Completion {
  RequestId request = 0;
  std::vector<Suggestion> suggestions;  // empty: nothing worth showing
  Source source = Source::Network;
  Mode mode = Mode::SingleLine;
};

// What the user did with a suggestion; feeds the adaptive debounce and the usage ledger.
struct Feedback {
  enum class Kind { Shown, Accepted, AcceptedPartially, Rejected };
  SuggestionId suggestion = 0;
  Kind kind = Kind::Shown;
  size_t accepted_chars = 0;  // AcceptedPartially: how many bytes of the suggestion were taken
};
const char* to_string(Feedback::Kind k);

// A feedback event as the ledger books it: which request and model the suggestion came from.
struct FeedbackRecord {
  Feedback feedback;
  RequestId request = 0;
  std::string provider, model;
  size_t suggestion_bytes = 0;
};

// One provider call as the usage ledger should book it. Cancelled calls are booked too: the provider
// bills what it processed before the socket closed. Counts are the provider's when it reported them,
// otherwise estimates (see token_estimate.h) and `estimated` is set.
struct CompletionUsage {
  RequestId request = 0;
  std::string provider, model;
  int64_t input_tokens = 0, output_tokens = 0;
  std::optional<double> cost_usd;
  bool estimated = false;
  bool cancelled = false;
  int64_t ttft_ms = -1, duration_ms = 0;
};

}  // namespace byok::completion
