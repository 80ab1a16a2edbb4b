// The request head as the front reads it (see http_front.h): checking a client's head,
// framing the head forwarded to the backend, and the answers the front writes itself.
// A head is forwarded only when, through its blank line, it is at most kMaxHeadBytes (the
// caller checks this before check_head), every line ends in CRLF with no bare CR, LF or
// NUL, the request line is not empty, and there are at most kMaxHeaderLines header lines,
// each a token name right before ':' (no folding), with at most one Content-Length (up to
// 15 digits, at most the body limit) and no Transfer-Encoding. Each refusal ends the
// connection:
// - 400: a malformed head, a repeated or non-numeric Content-Length, or Content-Length
//   together with Transfer-Encoding (the answer names the header);
// - 411: Transfer-Encoding alone (send the body with a Content-Length);
// - 413: a Content-Length over the body limit;
// - 431: more than kMaxHeaderLines header lines, or (from the caller) a head over
//   kMaxHeadBytes;
// - 408 and 503 are the relay's own (deadlines, caps, no backend), written by answer_bytes.
// Thread-safety: the functions are pure (no state of their own), safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/status.h"

namespace datacat::server {

inline constexpr size_t kMaxHeadBytes = 16 * 1024;
inline constexpr size_t kMaxHeaderLines = 63;  // civetweb reads 64 headers; the front adds one

// An answer the front writes itself, ending the connection.
struct Refusal {
  int http_status;
  Status error;
};

// What the front learnt from a request head.
struct Head {
  uint64_t content_length = 0;
  bool expect_continue = false;
};

// Checks `head` (through its blank line) and writes the head to forward to `out`: the
// request line, `front_line`, then the client's header lines but its kFrontHeader ones.
// Stricter than civetweb wherever the two could read a head differently: every line
// ends in CRLF, header names are tokens right before ':' (no folding), one
// Content-Length of digits, no Transfer-Encoding, at most 63 header lines.
// nullopt when the head is forwarded (`parsed` then holds what it says); otherwise the
// refusal to answer, and `out` and `parsed` are unspecified.
std::optional<Refusal> check_head(std::string_view head, std::string_view front_line,
                                  size_t max_body, std::string& out, Head& parsed);

// The whole answer for `refusal`: status line, the JSON error body of error_response,
// "Connection: close", then `extra_headers` (lines ending in CRLF), plus
// "Retry-After: 1" for a 503.
std::string answer_bytes(const Refusal& refusal, const std::string& extra_headers);

}  // namespace datacat::server
