#include "glossary/glossary_node.h"

namespace datacat::glossary {

std::string_view node_kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::kGlossary:
      return "glossary";
    case NodeKind::kCategory:
      return "category";
    case NodeKind::kTerm:
      return "term";
  }
  return "";
}

std::optional<NodeKind> parse_node_kind(std::string_view name) {
  for (NodeKind kind : {NodeKind::kGlossary, NodeKind::kCategory, NodeKind::kTerm}) {
    if (node_kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

bool may_contain(NodeKind parent, NodeKind child) {
  return parent != NodeKind::kTerm && child != NodeKind::kGlossary;
}

}  // namespace datacat::glossary
