// The web catalog page (web/): its files are compiled into the binary
// (cmake/embed_files.cmake), so `datacat serve` needs no files beside it and never reads
// the disk to serve them. civetweb's document_root is never used (CVE-2025-55763).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "server/http_types.h"

namespace datacat::server {

struct EmbeddedFile {
  std::string_view name;  // path under web/, e.g. "app.js"
  std::string_view body;
  std::string_view etag;  // quoted, from the file's SHA-256
};

// Every embedded file (generated source).
const std::vector<EmbeddedFile>& embedded_web_files();

// The answer for a web page path, or nullopt when `request.path` is not one (then the API
// router answers). Web paths: "/" and the page routes "/asset/...", "/glossaries...",
// "/terms/...", "/sign-in" (all answer index.html: the page reads its state from the URL),
// and "/static/<file>" for the other files. GET and HEAD only (else 405). Every answer
// carries the security headers (Content-Security-Policy and friends); files carry an ETag
// and answer 304 to a matching If-None-Match. Thread-safe.
std::optional<Response> serve_web(const Request& request);

// The Content-Type for a file name by its extension ("application/octet-stream" when
// unknown).
std::string_view content_type_of(std::string_view name);

}  // namespace datacat::server
