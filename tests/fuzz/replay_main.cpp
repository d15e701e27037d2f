// Replays fuzz inputs through a target without libFuzzer, so the committed seeds and every crash ever found
// (tests/fuzz/regressions/<target>/) run in the ordinary test suite, under GCC and under ASan+UBSan.
// Usage: fuzz_replay_<target> DIR_OR_FILE...   Exits non-zero if no input was found.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {
void replay_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy in exactly-sized storage, so ASan sees reads past the end as libFuzzer would.
  std::vector<uint8_t> input(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(input.data(), input.size());
}
}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path p(argv[i]);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(p)) {
        if (!entry.is_regular_file() || entry.path().filename().string().front() == '.') continue;
        replay_file(entry.path());
        ++replayed;
      }
    } else if (fs::is_regular_file(p, ec)) {
      replay_file(p);
      ++replayed;
    } else if (!fs::exists(p, ec)) {
      std::fprintf(stderr, "replay: %s does not exist\n", argv[i]);
      return 2;
    }
  }
  std::printf("replayed %zu inputs\n", replayed);
  return replayed > 0 ? 0 : 1;
}
