#include "indexer/doc_data.h"

namespace datacat::indexer {
namespace {

void put_varint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void put_string(std::string& out, std::string_view text) {
  put_varint(out, text.size());
  out.append(text);
}

void put_list(std::string& out, const std::vector<std::string>& items) {
  put_varint(out, items.size());
  for (const std::string& item : items) put_string(out, item);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0; pos_ < bytes_.size() && shift < 64; shift += 7) {
      auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
    }
    return value;
  }
  std::string string() {
    uint64_t size = varint();
    if (size > bytes_.size() - pos_) size = bytes_.size() - pos_;
    std::string out(bytes_.substr(pos_, size));
    pos_ += size;
    return out;
  }
  std::vector<std::string> list() {
    uint64_t count = varint();
    std::vector<std::string> out;
    for (uint64_t i = 0; i < count && pos_ < bytes_.size(); ++i) out.push_back(string());
    return out;
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// Cuts at a UTF-8 character boundary at or before `max` bytes.
std::string truncate_utf8(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

DocData doc_data_of(const Asset& asset) {
  DocData data;
  data.uri = asset.uri;
  data.type = asset_type_name(asset.type);
  data.name = asset.name;
  data.label = asset.label;
  data.description = truncate_utf8(asset.description, kSnippetSourceBytes);
  data.tags = asset.tags;
  data.topics = asset.topics;
  data.owner = asset.owner;
  data.region = asset.region;
  if (asset.classification) data.classification = classification_name(*asset.classification);
  data.environment = asset.environment;
  data.organization = asset.organization;
  for (const Column& column : asset.columns) data.columns.push_back(column.name);
  data.updated = asset.updated;
  data.version = asset.version;
  for (const LinkedTerm& term : asset.terms) {
    data.terms.push_back(term.label);
    data.term_ids.push_back(std::to_string(term.id));
  }
  return data;
}

std::string encode_doc_data(const DocData& data) {
  std::string out;
  for (const std::string* field :
       {&data.uri, &data.type, &data.name, &data.label, &data.description}) {
    put_string(out, *field);
  }
  put_list(out, data.tags);
  put_list(out, data.topics);
  for (const std::string* field :
       {&data.owner, &data.region, &data.classification, &data.environment, &data.organization}) {
    put_string(out, *field);
  }
  put_list(out, data.columns);
  put_varint(out, static_cast<uint64_t>(data.updated));
  put_varint(out, static_cast<uint64_t>(data.version));
  put_list(out, data.terms);  // after the fields of schema 1: older records just end here
  put_list(out, data.term_ids);
  return out;
}

DocData decode_doc_data(std::string_view bytes) {
  Reader in(bytes);
  DocData data;
  for (std::string* field : {&data.uri, &data.type, &data.name, &data.label, &data.description}) {
    *field = in.string();
  }
  data.tags = in.list();
  data.topics = in.list();
  for (std::string* field :
       {&data.owner, &data.region, &data.classification, &data.environment, &data.organization}) {
    *field = in.string();
  }
  data.columns = in.list();
  data.updated = static_cast<int64_t>(in.varint());
  data.version = static_cast<int64_t>(in.varint());
  data.terms = in.list();
  data.term_ids = in.list();
  return data;
}

}  // namespace datacat::indexer
