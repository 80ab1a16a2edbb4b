#include "server/web_assets.h"

#include <array>

namespace datacat::server {
namespace {

// Scripts and styles only from this server; no inline script, no framing, no plugins.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

// Page paths the single page answers itself: exact paths, and prefixes of deeper ones.
constexpr std::array<std::string_view, 3> kPagePaths = {"/", "/glossaries", "/sign-in"};
constexpr std::array<std::string_view, 3> kPagePrefixes = {"/asset/", "/glossaries/", "/terms/"};

const EmbeddedFile* find_file(std::string_view name) {
  for (const EmbeddedFile& file : embedded_web_files()) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

void add_security_headers(Response& response) {
  response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
}

Response file_response(const Request& request, const EmbeddedFile& file) {
  Response response;
  response.content_type = std::string(content_type_of(file.name));
  response.headers.emplace_back("ETag", std::string(file.etag));
  // Revalidate every time: the files are small and change with each release.
  response.headers.emplace_back("Cache-Control", "no-cache");
  if (request.header("if-none-match") == file.etag) {
    response.status = 304;
  } else {
    response.body = std::string(file.body);
  }
  add_security_headers(response);
  return response;
}

bool is_page_path(std::string_view path) {
  for (std::string_view exact : kPagePaths) {
    if (path == exact) return true;
  }
  for (std::string_view prefix : kPagePrefixes) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

std::string_view content_type_of(std::string_view name) {
  auto ends_with = [&](std::string_view suffix) { return name.ends_with(suffix); };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  if (ends_with(".png")) return "image/png";
  if (ends_with(".json") || ends_with(".webmanifest")) return "application/json";
  if (ends_with(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<Response> serve_web(const Request& request) {
  const std::string& path = request.path;
  bool page = is_page_path(path);
  bool asset = path.rfind("/static/", 0) == 0;
  if (!page && !asset) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") {
    Response refused = json_response(
        405,
        {{"error",
          {{"code", "method_not_allowed"}, {"message", "the web page answers GET and HEAD"}}}});
    refused.headers.emplace_back("Allow", "GET, HEAD");
    add_security_headers(refused);
    return refused;
  }
  // Only names in the embedded table exist: no path reaches the file system.
  const EmbeddedFile* file = find_file(page ? "index.html" : path.substr(8));
  if (file == nullptr) {
    Response missing = error_response(Status::not_found("no such file"));
    add_security_headers(missing);
    return missing;
  }
  return file_response(request, *file);
}

}  // namespace datacat::server
