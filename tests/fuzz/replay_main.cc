// Replays every file under the given directories through LLVMFuzzerTestOneInput, plus a
// few thousand mutations of each, when the target is built without libFuzzer (gcc builds,
// CI). With clang and -DBELFRY_FUZZ=ON the same target is a real libFuzzer fuzzer.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  std::mt19937 rng(1234);
  size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(argv[i])) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::string seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(seed.data()), seed.size());
      ++runs;
      for (int m = 0; m < 2000; ++m) {
        std::string s = seed;
        int edits = 1 + static_cast<int>(rng() % 8);
        for (int k = 0; k < edits; ++k) {
          size_t pos = s.empty() ? 0 : rng() % s.size();
          switch (rng() % 4) {
            case 0:
              if (!s.empty()) s[pos] = static_cast<char>(rng());
              break;
            case 1:
              s.insert(pos, 1, "\",\n\r\0\\{}[]:"[rng() % 12]);
              break;
            case 2:
              if (!s.empty()) s.erase(pos, 1 + rng() % 16);
              break;
            case 3:
              s.insert(pos, s.substr(pos, rng() % 64));
              break;
          }
        }
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
        ++runs;
      }
    }
  }
  std::printf("replayed %zu inputs without a crash\n", runs);
  return 0;
}
