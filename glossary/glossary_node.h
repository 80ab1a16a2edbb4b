// Glossary node kinds (SPEC.md "Glossary"): a glossary holds categories, which nest to any
// depth, and terms. The glossary workflow itself arrives with the glossary issue.
#pragma once

#include <optional>
#include <string_view>

namespace datacat::glossary {

enum class NodeKind { kGlossary, kCategory, kTerm };

std::string_view node_kind_name(NodeKind kind);
std::optional<NodeKind> parse_node_kind(std::string_view name);

// Whether a node of kind `child` may sit directly under a node of kind `parent`.
bool may_contain(NodeKind parent, NodeKind child);

}  // namespace datacat::glossary
