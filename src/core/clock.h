#pragma once
// The clock is injected so that tests control "now" (LevelDB Env style).

#include <chrono>
#include <cstdint>
#include <thread>

namespace belfry {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch, UTC.
  virtual int64_t NowMicros() const = 0;
  int64_t NowSeconds() const { return NowMicros() / 1000000; }
  // Waits (a real clock) or moves on (a fake one). Loops sleep in short slices so that
  // they notice a stop request.
  virtual void SleepFor(int64_t micros) const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  void SleepFor(int64_t micros) const override {
    std::this_thread::sleep_for(std::chrono::microseconds(micros));
  }
};

// The system clock moved by a fixed offset: `belfry` under BELFRY_TEST_NOW (end-to-end tests
// of what happens days later, e.g. re-notification) while time still passes.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(int64_t offset_micros) : offset_(offset_micros) {}
  int64_t NowMicros() const override { return system_.NowMicros() + offset_; }
  void SleepFor(int64_t micros) const override { system_.SleepFor(micros); }

 private:
  SystemClock system_;
  int64_t offset_;
};

// A clock that stands still until told to move. Thread-compatible, not thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_micros) : now_(now_micros) {}
  int64_t NowMicros() const override { return now_; }
  void Set(int64_t now_micros) { now_ = now_micros; }
  void AdvanceSeconds(int64_t s) { now_ += s * 1000000; }
  void SleepFor(int64_t micros) const override { now_ += micros; }

 private:
  mutable int64_t now_;  // SleepFor moves it
};

}  // namespace belfry
