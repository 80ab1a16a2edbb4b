#include "server/request_head.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "server/http_front.h"
#include "server/http_types.h"

namespace datacat::server {
namespace {

bool equals_nocase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool is_token(std::string_view name) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           kSpecials.find(c) != std::string_view::npos;
  });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string answer_bytes(const Refusal& refusal, const std::string& extra_headers) {
  std::string body = error_response(refusal.error).body;
  std::string out =
      "HTTP/1.1 " + std::to_string(refusal.http_status) + " " + reason_phrase(refusal.http_status) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n" + extra_headers;
  if (refusal.http_status == 503) out += "Retry-After: 1\r\n";
  return out + "\r\n" + body;
}

std::optional<Refusal> check_head(std::string_view head, std::string_view front_line,
                                  size_t max_body, std::string& out, Head& parsed) {
  auto bad = [](std::string message, std::string field = {}) {
    return Refusal{400, Status::invalid(std::move(message), std::move(field))};
  };
  out.clear();
  parsed = Head();
  size_t lines = 0, lengths = 0;
  bool chunked = false;
  for (size_t pos = 0;;) {
    size_t end = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, end - pos);
    pos = end + 2;
    if (line.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
      return bad("a bare CR, LF or NUL in the request head");
    if (lines++ == 0) {
      if (line.empty()) return bad("expected a request line");
      out.append(line).append("\r\n").append(front_line);
      continue;
    }
    if (line.empty()) break;  // the blank line: `head` ends here
    if (lines > kMaxHeaderLines + 1) {
      return Refusal{431, Status(StatusCode::kResourceExhausted,
                                 "more than " + std::to_string(kMaxHeaderLines) + " header lines")};
    }
    size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    if (colon == std::string_view::npos || !is_token(name))
      return bad("malformed header line " + std::to_string(lines - 1));
    std::string_view value = trim(line.substr(colon + 1));
    if (equals_nocase(name, kFrontHeader)) continue;  // only the front names the client
    if (equals_nocase(name, "Content-Length")) {
      if (++lengths > 1) return bad("more than one Content-Length header", "Content-Length");
      if (value.empty() || value.size() > 15 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return bad("Content-Length is not a number of bytes", "Content-Length");
      parsed.content_length = std::stoull(std::string(value));
    } else if (equals_nocase(name, "Transfer-Encoding")) {
      chunked = true;
    } else if (equals_nocase(name, "Expect") && equals_nocase(value, "100-continue")) {
      parsed.expect_continue = true;
    }
    out.append(line).append("\r\n");
  }
  if (chunked && lengths > 0)
    return bad("Content-Length together with Transfer-Encoding", "Transfer-Encoding");
  if (chunked) {
    return Refusal{411, Status::invalid("Transfer-Encoding is not accepted: send the body with "
                                        "a Content-Length",
                                        "Transfer-Encoding")};
  }
  if (parsed.content_length > max_body) {
    return Refusal{413,
                   Status(StatusCode::kResourceExhausted,
                          "Content-Length over the limit of " + std::to_string(max_body) + " bytes",
                          "Content-Length")};
  }
  out.append("\r\n");
  return std::nullopt;
}

}  // namespace datacat::server
