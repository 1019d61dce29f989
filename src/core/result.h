#pragma once
// Errors are values across module APIs: Result<T> = tl::expected<T, Error>.
// Error carries a closed code plus a human-readable message (LevelDB Status style).

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>

namespace belfry {

enum class ErrorCode {
  kInvalidInput,   // bad data from a feed or a user
  kInvalidConfig,  // bad configuration key or value
  kNotFound,
  kIo,
  kUnavailable,
  kCorruption,
  kInternal,
};

class [[nodiscard]] Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Error InvalidInput(std::string m) { return {ErrorCode::kInvalidInput, std::move(m)}; }
  static Error InvalidConfig(std::string m) { return {ErrorCode::kInvalidConfig, std::move(m)}; }
  static Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Error Io(std::string m) { return {ErrorCode::kIo, std::move(m)}; }
  static Error Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m)}; }
  static Error Corruption(std::string m) { return {ErrorCode::kCorruption, std::move(m)}; }
  static Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsInvalidInput() const { return code_ == ErrorCode::kInvalidInput; }
  bool IsInvalidConfig() const { return code_ == ErrorCode::kInvalidConfig; }
  bool IsNotFound() const { return code_ == ErrorCode::kNotFound; }
  bool IsIo() const { return code_ == ErrorCode::kIo; }

  // Returns a copy with `prefix: ` prepended to the message (adds context on the way up).
  Error WithContext(std::string_view prefix) const {
    return Error(code_, std::string(prefix) + ": " + message_);
  }

 private:
  ErrorCode code_;
  std::string message_;
};

template <class T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

inline Status Ok() { return {}; }

}  // namespace belfry

// Propagates an error from an expression returning Result<T>/Status.
#define BELFRY_RETURN_IF_ERROR(expr)                                    \
  do {                                                                  \
    auto belfry_status_ = (expr);                                       \
    if (!belfry_status_) return ::belfry::Fail(belfry_status_.error()); \
  } while (0)
