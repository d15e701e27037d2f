#include "bench/completion/trace.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace byok::bench {

Result<Trace> load_trace(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error::make(ErrorKind::Io, "cannot read trace " + file);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::make(ErrorKind::Io, file + ": not a JSON object");
  Trace t;
  try {
    t.name = std::filesystem::path(file).stem().string();
    t.path = j.at("path").get<std::string>();
    t.language = j.at("language").get<std::string>();
    t.text = j.at("text").get<std::string>();
    for (const auto& e : j.at("events")) {
      KeyEvent k;
      k.t_ms = e.at(0).get<int64_t>();
      if (e.at(1).is_number()) k.backspace = true;
      else k.insert = e.at(1).get<std::string>();
      t.events.push_back(std::move(k));
    }
  } catch (const nlohmann::json::exception& e) {
    return Error::make(ErrorKind::Io, file + ": " + e.what());
  }
  return t;
}

Result<std::vector<Trace>> load_traces(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  if (ec) return Error::make(ErrorKind::Io, "cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Trace> out;
  for (const auto& f : files) {
    auto t = load_trace(f);
    if (!t) return t.error();
    out.push_back(std::move(*t));
  }
  if (out.empty()) return Error::make(ErrorKind::Io, "no traces in " + dir + " (run make_traces.py)");
  return out;
}

}  // namespace byok::bench
