// The CSV form of glossary documents (glossary_transfer.h).
#include <map>

#include "glossary/csv.h"
#include "glossary/glossary_transfer.h"

namespace datacat::glossary {
namespace {

constexpr size_t kMaxDepth = NodeLimits::kDepth;
const std::vector<std::string> kHeader = {"parent", "name", "description", "synonyms"};

void write_rows(const std::vector<TreeNode>& nodes, std::vector<std::string>& path,
                std::string& out) {
  for (const TreeNode& node : nodes) {
    bool category = node.kind == NodeKind::kCategory;
    // A category's name ends with "/": join_escaped of {label, ""}.
    std::vector<std::string> name{node.label};
    if (category) name.emplace_back();
    out += csv_record({join_escaped(path, '/'), join_escaped(name, '/'), node.description,
                       join_escaped(node.synonyms, '|')});
    if (!category) continue;
    path.push_back(node.label);
    write_rows(node.children, path, out);
    path.pop_back();
  }
}

// A row being read, or a category a parent path named before (or without) its row.
struct PendingNode {
  std::string label;
  std::string description;
  std::vector<std::string> synonyms;
  size_t line = 0;        // of its row, or of the first row naming it as a parent
  bool declared = false;  // its own row was read
  bool category = false;  // its name ends with "/", or a row names it as a parent
  std::vector<size_t> children;
};

Status line_error(size_t line, const std::string& column, const std::string& message) {
  return Status::invalid(message, "line " + std::to_string(line) + ": " + column);
}

TreeNode build(const std::vector<PendingNode>& nodes, size_t index) {
  const PendingNode& node = nodes[index];
  TreeNode out;
  out.kind = node.category ? NodeKind::kCategory : NodeKind::kTerm;
  out.label = node.label;
  out.description = node.description;
  out.synonyms = node.synonyms;
  out.source = "line " + std::to_string(node.line);
  out.implied = !node.declared;
  for (size_t child : node.children) out.children.push_back(build(nodes, child));
  return out;
}

}  // namespace

std::string to_csv(const GlossaryDocument& document) {
  std::string out = csv_record(kHeader);
  std::vector<std::string> path;
  write_rows(document.children, path, out);
  return out;
}

Result<GlossaryDocument> parse_csv_document(std::string_view text) {
  Result<std::vector<CsvRecord>> records = read_csv(text);
  if (!records.is_ok()) return records.status();
  if (records->empty() || records->front().fields != kHeader) {
    return Status::invalid("expected the header row parent,name,description,synonyms", "line 1");
  }
  // nodes[0] is the glossary; `by_path` finds a node by its labels from the glossary down.
  std::vector<PendingNode> nodes(1);
  std::map<std::vector<std::string>, size_t> by_path;
  // The node at `path`, created (as a category named by line `line`) when missing.
  auto find_or_add = [&](const std::vector<std::string>& path, size_t line) -> size_t {
    size_t parent = 0;
    for (size_t depth = 1; depth <= path.size(); ++depth) {
      std::vector<std::string> prefix(path.begin(), path.begin() + static_cast<long>(depth));
      auto [it, added] = by_path.try_emplace(prefix, nodes.size());
      if (added) {
        nodes.push_back(PendingNode{prefix.back(), "", {}, line, false, false, {}});
        nodes[parent].children.push_back(it->second);
      }
      parent = it->second;
    }
    return parent;
  };
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    if (record.fields.size() != kHeader.size()) {
      return Status::invalid("expected 4 fields, found " + std::to_string(record.fields.size()),
                             "line " + std::to_string(record.line));
    }
    Result<std::vector<std::string>> path = split_escaped(record.fields[0], '/');
    if (!path.is_ok()) return line_error(record.line, "parent", path.status().message());
    for (const std::string& label : *path) {
      if (label.empty()) return line_error(record.line, "parent", "an empty category label");
    }
    Result<std::vector<std::string>> name = split_escaped(record.fields[1], '/');
    if (!name.is_ok()) return line_error(record.line, "name", name.status().message());
    bool marked = name->size() == 2 && (*name)[1].empty();
    if (name->empty() || (*name)[0].empty()) return line_error(record.line, "name", "required");
    if (name->size() > (marked ? 2u : 1u)) {
      return line_error(record.line, "name", "a \"/\" inside a label must be written \\/");
    }
    Result<std::vector<std::string>> synonyms = split_escaped(record.fields[3], '|');
    if (!synonyms.is_ok()) return line_error(record.line, "synonyms", synonyms.status().message());
    if (path->size() >= kMaxDepth) {
      return line_error(record.line, "parent",
                        "nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    // Every node on the path must be (or become) a category.
    if (!path->empty()) {
      find_or_add(*path, record.line);
      for (size_t depth = 1; depth <= path->size(); ++depth) {
        std::vector<std::string> prefix(path->begin(), path->begin() + static_cast<long>(depth));
        PendingNode& ancestor = nodes[by_path.at(prefix)];
        if (!ancestor.synonyms.empty()) {
          return line_error(record.line, "parent",
                            "\"" + ancestor.label + "\" (line " + std::to_string(ancestor.line) +
                                ") has synonyms, so it is a term and cannot hold other rows");
        }
        ancestor.category = true;
      }
    }
    std::vector<std::string> own_path = *path;
    own_path.push_back((*name)[0]);
    size_t self = find_or_add(own_path, record.line);
    PendingNode& node = nodes[self];
    if (node.declared) {
      return line_error(record.line, "name",
                        "repeats the row of line " + std::to_string(node.line));
    }
    if ((marked || node.category) && !synonyms->empty()) {
      return line_error(record.line, "synonyms", "a category has no synonyms");
    }
    node.declared = true;
    node.line = record.line;
    node.category = node.category || marked;
    node.description = record.fields[2];
    node.synonyms = std::move(synonyms).value();
  }
  GlossaryDocument document;
  for (size_t child : nodes[0].children) document.children.push_back(build(nodes, child));
  return document;
}

}  // namespace datacat::glossary
