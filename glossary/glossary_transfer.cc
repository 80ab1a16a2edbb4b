// Glossary documents: building one from a subtree, and the JSON form. The CSV form is in
// glossary_transfer_csv.cc.
#include "glossary/glossary_transfer.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace datacat::glossary {
namespace {

using nlohmann::ordered_json;

constexpr const char* kFormat = "datacat-glossary/1";
constexpr size_t kMaxDepth = NodeLimits::kDepth;

ordered_json node_json(const TreeNode& node) {
  ordered_json out;
  out["kind"] = node_kind_name(node.kind);
  out["label"] = node.label;
  out["description"] = node.description;
  if (node.kind == NodeKind::kTerm) {
    out["synonyms"] = node.synonyms;
  } else {
    ordered_json children = ordered_json::array();
    for (const TreeNode& child : node.children) children.push_back(node_json(child));
    out["children"] = std::move(children);
  }
  return out;
}

// Reads a string member; field is `at` + name.
Status read_string(const nlohmann::json& object, const char* name, const std::string& at,
                   bool required, std::string& out) {
  auto it = object.find(name);
  if (it == object.end()) {
    return required ? Status::invalid("required", at + name) : Status::ok();
  }
  if (!it->is_string()) return Status::invalid("expected a string", at + name);
  out = it->get<std::string>();
  return Status::ok();
}

Status read_children(const nlohmann::json& object, const std::string& at, size_t depth,
                     std::vector<TreeNode>& out);

Status read_node(const nlohmann::json& value, const std::string& path, size_t depth,
                 TreeNode& node) {
  if (!value.is_object()) return Status::invalid("expected an object", path);
  if (depth > kMaxDepth) {
    return Status::invalid("nested deeper than " + std::to_string(kMaxDepth) + " levels", path);
  }
  std::string at = path + ".";
  std::string kind;
  if (Status s = read_string(value, "kind", at, true, kind); !s.is_ok()) return s;
  std::optional<NodeKind> parsed = parse_node_kind(kind);
  if (!parsed || *parsed == NodeKind::kGlossary) {
    return Status::invalid("expected category or term", at + "kind");
  }
  node.kind = *parsed;
  node.source = path;
  for (const auto& [name, member] : value.items()) {
    bool known = name == "kind" || name == "label" || name == "description" ||
                 (name == "synonyms" && node.kind == NodeKind::kTerm) ||
                 (name == "children" && node.kind == NodeKind::kCategory);
    if (!known) {
      return Status::invalid("not a field of a " + kind, at + name);
    }
  }
  if (Status s = read_string(value, "label", at, true, node.label); !s.is_ok()) return s;
  if (Status s = read_string(value, "description", at, false, node.description); !s.is_ok())
    return s;
  if (auto it = value.find("synonyms"); it != value.end()) {
    if (!it->is_array()) return Status::invalid("expected an array", at + "synonyms");
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) {
        return Status::invalid("expected a string", at + "synonyms[" + std::to_string(i) + "]");
      }
      node.synonyms.push_back((*it)[i].get<std::string>());
    }
  }
  return read_children(value, at, depth, node.children);
}

Status read_children(const nlohmann::json& object, const std::string& at, size_t depth,
                     std::vector<TreeNode>& out) {
  auto it = object.find("children");
  if (it == object.end()) return Status::ok();
  if (!it->is_array()) return Status::invalid("expected an array", at + "children");
  for (size_t i = 0; i < it->size(); ++i) {
    TreeNode child;
    std::string path = at + "children[" + std::to_string(i) + "]";
    if (Status s = read_node((*it)[i], path, depth + 1, child); !s.is_ok()) return s;
    out.push_back(std::move(child));
  }
  return Status::ok();
}

}  // namespace

std::string transfer_field(const TreeNode& node, std::string_view field) {
  if (node.source.rfind("line ", 0) != 0) return node.source + "." + std::string(field);
  std::string column(field.substr(0, field.find('[')));
  if (column == "label") column = "name";
  return node.source + ": " + column;
}

GlossaryDocument document_of(const std::vector<Node>& subtree) {
  GlossaryDocument document;
  if (subtree.empty()) return document;
  const Node& root = subtree.front();
  document.label = root.label;
  document.description = root.description;
  document.owner = root.owner;
  // subtree lists siblings in export order; keep it.
  std::unordered_map<int64_t, std::vector<size_t>> children_of;
  for (size_t i = 1; i < subtree.size(); ++i) children_of[subtree[i].parent_id].push_back(i);
  std::function<TreeNode(size_t)> build = [&](size_t index) {
    const Node& node = subtree[index];
    TreeNode out{node.kind, node.label, node.description, node.synonyms, {}, {}};
    for (size_t child : children_of[node.id]) out.children.push_back(build(child));
    return out;
  };
  for (size_t child : children_of[root.id]) document.children.push_back(build(child));
  return document;
}

std::string to_json_text(const GlossaryDocument& document) {
  ordered_json out;
  out["format"] = kFormat;
  out["label"] = document.label;
  out["description"] = document.description;
  out["owner"] = document.owner;
  ordered_json children = ordered_json::array();
  for (const TreeNode& child : document.children) children.push_back(node_json(child));
  out["children"] = std::move(children);
  return out.dump(2) + "\n";
}

Result<GlossaryDocument> parse_json_document(std::string_view text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded()) return Status::invalid("not valid JSON", "body");
  if (!value.is_object()) return Status::invalid("expected a JSON object", "body");
  for (const auto& [name, member] : value.items()) {
    if (name != "format" && name != "label" && name != "description" && name != "owner" &&
        name != "children") {
      return Status::invalid("unknown field", name);
    }
  }
  std::string format;
  if (Status s = read_string(value, "format", "", true, format); !s.is_ok()) return s;
  if (format != kFormat) return Status::invalid(std::string("expected ") + kFormat, "format");
  GlossaryDocument document;
  if (Status s = read_string(value, "label", "", false, document.label); !s.is_ok()) return s;
  if (Status s = read_string(value, "description", "", false, document.description); !s.is_ok())
    return s;
  if (Status s = read_string(value, "owner", "", false, document.owner); !s.is_ok()) return s;
  if (Status s = read_children(value, "", 0, document.children); !s.is_ok()) return s;
  return document;
}

}  // namespace datacat::glossary
