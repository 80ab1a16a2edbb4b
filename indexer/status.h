// Status and Result<T>: the one error shape at datacat's module boundaries.
// A Status carries an enum code (never an HTTP number), a message for people, and
// optionally the input field (`columns[2].name`) or NDJSON line it concerns. The server
// maps codes to HTTP statuses in one place. Value types; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace datacat {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // the caller's input is wrong (field says where)
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // a create collided with an existing thing
  kFailedPrecondition,  // stale version, or the state does not allow the change
  kPermissionDenied,    // the caller may not do this
  kUnauthenticated,     // no valid identity
  kResourceExhausted,   // a size or count limit was exceeded
  kUnavailable,         // try again later (locked, shutting down)
  kInternal,            // a fault of datacat or its storage
};

// Stable lower_snake name of a code, e.g. "invalid_argument".
const char* status_code_name(StatusCode code);

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status ok() { return {}; }
  static Status invalid(std::string message, std::string field = {}) {
    return {StatusCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Status not_found(std::string message) {
    return {StatusCode::kNotFound, std::move(message)};
  }
  static Status internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Input field path the error concerns; empty when it is not about one field.
  const std::string& field() const { return field_; }

  // "field: message", or just the message.
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

// Either a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool is_ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return is_ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  // By value, so `for (x : f().value())` does not dangle.
  T value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace datacat
