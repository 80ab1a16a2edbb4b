// Glossary export and import documents (docs/api.md, "Export and import"): one glossary's
// categories and terms, without ids, timestamps or links, as JSON or as CSV. Exporting,
// importing into an empty catalog and exporting again gives the same bytes.
//
// JSON: {"format": "datacat-glossary/1", "label", "description", "owner", "children": [...]}
// where each child is {"kind": "category", "label", "description", "children": [...]} or
// {"kind": "term", "label", "description", "synonyms": [...]}.
//
// CSV: the header row `parent,name,description,synonyms`, then one row per category or
// term. `parent` is the path of category labels from the glossary down, joined by "/"
// (empty for the glossary's top level); `synonyms` are joined by "|"; in both, and in
// `name`, a backslash takes the next character literally ("P\/E ratio"). A row is a
// category when its name ends with an unescaped "/" or when another row names it as a
// parent; every other row is a term. Categories a parent path names but no row declares
// are created empty. The glossary's own label, description and owner are not in the CSV:
// the importer gives them.
//
// Pure functions, thread-safe. Parse errors are kInvalidArgument naming the place: for
// JSON the path of the field ("children[0].children[2].label"), for CSV the line and
// column ("line 7: parent").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "glossary/glossary_node.h"
#include "indexer/status.h"

namespace datacat::glossary {

// A category or term of a document, with its children (categories only).
struct TreeNode {
  NodeKind kind = NodeKind::kTerm;
  std::string label;
  std::string description;
  std::vector<std::string> synonyms;
  std::vector<TreeNode> children;
  // Where the node was read, for errors: "children[0].children[2]" or "line 7".
  std::string source;
  // A CSV category that only parent paths name (no row of its own): merging keeps the
  // existing category's description.
  bool implied = false;
};

struct GlossaryDocument {
  std::string label;
  std::string description;
  std::string owner;
  std::vector<TreeNode> children;
};

// The error field for `field` of `node` ("label", "description", "synonyms[2]"): for JSON
// "children[0].label", for CSV "line 7: name" (label is the name column, and synonyms[i]
// the synonyms column).
std::string transfer_field(const TreeNode& node, std::string_view field);

// The document of a glossary from GlossaryStore::subtree(glossary id) (glossary first).
GlossaryDocument document_of(const std::vector<Node>& subtree);

// Pretty-printed JSON (two-space indent, keys in the order above), ending in a newline.
std::string to_json_text(const GlossaryDocument& document);
// Parses JSON as to_json_text writes it. Unknown fields, a term with children and a
// category with synonyms are errors. Label, description, owner and synonym values are not
// checked here: GlossaryStore::import_glossary checks them.
Result<GlossaryDocument> parse_json_document(std::string_view text);

// The CSV of a document (label, description and owner left out), rows with CRLF.
std::string to_csv(const GlossaryDocument& document);
// Parses CSV; label, description and owner of the result are empty.
Result<GlossaryDocument> parse_csv_document(std::string_view text);

}  // namespace datacat::glossary
