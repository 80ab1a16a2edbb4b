// Asset routes: list, read, create/replace (PUT), merge-patch (PATCH), delete, permissions.
// Single-asset writes are conditional on the version the permission check saw, so a
// concurrent change of owner cannot slip between the check and the write; If-Match makes
// that explicit. (Bulk writes, in bulk_routes.cc, check every line, then write the batch in
// one transaction, without that condition.)
#include <charconv>
#include <sstream>

#include "indexer/asset_json.h"
#include "indexer/importer.h"
#include "server/asset_access.h"
#include "server/routes.h"

namespace datacat::server {
namespace {

using indexer::Asset;
using nlohmann::json;

constexpr int kDefaultListLimit = 50;
constexpr int kMaxListLimit = 100;
constexpr int kWriteAttempts = 3;  // retries when a concurrent write moved the version
const Status kSignIn(StatusCode::kUnauthenticated, "sign in to change the catalog");
const Status kBusy(StatusCode::kUnavailable,
                   "the asset kept changing while this write was checked; try again");

std::string etag_of(int64_t version) {
  return "\"" + std::to_string(version) + "\"";
}

// What the caller's If-Match / If-None-Match headers require.
struct Precondition {
  std::optional<int64_t> version;  // If-Match: "N"
  bool must_exist = false;         // If-Match: *
  bool must_not_exist = false;     // If-None-Match: *
  bool any() const { return version || must_exist || must_not_exist; }
};

Result<Precondition> precondition_of(const Request& request) {
  Precondition p;
  std::string match = request.header("if-match");
  if (!match.empty()) {
    if (match == "*") {
      p.must_exist = true;
    } else {
      std::string_view text = match;
      if (text.rfind("W/", 0) == 0) text.remove_prefix(2);
      if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
        text = text.substr(1, text.size() - 2);
      int64_t version = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
      if (error != std::errc() || end != text.data() + text.size() || version < 1)
        return Status::invalid("expected an ETag from this API, e.g. \"3\"", "If-Match");
      p.version = version;
    }
  }
  std::string none_match = request.header("if-none-match");
  if (!none_match.empty()) {
    if (none_match != "*") return Status::invalid("only '*' is supported", "If-None-Match");
    p.must_not_exist = true;
  }
  return p;
}

Status check_precondition(const Precondition& p, const std::optional<Asset>& stored) {
  if ((p.must_exist || p.version) && !stored)
    return Status(StatusCode::kFailedPrecondition, "the asset does not exist", "If-Match");
  if (p.version && stored->version != *p.version) {
    return Status(StatusCode::kFailedPrecondition,
                  "the asset is at version " + std::to_string(stored->version) + ", not " +
                      std::to_string(*p.version),
                  "If-Match");
  }
  if (p.must_not_exist && stored)
    return Status(StatusCode::kFailedPrecondition, "the asset already exists", "If-None-Match");
  return Status::ok();
}

// kInvalidArgument for a query parameter not in `allowed`.
Status check_params(const Request& request, std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : request.query_params()) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return Status::invalid("unknown parameter", name);
  }
  return Status::ok();
}

Response asset_response(int status, const Asset& asset) {
  Response response = json_response(status, indexer::asset_to_json(asset));
  response.headers.emplace_back("ETag", etag_of(asset.version));
  return response;
}

// Writes `asset` (already validated) on behalf of the caller, the shared tail of PUT and
// PATCH. `build` makes the asset from the stored one (nullopt when absent) each attempt.
Response write_asset(const ApiContext& ctx, const Request& request,
                     const std::function<Result<Asset>(const std::optional<Asset>&)>& build,
                     bool must_exist) {
  if (request.identity.anonymous()) return error_response(kSignIn);
  Result<Precondition> precondition = precondition_of(request);
  if (!precondition.is_ok()) return error_response(precondition.status());
  Result<indexer::AssetStore*> store = ctx.store();
  if (!store.is_ok()) return error_response(store.status());
  const std::string& uri = request.path_params.at("uri");
  for (int attempt = 1;; ++attempt) {
    Result<std::optional<Asset>> stored = (*store)->get(uri);
    if (!stored.is_ok()) return error_response(stored.status());
    if (must_exist && !*stored) return error_response(Status::not_found("no asset '" + uri + "'"));
    if (Status s = check_precondition(*precondition, *stored); !s.is_ok()) return error_response(s);
    Result<Asset> asset = build(*stored);
    if (!asset.is_ok()) return error_response(asset.status());
    AssetAccess access(ctx.auth, **store, request.identity);
    if (Status s = access.check_write(*stored, *asset); !s.is_ok()) return error_response(s);
    indexer::ParsedBatch batch;
    batch.assets.push_back(std::move(asset).value());
    batch.origins.push_back({"body", 1});
    indexer::ImportOptions options;
    options.expected_version = *stored ? (*stored)->version : 0;
    Result<indexer::ImportReport> report =
        indexer::import_batch(**store, std::move(batch), options);
    if (!report.is_ok()) {
      bool raced = report.status().code() == StatusCode::kFailedPrecondition;
      if (raced && !precondition->any()) {
        if (attempt < kWriteAttempts) continue;
        return error_response(kBusy);
      }
      if (raced)  // the caller's If-Match held at the check but not at the write
        return error_response(
            Status(StatusCode::kFailedPrecondition, report.status().message(), "If-Match"));
      return error_response(report.status());
    }
    if (!report->errors.empty()) return error_response(report->errors.front().status);
    Response response =
        asset_response(report->summary.created > 0 ? 201 : 200, report->assets.front());
    ctx.after_write(request, response);
    return response;
  }
}

Result<Asset> asset_from_json(json body, const std::string& uri) {
  if (!body.is_object()) return Status::invalid("expected a JSON object", "body");
  if (body.contains("uri") && body["uri"] != uri)
    return Status::invalid("does not match the uri in the path", "uri");
  body["uri"] = uri;
  return indexer::parse_asset(body);
}

Response put_asset(const ApiContext& ctx, const Request& request) {
  if (request.identity.anonymous()) return error_response(kSignIn);
  if (Status s = check_params(request, {"sync"}); !s.is_ok()) return error_response(s);
  Result<json> body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  const std::string& uri = request.path_params.at("uri");
  Result<Asset> incoming = asset_from_json(*body, uri);
  if (!incoming.is_ok()) return error_response(incoming.status());
  Response response = write_asset(
      ctx, request, [&](const std::optional<Asset>&) -> Result<Asset> { return *incoming; }, false);
  if (response.status == 201)
    response.headers.emplace_back("Location", "/api/v1/assets/" + url_encode(uri));
  return response;
}

// JSON merge patch (RFC 7386) over the stored asset; null removes a field.
Response patch_asset(const ApiContext& ctx, const Request& request) {
  if (request.identity.anonymous()) return error_response(kSignIn);
  if (Status s = check_params(request, {"sync"}); !s.is_ok()) return error_response(s);
  Result<json> patch = parse_json_body(request);
  if (!patch.is_ok()) return error_response(patch.status());
  if (!patch->is_object()) return error_response(Status::invalid("expected a JSON object", "body"));
  const std::string& uri = request.path_params.at("uri");
  return write_asset(
      ctx, request,
      [&](const std::optional<Asset>& stored) -> Result<Asset> {
        json merged = indexer::asset_to_json(*stored);
        for (const char* managed : {"version", "created", "updated"}) merged.erase(managed);
        merged.merge_patch(*patch);
        return asset_from_json(std::move(merged), uri);
      },
      true);
}

// A read replica has no catalog: it answers from the asset record in its copy of the
// index, the same JSON the primary gives.
Response get_asset_from_index(const ApiContext& ctx, const Request& request, const std::string& uri,
                              bool resolved) {
  Result<indexer::Searcher*> searcher = ctx.searcher();
  if (!searcher.is_ok()) return error_response(searcher.status());
  Result<std::optional<indexer::AssetRecord>> record = (*searcher)->asset_record(uri);
  if (!record.is_ok()) return error_response(record.status());
  if (!*record) return error_response(Status::not_found("no asset '" + uri + "'"));
  if (resolved) return json_response(200, (*record)->resolved);
  Response response = json_response(200, (*record)->stored);
  response.headers.emplace_back("ETag", etag_of((*record)->version));
  if (request.header("if-none-match") == etag_of((*record)->version)) {
    response.status = 304;
    response.body.clear();
  }
  return response;
}

Response get_asset(const ApiContext& ctx, const Request& request) {
  bool resolved = false;
  for (const auto& [name, value] : request.query_params()) {
    if (name != "resolved") return error_response(Status::invalid("unknown parameter", name));
    resolved = value == "true" || value == "1";
  }
  const std::string& uri = request.path_params.at("uri");
  if (ctx.replica != nullptr) return get_asset_from_index(ctx, request, uri, resolved);
  Result<indexer::AssetStore*> store = ctx.store();
  if (!store.is_ok()) return error_response(store.status());
  Result<std::optional<Asset>> asset = resolved ? (*store)->get_resolved(uri) : (*store)->get(uri);
  if (!asset.is_ok()) return error_response(asset.status());
  if (!*asset) return error_response(Status::not_found("no asset '" + uri + "'"));
  // The resolved form also depends on the dataset's version: no ETag for it.
  if (resolved) return json_response(200, indexer::asset_to_json(**asset));
  Response response = asset_response(200, **asset);
  if (request.header("if-none-match") == etag_of((*asset)->version)) {
    response.status = 304;
    response.body.clear();
  }
  return response;
}

// GET /api/v1/assets/{uri}/permissions: what the caller may do to the asset, by the same
// rules the writes apply (AssetAccess), so a client offers only those actions.
Response asset_permissions(const ApiContext& ctx, const Request& request) {
  if (Status s = check_params(request, {}); !s.is_ok()) return error_response(s);
  Result<indexer::AssetStore*> store = ctx.store();
  if (!store.is_ok()) return error_response(store.status());
  const std::string& uri = request.path_params.at("uri");
  Result<std::optional<Asset>> stored = (*store)->get(uri);
  if (!stored.is_ok()) return error_response(stored.status());
  if (!*stored) return error_response(Status::not_found("no asset '" + uri + "'"));
  bool signed_in = !request.identity.anonymous();
  AssetAccess access(ctx.auth, **store, request.identity);
  bool edit = signed_in && access.check_write(*stored, **stored).is_ok();
  bool remove = signed_in && access.check_delete(**stored).is_ok();
  return json_response(200,
                       {{"uri", uri}, {"edit", edit}, {"delete", remove}, {"propose_terms", edit}});
}

Response delete_asset(const ApiContext& ctx, const Request& request) {
  if (request.identity.anonymous()) return error_response(kSignIn);
  if (Status s = check_params(request, {"sync"}); !s.is_ok()) return error_response(s);
  Result<Precondition> precondition = precondition_of(request);
  if (!precondition.is_ok()) return error_response(precondition.status());
  Result<indexer::AssetStore*> store = ctx.store();
  if (!store.is_ok()) return error_response(store.status());
  const std::string& uri = request.path_params.at("uri");
  for (int attempt = 1;; ++attempt) {
    Result<std::optional<Asset>> stored = (*store)->get(uri);
    if (!stored.is_ok()) return error_response(stored.status());
    if (!*stored) return error_response(Status::not_found("no asset '" + uri + "'"));
    if (Status s = check_precondition(*precondition, *stored); !s.is_ok()) return error_response(s);
    AssetAccess access(ctx.auth, **store, request.identity);
    if (Status s = access.check_delete(**stored); !s.is_ok()) return error_response(s);
    Result<indexer::WriteSummary> removed = (*store)->remove({uri}, (*stored)->version);
    if (!removed.is_ok()) {
      bool raced = removed.status().code() == StatusCode::kFailedPrecondition;
      if (raced && !precondition->any()) {
        if (attempt < kWriteAttempts) continue;
        return error_response(kBusy);
      }
      return error_response(removed.status());
    }
    Response response = json_response(200, {{"deleted", removed->deleted}});
    ctx.after_write(request, response);
    return response;
  }
}

// GET /api/v1/assets?type=&parent=&cursor=&limit=: stored assets in uri order.
Response list_assets(const ApiContext& ctx, const Request& request) {
  std::string type, parent, cursor;
  int limit = kDefaultListLimit;
  for (const auto& [name, value] : request.query_params()) {
    if (name == "type") {
      if (!indexer::parse_asset_type(value))
        return error_response(
            Status::invalid("expected dataset, table, folder or dashboard", name));
      type = value;
    } else if (name == "parent") {
      parent = value;
    } else if (name == "cursor") {
      cursor = value;
    } else if (name == "limit") {
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (error != std::errc() || end != value.data() + value.size() || limit < 1 ||
          limit > kMaxListLimit)
        return error_response(
            Status::invalid("expected 1 to " + std::to_string(kMaxListLimit), name));
    } else {
      return error_response(Status::invalid("unknown parameter", name));
    }
  }
  Result<indexer::AssetStore*> store = ctx.store();
  if (!store.is_ok()) return error_response(store.status());
  // One more than asked tells whether there is a next page.
  Result<std::vector<Asset>> assets = (*store)->list(cursor, limit + 1, type, parent);
  if (!assets.is_ok()) return error_response(assets.status());
  bool more = static_cast<int>(assets->size()) > limit;
  if (more) assets->pop_back();
  json items = json::array();
  for (const Asset& asset : *assets) items.push_back(indexer::asset_to_json(asset));
  json next = more ? json(assets->back().uri) : json(nullptr);
  return json_response(200, {{"assets", items}, {"next_cursor", next}});
}

}  // namespace

void add_asset_routes(Router& router, const ApiContext& ctx) {
  router.add("GET", "/api/v1/assets",
             [&ctx](const Request& request) { return list_assets(ctx, request); });
  router.add("GET", "/api/v1/assets/{uri}",
             [&ctx](const Request& request) { return get_asset(ctx, request); });
  router.add("GET", "/api/v1/assets/{uri}/permissions",
             [&ctx](const Request& request) { return asset_permissions(ctx, request); });
  router.add("PUT", "/api/v1/assets/{uri}",
             [&ctx](const Request& request) { return put_asset(ctx, request); });
  router.add("PATCH", "/api/v1/assets/{uri}",
             [&ctx](const Request& request) { return patch_asset(ctx, request); });
  router.add("DELETE", "/api/v1/assets/{uri}",
             [&ctx](const Request& request) { return delete_asset(ctx, request); });
}

}  // namespace datacat::server
