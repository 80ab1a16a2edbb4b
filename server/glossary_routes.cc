// Glossary routes: glossaries, their trees, categories and terms, term detail and term
// search. Reading needs read access; creating a glossary needs the glossary manager group;
// everything else that writes needs the glossary's owner team (auth.h).
#include <charconv>

#include "server/glossary_json.h"
#include "server/routes.h"

namespace datacat::server {
namespace {

using glossary::Node;
using glossary::NodeKind;
using nlohmann::json;

constexpr size_t kDefaultSearchLimit = 20;
constexpr size_t kMaxSearchLimit = 100;

// The node at path parameter `name`, of `kind` when given (else kNotFound).
Result<Node> node_at(const ApiContext& ctx, const Request& request, const char* name,
                     std::optional<NodeKind> kind) {
  Result<int64_t> id = path_id(request, name);
  if (!id.is_ok()) return id.status();
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return store.status();
  Result<Node> node = (*store)->get(*id);
  if (!node.is_ok()) return node.status();
  if (kind && node->kind != *kind) {
    return Status::not_found("no " + std::string(glossary::node_kind_name(*kind)) + " " +
                             std::to_string(*id));
  }
  return node;
}

// May the caller change `node`'s glossary? (Its owner team, or an admin.)
Status check_owner(const ApiContext& ctx, const Request& request, const Node& node) {
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return store.status();
  Result<Node> root = node.kind == NodeKind::kGlossary ? node : (*store)->get(node.glossary_id);
  if (!root.is_ok()) return root.status();
  return ctx.auth.check_glossary_owner(request.identity, root->owner, root->label);
}

Result<std::vector<std::string>> synonyms_of(const json& body) {
  std::vector<std::string> synonyms;
  if (!body.contains("synonyms")) return synonyms;
  if (!body["synonyms"].is_array()) return Status::invalid("expected an array", "synonyms");
  for (size_t i = 0; i < body["synonyms"].size(); ++i) {
    if (!body["synonyms"][i].is_string())
      return Status::invalid("expected a string", "synonyms[" + std::to_string(i) + "]");
    synonyms.push_back(body["synonyms"][i].get<std::string>());
  }
  return synonyms;
}

// Refuses fields of `body` not in `allowed`.
Status check_fields(const json& body, std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return Status::invalid("expected a JSON object", "body");
  for (const auto& [name, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return Status::invalid("unknown field", name);
  }
  return Status::ok();
}

Response list_glossaries(const ApiContext& ctx) {
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<std::vector<Node>> all = (*store)->glossaries();
  if (!all.is_ok()) return error_response(all.status());
  json out = json::array();
  for (const Node& node : *all) out.push_back(node_to_json(node));
  return json_response(200, {{"glossaries", out}});
}

Response create_glossary(const ApiContext& ctx, const Request& request) {
  if (Status s = ctx.auth.check_glossary_create(request.identity); !s.is_ok())
    return error_response(s);
  Result<json> body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (Status s = check_fields(*body, {"label", "description", "owner"}); !s.is_ok())
    return error_response(s);
  std::optional<std::string> label, description, owner;
  for (auto [field, out] : {std::pair{"label", &label}, std::pair{"description", &description},
                            std::pair{"owner", &owner}}) {
    if (Status s = optional_string(*body, field, *out); !s.is_ok()) return error_response(s);
  }
  if (!label) return error_response(Status::invalid("required", "label"));
  if (!owner) return error_response(Status::invalid("required", "owner"));
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<Node> created = (*store)->create_glossary(*label, description.value_or(""), *owner);
  if (!created.is_ok()) return error_response(created.status());
  Response response = json_response(201, node_to_json(*created));
  response.headers.emplace_back("Location", "/api/v1/glossaries/" + std::to_string(created->id));
  return response;
}

Response get_node(const ApiContext& ctx, const Request& request, const char* name,
                  std::optional<NodeKind> kind) {
  Result<Node> node = node_at(ctx, request, name, kind);
  if (!node.is_ok()) return error_response(node.status());
  return json_response(200, node_to_json(*node));
}

Response tree(const ApiContext& ctx, const Request& request) {
  Result<Node> node = node_at(ctx, request, "id", NodeKind::kGlossary);
  if (!node.is_ok()) return error_response(node.status());
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<std::vector<Node>> subtree = (*store)->subtree(node->id);
  if (!subtree.is_ok()) return error_response(subtree.status());
  return json_response(200, tree_to_json(*subtree));
}

// PATCH a glossary or a node: label, description, synonyms (terms), owner (glossaries),
// parent (categories and terms: a move).
Response patch_node(const ApiContext& ctx, const Request& request, const char* name,
                    std::optional<NodeKind> kind) {
  Result<Node> node = node_at(ctx, request, name, kind);
  if (!node.is_ok()) return error_response(node.status());
  if (Status s = check_owner(ctx, request, *node); !s.is_ok()) return error_response(s);
  Result<json> body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (Status s = check_fields(*body, {"label", "description", "synonyms", "owner", "parent"});
      !s.is_ok())
    return error_response(s);
  glossary::NodeChange change;
  for (auto [field, out] :
       {std::pair{"label", &change.label}, std::pair{"description", &change.description},
        std::pair{"owner", &change.owner}}) {
    if (Status s = optional_string(*body, field, *out); !s.is_ok()) return error_response(s);
  }
  if (body->contains("synonyms")) {
    Result<std::vector<std::string>> synonyms = synonyms_of(*body);
    if (!synonyms.is_ok()) return error_response(synonyms.status());
    change.synonyms = *synonyms;
  }
  if (body->contains("parent")) {
    if (!(*body)["parent"].is_number_integer())
      return error_response(Status::invalid("expected a node id", "parent"));
    change.parent_id = (*body)["parent"].get<int64_t>();
  }
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<Node> updated = (*store)->update_node(node->id, change);
  if (!updated.is_ok()) return error_response(updated.status());
  Response response = json_response(200, node_to_json(*updated));
  ctx.after_write(request, response);
  return response;
}

Response delete_node(const ApiContext& ctx, const Request& request, const char* name,
                     std::optional<NodeKind> kind) {
  Result<Node> node = node_at(ctx, request, name, kind);
  if (!node.is_ok()) return error_response(node.status());
  if (Status s = check_owner(ctx, request, *node); !s.is_ok()) return error_response(s);
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  if (Status s = (*store)->delete_node(node->id, request.identity.user); !s.is_ok())
    return error_response(s);
  Response response = json_response(200, {{"deleted", node->id}});
  ctx.after_write(request, response);
  return response;
}

// POST /api/v1/glossaries/{id}/nodes {"kind", "label", "parent"?, "description"?, "synonyms"?}
Response add_node(const ApiContext& ctx, const Request& request) {
  Result<Node> glossary_node = node_at(ctx, request, "id", NodeKind::kGlossary);
  if (!glossary_node.is_ok()) return error_response(glossary_node.status());
  if (Status s = check_owner(ctx, request, *glossary_node); !s.is_ok()) return error_response(s);
  Result<json> body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (Status s = check_fields(*body, {"kind", "label", "parent", "description", "synonyms"});
      !s.is_ok())
    return error_response(s);
  std::optional<std::string> kind_name, label, description;
  for (auto [field, out] : {std::pair{"kind", &kind_name}, std::pair{"label", &label},
                            std::pair{"description", &description}}) {
    if (Status s = optional_string(*body, field, *out); !s.is_ok()) return error_response(s);
  }
  std::optional<NodeKind> kind = kind_name ? glossary::parse_node_kind(*kind_name) : std::nullopt;
  if (!kind || *kind == NodeKind::kGlossary)
    return error_response(Status::invalid("expected category or term", "kind"));
  if (!label) return error_response(Status::invalid("required", "label"));
  int64_t parent = glossary_node->id;
  if (body->contains("parent")) {
    if (!(*body)["parent"].is_number_integer())
      return error_response(Status::invalid("expected a node id", "parent"));
    parent = (*body)["parent"].get<int64_t>();
  }
  Result<std::vector<std::string>> synonyms = synonyms_of(*body);
  if (!synonyms.is_ok()) return error_response(synonyms.status());
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<Node> parent_node = (*store)->get(parent);
  if (!parent_node.is_ok() || parent_node->glossary_id != glossary_node->id)
    return error_response(Status::invalid(
        "no category or glossary " + std::to_string(parent) + " in this glossary", "parent"));
  Result<Node> created =
      (*store)->add_node(parent, *kind, *label, description.value_or(""), *synonyms);
  if (!created.is_ok()) return error_response(created.status());
  Response response = json_response(201, node_to_json(*created));
  response.headers.emplace_back("Location",
                                "/api/v1/glossary-nodes/" + std::to_string(created->id));
  return response;
}

// A term with the assets it is approved for.
Response get_term(const ApiContext& ctx, const Request& request) {
  Result<Node> term = node_at(ctx, request, "id", NodeKind::kTerm);
  if (!term.is_ok()) return error_response(term.status());
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<std::vector<glossary::Association>> links = (*store)->associations_of_term(term->id);
  if (!links.is_ok()) return error_response(links.status());
  Result<indexer::AssetStore*> assets = ctx.store();
  if (!assets.is_ok()) return error_response(assets.status());
  json linked = json::array();
  for (const glossary::Association& link : *links) {
    if (link.status != glossary::LinkStatus::kApproved) continue;
    Result<std::optional<indexer::Asset>> asset = (*assets)->get(link.asset_uri);
    if (!asset.is_ok()) return error_response(asset.status());
    if (!*asset) continue;
    linked.push_back({{"uri", (*asset)->uri},
                      {"type", indexer::asset_type_name((*asset)->type)},
                      {"name", (*asset)->name},
                      {"label", (*asset)->label.empty() ? (*asset)->name : (*asset)->label},
                      {"association", link.id}});
  }
  json out = node_to_json(*term);
  out["assets"] = linked;
  return json_response(200, out);
}

Response search_terms(const ApiContext& ctx, const Request& request) {
  std::string q;
  size_t limit = kDefaultSearchLimit;
  for (const auto& [name, value] : request.query_params()) {
    if (name == "q") {
      q = value;
    } else if (name == "limit") {
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (error != std::errc() || end != value.data() + value.size() || limit < 1 ||
          limit > kMaxSearchLimit)
        return error_response(Status::invalid("expected 1 to 100", name));
    } else {
      return error_response(Status::invalid("unknown parameter", name));
    }
  }
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<std::vector<Node>> terms = (*store)->search_terms(q, limit);
  if (!terms.is_ok()) return error_response(terms.status());
  json out = json::array();
  for (const Node& term : *terms) out.push_back(node_to_json(term));
  return json_response(200, {{"q", q}, {"terms", out}});
}

}  // namespace

void add_glossary_routes(Router& router, const ApiContext& ctx) {
  const std::optional<NodeKind> kGlossary = NodeKind::kGlossary;
  router.add("GET", "/api/v1/glossaries", [&ctx](const Request&) { return list_glossaries(ctx); });
  router.add("POST", "/api/v1/glossaries",
             [&ctx](const Request& request) { return create_glossary(ctx, request); });
  router.add("GET", "/api/v1/glossaries/{id}", [&ctx, kGlossary](const Request& request) {
    return get_node(ctx, request, "id", kGlossary);
  });
  router.add("PATCH", "/api/v1/glossaries/{id}", [&ctx, kGlossary](const Request& request) {
    return patch_node(ctx, request, "id", kGlossary);
  });
  router.add("DELETE", "/api/v1/glossaries/{id}", [&ctx, kGlossary](const Request& request) {
    return delete_node(ctx, request, "id", kGlossary);
  });
  router.add("GET", "/api/v1/glossaries/{id}/tree",
             [&ctx](const Request& request) { return tree(ctx, request); });
  router.add("POST", "/api/v1/glossaries/{id}/nodes",
             [&ctx](const Request& request) { return add_node(ctx, request); });
  router.add("GET", "/api/v1/glossary-nodes/{id}",
             [&ctx](const Request& request) { return get_node(ctx, request, "id", std::nullopt); });
  router.add("PATCH", "/api/v1/glossary-nodes/{id}", [&ctx](const Request& request) {
    return patch_node(ctx, request, "id", std::nullopt);
  });
  router.add("DELETE", "/api/v1/glossary-nodes/{id}", [&ctx](const Request& request) {
    return delete_node(ctx, request, "id", std::nullopt);
  });
  router.add("GET", "/api/v1/terms/{id}",
             [&ctx](const Request& request) { return get_term(ctx, request); });
  router.add("GET", "/api/v1/glossary-search",
             [&ctx](const Request& request) { return search_terms(ctx, request); });
}

}  // namespace datacat::server
