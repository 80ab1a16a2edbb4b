// Glossary nodes (SPEC.md "Glossary"): a glossary holds categories, which nest up to
// NodeLimits::kDepth levels, and terms. Plain value types and the input rules every node write
// obeys; no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/status.h"

namespace datacat::glossary {

enum class NodeKind { kGlossary, kCategory, kTerm };

std::string_view node_kind_name(NodeKind kind);
std::optional<NodeKind> parse_node_kind(std::string_view name);

// Whether a node of kind `child` may sit directly under a node of kind `parent`.
bool may_contain(NodeKind parent, NodeKind child);

// One glossary, category or term.
struct Node {
  int64_t id = 0;
  NodeKind kind = NodeKind::kGlossary;
  int64_t glossary_id = 0;  // the glossary the node belongs to; its own id for a glossary
  int64_t parent_id = 0;    // 0 for a glossary
  std::string label;
  std::string description;
  std::vector<std::string> synonyms;  // terms only
  std::string owner;                  // the glossary's owner team, filled for every node
  int64_t created = 0;                // Unix seconds; never changes
  int64_t updated = 0;                // Unix seconds; set by every update

  bool operator==(const Node&) const = default;
};

// A partial update of a node: only the fields that are set change.
struct NodeChange {
  std::optional<std::string> label = std::nullopt;
  std::optional<std::string> description = std::nullopt;
  std::optional<std::string> owner = std::nullopt;                  // glossaries only
  std::optional<std::vector<std::string>> synonyms = std::nullopt;  // terms only
  std::optional<int64_t> parent_id = std::nullopt;                  // categories and terms: a move
};

struct NodeLimits {
  static constexpr size_t kLabelBytes = 200;  // labels, synonyms and owners
  static constexpr size_t kDescriptionBytes = 64 * 1024;
  static constexpr size_t kSynonyms = 50;
  // Levels of categories and terms below the glossary. Checked before anything descends:
  // by the store on every add and move, and by the import readers (exports, the glossary
  // facet and the readers recurse over the tree).
  static constexpr size_t kDepth = 100;
};

// Input checks; each returns kInvalidArgument naming the field, or ok.
// A label (or owner) is 1-kLabelBytes bytes of valid UTF-8, not blank, without control
// characters.
Status check_label(std::string_view label, const std::string& field = "label");
// A description is at most kDescriptionBytes of valid UTF-8; of the control characters only
// tab, line feed and carriage return.
Status check_description(std::string_view description);
// An owner team name follows the label rules (field "owner").
Status check_owner(std::string_view owner);
// At most kSynonyms synonyms, each a valid label (field "synonyms[i]") that differs from
// `label` and from the others, ignoring ASCII case.
Status check_synonyms(const std::vector<std::string>& synonyms, std::string_view label);

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool is_utf8(std::string_view text);

// ASCII case-insensitive equality, the rule SQLite's NOCASE applies to labels.
bool equal_ignoring_case(std::string_view a, std::string_view b);

}  // namespace datacat::glossary
