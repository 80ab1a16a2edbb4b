// JSON of glossary nodes, trees and term links for the glossary API (docs/api.md).
// Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "glossary/association.h"
#include "glossary/glossary_node.h"
#include "indexer/status.h"

namespace datacat::server {

// {"id", "kind", "glossary_id", "parent_id" (null for a glossary), "label", "description",
//  "synonyms" (terms), "owner", "created", "updated"}
nlohmann::json node_to_json(const glossary::Node& node);

// The node list of GlossaryStore::subtree (parents before children) as one nested object:
// each node with "children": [...].
nlohmann::json tree_to_json(const std::vector<glossary::Node>& subtree);

// {"id", "term": {"id", "label"}, "asset", "status", "proposed_by", "proposed_at",
//  "decided_by", "decided_at"}; `term` may be null when the term is unknown.
nlohmann::json association_to_json(const glossary::Association& link, const glossary::Node* term);

// Reads an optional string field; kInvalidArgument naming it for another type.
Status optional_string(const nlohmann::json& body, const char* field,
                       std::optional<std::string>& out);

}  // namespace datacat::server
