#include "glossary/glossary_node.h"

#include <cctype>

namespace datacat::glossary {
namespace {

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

bool is_blank(std::string_view text) {
  for (char c : text) {
    if (c != ' ') return false;
  }
  return true;
}

}  // namespace

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

bool is_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t code = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      extra = 1;
      code = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      extra = 2;
      code = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      extra = 3;
      code = lead & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    if ((extra == 2 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) ||
        (extra == 3 && (code < 0x10000 || code > 0x10ffff))) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

Status check_label(std::string_view label, const std::string& field) {
  if (label.empty()) return Status::invalid("must not be empty", field);
  if (label.size() > NodeLimits::kLabelBytes) {
    return Status::invalid("longer than " + std::to_string(NodeLimits::kLabelBytes) + " bytes",
                           field);
  }
  if (!is_utf8(label)) return Status::invalid("must be UTF-8", field);
  for (char c : label) {
    if (is_control(static_cast<unsigned char>(c))) {
      return Status::invalid("contains control characters", field);
    }
  }
  if (is_blank(label)) return Status::invalid("must not be blank", field);
  return Status::ok();
}

Status check_description(std::string_view description) {
  if (description.size() > NodeLimits::kDescriptionBytes) {
    return Status::invalid(
        "longer than " + std::to_string(NodeLimits::kDescriptionBytes) + " bytes", "description");
  }
  if (!is_utf8(description)) return Status::invalid("must be UTF-8", "description");
  for (char c : description) {
    if (is_control(static_cast<unsigned char>(c)) && c != '\n' && c != '\r' && c != '\t') {
      return Status::invalid("contains control characters", "description");
    }
  }
  return Status::ok();
}

Status check_owner(std::string_view owner) {
  return check_label(owner, "owner");
}

Status check_synonyms(const std::vector<std::string>& synonyms, std::string_view label) {
  if (synonyms.size() > NodeLimits::kSynonyms) {
    return Status::invalid("more than " + std::to_string(NodeLimits::kSynonyms) + " items",
                           "synonyms");
  }
  for (size_t i = 0; i < synonyms.size(); ++i) {
    std::string field = "synonyms[" + std::to_string(i) + "]";
    if (Status s = check_label(synonyms[i], field); !s.is_ok()) return s;
    if (equal_ignoring_case(synonyms[i], label)) {
      return Status::invalid("repeats the term's label", field);
    }
    for (size_t j = 0; j < i; ++j) {
      if (equal_ignoring_case(synonyms[i], synonyms[j])) {
        return Status::invalid("repeats synonyms[" + std::to_string(j) + "]", field);
      }
    }
  }
  return Status::ok();
}

}  // namespace datacat::glossary
