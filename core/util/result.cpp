#include "core/util/result.h"

namespace byok {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Config: return "config";
    case ErrorKind::Network: return "network";
    case ErrorKind::Tls: return "tls";
    case ErrorKind::Timeout: return "timeout";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Provider: return "provider";
    case ErrorKind::Stream: return "stream";
    case ErrorKind::Io: return "io";
    case ErrorKind::Key: return "key";
    case ErrorKind::Budget: return "budget";
    case ErrorKind::Protocol: return "protocol";
    case ErrorKind::Internal: return "internal";
  }
  return "unknown";
}

std::string Error::describe() const {
  std::string out;
  if (!provider.empty()) out += provider + ": ";
  if (status != 0) out += std::to_string(status) + " ";
  out += message.empty() ? std::string(to_string(kind)) + " error" : message;
  return out;
}

}  // namespace byok
