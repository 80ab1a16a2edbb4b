#include "server/glossary_json.h"

#include <map>

#include "indexer/timestamp.h"

namespace datacat::server {

using nlohmann::json;

json node_to_json(const glossary::Node& node) {
  json out = {{"id", node.id},
              {"kind", glossary::node_kind_name(node.kind)},
              {"glossary_id", node.glossary_id},
              {"parent_id", node.parent_id == 0 ? json(nullptr) : json(node.parent_id)},
              {"label", node.label},
              {"description", node.description},
              {"owner", node.owner},
              {"created", indexer::format_rfc3339(node.created)},
              {"updated", indexer::format_rfc3339(node.updated)}};
  if (node.kind == glossary::NodeKind::kTerm) out["synonyms"] = node.synonyms;
  return out;
}

json tree_to_json(const std::vector<glossary::Node>& subtree) {
  if (subtree.empty()) return nullptr;
  // Children lists in the store's order, then built bottom-up from the root.
  std::map<int64_t, std::vector<const glossary::Node*>> children;
  for (size_t i = 1; i < subtree.size(); ++i) children[subtree[i].parent_id].push_back(&subtree[i]);
  std::function<json(const glossary::Node&)> build = [&](const glossary::Node& node) {
    json out = node_to_json(node);
    out["children"] = json::array();
    for (const glossary::Node* child : children[node.id]) out["children"].push_back(build(*child));
    return out;
  };
  return build(subtree.front());
}

json association_to_json(const glossary::Association& link, const glossary::Node* term) {
  return {{"id", link.id},
          {"term", term == nullptr ? json(nullptr)
                                   : json{{"id", term->id},
                                          {"label", term->label},
                                          {"glossary_id", term->glossary_id}}},
          {"asset", link.asset_uri},
          {"status", glossary::link_status_name(link.status)},
          {"proposed_by", link.proposed_by},
          {"proposed_at", indexer::format_rfc3339(link.proposed_at)},
          {"decided_by", link.decided_by.empty() ? json(nullptr) : json(link.decided_by)},
          {"decided_at",
           link.decided_at == 0 ? json(nullptr) : json(indexer::format_rfc3339(link.decided_at))}};
}

Status optional_string(const json& body, const char* field, std::optional<std::string>& out) {
  if (!body.contains(field)) return Status::ok();
  if (!body[field].is_string()) return Status::invalid("expected a string", field);
  out = body[field].get<std::string>();
  return Status::ok();
}

}  // namespace datacat::server
