// datacat-gen: deterministic synthetic data-catalog generator for benchmarks.
// `assets` writes N catalog assets as NDJSON (the import format); `queries` writes
// a mixed query set drawn from the same vocabulary. Output depends only on the flags.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gen_catalog_words.h"

namespace datacat::bench {
namespace {

constexpr int64_t kEpochStart = 1514764800;  // 2018-01-01T00:00:00Z
constexpr int64_t kEpochEnd = 1751241600;    // 2025-06-30T00:00:00Z
constexpr size_t kFlushBytes = 1 << 20;
constexpr size_t kAll = SIZE_MAX;  // no rank limit

// Deterministic random source: mt19937_64 output is fixed by the standard; the
// derived ints and doubles use plain arithmetic, not library distributions.
__extension__ typedef unsigned __int128 Uint128;

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  size_t below(size_t n) { return static_cast<size_t>((Uint128{engine_()} * n) >> 64); }
  size_t between(size_t lo, size_t hi) { return lo + below(hi - lo + 1); }
  int64_t seconds_below(int64_t n) { return static_cast<int64_t>(below(static_cast<size_t>(n))); }
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }

 private:
  std::mt19937_64 engine_;
};

// Draws indices from a fixed discrete distribution via a cumulative table.
class CdfSampler {
 public:
  static CdfSampler zipf(size_t n, double s) {
    std::vector<double> weights(n);
    for (size_t i = 0; i < n; ++i) {
      weights[i] = s == 1.0 ? 1.0 / double(i + 1) : 1.0 / std::pow(double(i + 1), s);
    }
    return CdfSampler(weights);
  }
  explicit CdfSampler(std::span<const double> weights) {
    double total = 0;
    for (double weight : weights) cumulative_.push_back(total += weight);
  }
  size_t sample(Rng& rng) const { return sample_below(rng, cumulative_.size()); }
  // Samples from the distribution truncated to its first `limit` entries.
  size_t sample_below(Rng& rng, size_t limit) const {
    limit = std::clamp<size_t>(limit, 1, cumulative_.size());
    double u = rng.unit() * cumulative_[limit - 1];
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.begin() + limit, u);
    return std::min<size_t>(it - cumulative_.begin(), limit - 1);
  }

 private:
  std::vector<double> cumulative_;
};

constexpr std::array<std::string_view, 5> kGovernanceKeys = {"organization", "environment",
                                                             "region", "classification", "owner"};

// Samplers and pickers shared by the asset and query writers.
class Picker {
 public:
  Picker(const Vocabulary& vocabulary, uint64_t seed) : v(vocabulary), rng(seed) {}
  std::string_view topic() { return w::kTopics[topic_.sample(rng)]; }
  // One value for kGovernanceKeys[field].
  std::string_view governance(size_t field, size_t team_limit = kAll) {
    switch (field) {
      case 0:
        return w::kOrganizations[organization_.sample(rng)];
      case 1:
        return w::kEnvironments[environment_.sample(rng)];
      case 2:
        return w::kRegions[region_.sample(rng)];
      case 3:
        return w::kClassifications[classification_.sample(rng)];
      default:
        return team(team_limit);
    }
  }
  std::string_view column_type() { return w::kColumnTypes[column_type_.sample(rng)]; }
  const std::string& word(size_t limit = kAll) { return v.words[word_.sample_below(rng, limit)]; }
  size_t noun_index(size_t limit = kAll) { return name_word_.sample_below(rng, limit); }
  const std::string& noun(size_t limit = kAll) { return v.name_words[noun_index(limit)]; }
  const std::string& phrase(size_t limit = kAll) {
    return v.phrases[phrase_.sample_below(rng, limit)];
  }
  const std::string& tag(size_t limit = kAll) { return v.tags[tag_.sample_below(rng, limit)]; }
  const std::string& team(size_t limit = kAll) { return v.teams[team_.sample_below(rng, limit)]; }

  const Vocabulary& v;
  Rng rng;

 private:
  CdfSampler word_ = CdfSampler::zipf(v.words.size(), 1.0);
  CdfSampler name_word_ = CdfSampler::zipf(v.name_words.size(), 1.0);
  CdfSampler phrase_ = CdfSampler::zipf(v.phrases.size(), 1.0);
  CdfSampler tag_ = CdfSampler::zipf(v.tags.size(), 1.0);
  CdfSampler team_ = CdfSampler::zipf(v.teams.size(), 1.0);
  CdfSampler topic_ = CdfSampler::zipf(std::size(w::kTopics), 1.0);
  CdfSampler region_ = CdfSampler::zipf(std::size(w::kRegions), 1.2);
  CdfSampler organization_ = CdfSampler::zipf(std::size(w::kOrganizations), 0.9);
  CdfSampler environment_{w::kEnvironmentWeights};
  CdfSampler classification_{w::kClassificationWeights};
  CdfSampler column_type_ = CdfSampler::zipf(std::size(w::kColumnTypes), 1.1);
};

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20)
      out += c;
    else
      out += "\\u00", out += "0123456789abcdef"[c >> 4], out += "0123456789abcdef"[c & 15];
  }
}

// Formats seconds since the epoch as RFC 3339 UTC (civil-from-days algorithm).
std::string rfc3339(int64_t seconds) {
  int64_t z = seconds / 86400 + 719468, secs = seconds % 86400;
  int64_t era = z / 146097, doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  int64_t day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
  char buffer[32];
  int length = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ",
                             int(yoe + era * 400 + (month <= 2)), int(month), int(day),
                             int(secs / 3600), int(secs / 60 % 60), int(secs % 60));
  return std::string(buffer, static_cast<size_t>(length));
}

// Writes one flat JSON object into a shared buffer, key by key.
class JsonObject {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_ += '{'; }
  void key(std::string_view name) {
    out_.append(first_ ? "\"" : ",\"").append(name).append("\":");
    first_ = false;
  }
  void string(std::string_view name, std::string_view value) { key(name), quoted(value); }
  // Omits the key entirely when `values` is empty.
  void strings(std::string_view name, const std::vector<std::string_view>& values) {
    if (values.empty()) return;
    key(name);
    for (size_t i = 0; i < values.size(); ++i) out_ += i == 0 ? '[' : ',', quoted(values[i]);
    out_ += ']';
  }
  void finish(bool newline = true) { out_ += newline ? "}\n" : "}"; }

 private:
  void quoted(std::string_view value) {
    out_ += '"';
    append_escaped(out_, value);
    out_ += '"';
  }
  std::string& out_;
  bool first_ = true;
};

struct DatasetContext {
  std::string uri, name, database, bucket;
  std::array<std::string_view, 5> governance;  // values for kGovernanceKeys
  std::string_view topic;
  std::array<size_t, 3> theme{};  // indices into name_words
  int64_t created = 0;
};

class AssetWriter {
 public:
  AssetWriter(const Vocabulary& vocabulary, uint64_t seed) : p_(vocabulary, seed) {}

  // Blocks of one dataset followed by 8-30 children (~5% datasets overall).
  void write(size_t count, std::FILE* file) {
    for (size_t n = 0; n < count;) {
      DatasetContext ctx = make_dataset(n++);
      write_dataset(ctx);
      for (size_t children = rng().between(8, 30); children > 0 && n < count; --children) {
        size_t kind = rng().below(95);
        if (kind < 75)
          write_table(ctx, n++);
        else if (kind < 87)
          write_folder(ctx, n++);
        else
          write_dashboard(ctx, n++);
      }
      if (out_.size() > kFlushBytes) flush(file);
    }
    flush(file);
  }

 private:
  Rng& rng() { return p_.rng; }
  void flush(std::FILE* file) {
    std::fwrite(out_.data(), 1, out_.size(), file);
    out_.clear();
  }
  const std::string& theme_noun(const DatasetContext& ctx) {
    return rng().chance(0.5) ? p_.v.name_words[ctx.theme[rng().below(3)]] : p_.noun();
  }
  template <size_t N>
  std::string_view one_of(const std::string_view (&list)[N]) {
    return list[rng().below(N)];
  }

  DatasetContext make_dataset(size_t n) {
    static constexpr std::string_view kSuffixes[] = {"", "_mart", "_warehouse", "_lake", "_dw"};
    DatasetContext ctx;
    for (size_t& index : ctx.theme) index = p_.noun_index();
    const std::string& t0 = p_.v.name_words[ctx.theme[0]];
    const std::string& t1 = p_.v.name_words[ctx.theme[1]];
    ctx.name = t0 + "_" + (t0 == t1 ? plural_of(t1) : t1) + std::string(one_of(kSuffixes));
    ctx.uri = "gen://dataset/" + ctx.name + "-" + std::to_string(n);
    ctx.database = ctx.name + "_db";
    for (size_t i = 0; i < kGovernanceKeys.size(); ++i) ctx.governance[i] = p_.governance(i);
    ctx.topic = p_.topic();
    ctx.bucket = std::string(ctx.governance[0]) + "-" + std::string(ctx.governance[1]) + "-" + t0;
    ctx.created = kEpochStart + rng().seconds_below(kEpochEnd - kEpochStart - 86400 * 30);
    return ctx;
  }

  // Description of `lo`-`hi` words: an opener, then words, phrases and connectors.
  const std::string& description(std::span<const std::string_view> openers,
                                 const DatasetContext& ctx, size_t lo, size_t hi) {
    text_ = openers[rng().below(openers.size())];
    size_t count = static_cast<size_t>(std::count(text_.begin(), text_.end(), ' ')) + 1;
    size_t target = std::max(rng().between(lo, hi), count + 1);
    while (count < target) {
      size_t r = rng().below(100);
      text_ += ' ';
      if (r < 40 && count + 1 < target)
        text_ += p_.phrase(), count += 2;
      else
        text_ += r < 75 ? p_.word() : theme_noun(ctx), ++count;
      if (count + 1 < target && rng().chance(0.45)) {
        text_.append(" ").append(one_of(w::kConnectors)), ++count;
      } else if (count < target && rng().chance(0.1)) {
        text_ += ',';
      }
    }
    text_ += '.';
    return text_;
  }

  void add_unique(std::string_view value) {
    if (std::ranges::find(list_, value) == list_.end()) list_.push_back(value);
  }
  // 0-6 Zipf tags and 0-3 topics; children inherit the dataset topic half the time.
  void write_tags_topics(JsonObject& json, const DatasetContext* ctx) {
    static constexpr double kTagCountWeights[] = {20, 25, 20, 15, 10, 6, 4};
    static const CdfSampler tag_count(kTagCountWeights);
    list_.clear();
    for (size_t i = tag_count.sample(rng()); i > 0; --i) add_unique(p_.tag());
    json.strings("tags", list_);
    list_.clear();
    for (size_t i = rng().below(10) < 3 ? 0 : rng().between(1, 3); i > 0; --i) {
      add_unique(ctx != nullptr && rng().chance(0.5) ? ctx->topic : p_.topic());
    }
    json.strings("topics", list_);
  }

  void write_stewards(JsonObject& json, size_t max_count) {
    list_.clear();
    for (size_t i = rng().below(max_count + 1); i > 0; --i) add_unique(p_.team());
    json.strings("stewards", list_);
  }

  // Datasets and dashboards set every governance field.
  void write_governance(JsonObject& json, const DatasetContext& ctx, bool own) {
    for (size_t i = 0; i < kGovernanceKeys.size(); ++i) {
      json.string(kGovernanceKeys[i], own ? p_.governance(i) : ctx.governance[i]);
    }
  }

  // Children inherit governance fields from the dataset; ~10% override one.
  void write_override(JsonObject& json) {
    if (!rng().chance(0.1)) return;
    size_t field = rng().below(kGovernanceKeys.size());
    json.string(kGovernanceKeys[field], p_.governance(field));
  }

  void write_times(JsonObject& json, int64_t created) {
    json.string("created", rfc3339(created));
    json.string("updated", rfc3339(created + rng().seconds_below(kEpochEnd - created + 1)));
  }
  void write_dataset(const DatasetContext& ctx) {
    JsonObject json(out_);
    json.string("uri", ctx.uri);
    json.string("type", "dataset");
    json.string("name", ctx.name);
    json.string("label", label_from_name(ctx.name));
    json.string("description", description(w::kDatasetOpeners, ctx, 12, 40));
    write_tags_topics(json, nullptr);
    write_governance(json, ctx, false);
    write_stewards(json, 3);
    write_times(json, ctx.created);
    json.finish();
  }

  JsonObject begin_child(const DatasetContext& ctx, std::string_view type, const std::string& name,
                         size_t n) {
    JsonObject json(out_);
    json.string("uri", "gen://" + std::string(type) + "/" + ctx.name + "/" + name + "-" +
                           std::to_string(n));
    json.string("type", type);
    json.string("name", name);
    return json;
  }

  std::string table_name(const DatasetContext& ctx) {
    const std::string& a = theme_noun(ctx);
    const std::string& b = p_.noun();
    size_t pattern = rng().below(100);
    if (pattern < 20) return "fact_" + a + "_" + plural_of(b);
    if (pattern < 35) return "dim_" + a;
    if (pattern < 45) return "stg_" + a + "_daily";
    if (pattern < 55) return a + "_" + b;
    if (pattern < 62) return "raw_" + a + "_events";
    if (pattern < 70) return "agg_" + a + (rng().chance(0.5) ? "_monthly" : "_weekly");
    if (pattern < 80) return "dim." + a + "." + b;
    if (pattern < 90) return camel_case(a, b);
    return a + "_" + plural_of(b);
  }

  std::string column_name(const DatasetContext& ctx) {
    size_t pattern = rng().below(100);
    if (pattern < 35) return theme_noun(ctx) + "_id";
    if (pattern < 55) {
      std::string out = p_.phrase();
      std::replace(out.begin(), out.end(), ' ', '_');
      return out;
    }
    const std::string& noun = p_.noun();  // separate statements keep the draw order fixed
    if (pattern < 78) return noun + "_" + std::string(one_of(w::kColumnAttributes));
    if (pattern < 88) return camel_case(noun, one_of(w::kColumnAttributes));
    if (pattern < 94) return std::string(one_of(w::kAuditColumns));
    return p_.word();
  }

  std::string_view column_type(std::string_view name) {
    if (name.ends_with("_id") || name.ends_with("Id")) return rng().chance(0.7) ? "bigint" : "uuid";
    if (name.ends_with("_at")) return "timestamp";
    if (name.ends_with("_date") || name.ends_with("Date")) return "date";
    if (name.ends_with("amount") || name.ends_with("Amount")) return "decimal(18,2)";
    return name.starts_with("is_") ? "boolean" : p_.column_type();
  }

  // 3-40 columns (mean ~12); about half carry a description.
  void write_columns(JsonObject& json, const DatasetContext& ctx) {
    json.key("columns");
    size_t count = 3 + std::min({rng().below(38), rng().below(38), rng().below(38)});
    names_.clear();
    for (size_t i = 0; i < count; ++i) {
      std::string name = i > 0               ? column_name(ctx)
                         : rng().chance(0.3) ? "id"
                                             : theme_noun(ctx) + "_id";
      if (std::ranges::find(names_, name) != names_.end()) name += "_" + std::to_string(i);
      names_.push_back(name);
      out_ += i == 0 ? '[' : ',';
      JsonObject column(out_);
      column.string("name", name);
      column.string("type", column_type(name));
      if (rng().chance(0.5)) {
        column.string("description", description(w::kColumnOpeners, ctx, 4, 10));
      }
      column.finish(false);
    }
    out_ += ']';
  }

  int64_t child_created(const DatasetContext& ctx) {
    return ctx.created + rng().seconds_below(kEpochEnd - ctx.created);
  }
  void write_table(const DatasetContext& ctx, size_t n) {
    std::string name = table_name(ctx);
    JsonObject json = begin_child(ctx, "table", name, n);
    if (rng().chance(0.5)) json.string("label", label_from_name(name));
    if (rng().chance(0.85)) json.string("description", description(w::kTableOpeners, ctx, 8, 40));
    write_tags_topics(json, &ctx);
    write_override(json);
    if (rng().chance(0.1)) write_stewards(json, 1);
    json.string("parent", ctx.uri);
    json.string("database", ctx.database);
    write_columns(json, ctx);
    write_times(json, child_created(ctx));
    json.finish();
  }

  void write_folder(const DatasetContext& ctx, size_t n) {
    const std::string& a = theme_noun(ctx);
    size_t pattern = rng().below(3);
    std::string year = std::to_string(rng().between(2018, 2025));
    std::string name = pattern == 0   ? a + "_exports"
                       : pattern == 1 ? plural_of(a) + "_" + year
                                      : a + "-" + p_.noun();
    JsonObject json = begin_child(ctx, "folder", name, n);
    if (rng().chance(0.3)) json.string("label", label_from_name(name));
    if (rng().chance(0.7)) json.string("description", description(w::kFolderOpeners, ctx, 8, 30));
    write_tags_topics(json, &ctx);
    write_override(json);
    json.string("parent", ctx.uri);
    json.string("location", "s3://" + ctx.bucket + "/" + p_.noun() + "/" + name + "/");
    write_times(json, child_created(ctx));
    json.finish();
  }

  void write_dashboard(const DatasetContext& ctx, size_t n) {
    static constexpr std::string_view kSuffixes[] = {"_overview", "_kpis", "_report", "_trends",
                                                     "_health"};
    std::string name = theme_noun(ctx) + "_";
    name += p_.noun();
    name += one_of(kSuffixes);
    JsonObject json = begin_child(ctx, "dashboard", name, n);
    json.string("label", label_from_name(name));
    json.string("description", description(w::kDashboardOpeners, ctx, 10, 40));
    write_tags_topics(json, &ctx);
    write_governance(json, ctx, rng().chance(0.5));
    write_stewards(json, 2);
    json.string("url", "https://bi.example.com/dashboards/" + std::to_string(n) + "-" + name);
    write_times(json, child_created(ctx));
    json.finish();
  }

  Picker p_;
  std::string out_, text_;
  std::vector<std::string_view> list_;
  std::vector<std::string> names_;
};

using Json = nlohmann::ordered_json;

constexpr std::string_view kKinds[] = {"single_word", "two_words",    "phrase",          "prefix",
                                       "field",       "filters_only", "text_and_filters"};
constexpr std::string_view kFacets[] = {"type",           "tags",  "topics",      "region",
                                        "classification", "owner", "environment", "organization"};
constexpr double kFacetWeights[] = {20, 20, 10, 15, 10, 10, 10, 5};
constexpr std::string_view kQueryTypes[] = {"table", "dataset", "dashboard", "folder"};
constexpr double kQueryTypeWeights[] = {50, 20, 15, 15};

// Caps Zipf ranks so drawn values are expected to occur in a catalog of `assets`
// assets: rank r of a list drawn d times per asset occurs ~assets*d/(r*H) times.
size_t rank_limit(size_t assets, double per_asset, size_t lo, size_t size) {
  return std::clamp<size_t>(static_cast<size_t>(double(assets) * per_asset), lo, size);
}

class QueryWriter {
 public:
  QueryWriter(const Vocabulary& vocabulary, uint64_t seed, size_t assets)
      : p_(vocabulary, seed),
        word_limit_(rank_limit(assets, 0.5, 50, vocabulary.words.size())),
        name_limit_(rank_limit(assets, 0.15, 20, vocabulary.name_words.size())),
        phrase_limit_(rank_limit(assets, 0.07, 10, vocabulary.phrases.size())),
        tag_limit_(rank_limit(assets, 0.1, 20, vocabulary.tags.size())),
        team_limit_(rank_limit(assets, 0.01, 3, vocabulary.teams.size())) {}

  // One query per line: NDJSON, or (`urls`) the GET /api/v1/search path of each.
  void write(size_t count, std::FILE* file, bool urls) {
    for (size_t i = 0; i < count; ++i) {
      Json query = make_query(i);
      std::string line = (urls ? search_path(query) : query.dump()) + "\n";
      std::fwrite(line.data(), 1, line.size(), file);
    }
  }

 private:
  static std::string encode(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out.push_back(static_cast<char>(c));
      } else {
        out += {'%', kHex[c >> 4], kHex[c & 15]};
      }
    }
    return out;
  }
  static std::string search_path(const Json& query) {
    std::string path = "/api/v1/search?q=" + encode(query["q"].get<std::string>());
    if (query.contains("filters")) {
      for (const auto& [facet, values] : query["filters"].items())
        for (const auto& value : values)
          path += "&" + facet + "=" + encode(value.get<std::string>());
    }
    return path;
  }

  // Kinds cycle in a fixed order; every other round uses a rarer word.
  Json make_query(size_t i) {
    size_t kind = i % std::size(kKinds), round = i / std::size(kKinds);
    Json query = {{"kind", kKinds[kind]}, {"q", ""}};
    switch (kind) {
      case 0:
        query["q"] = mixed_word(round);
        break;
      case 1:
        query["q"] = two_words(round);
        break;
      case 2:
        query["q"] = "\"" + p_.phrase(phrase_limit_) + "\"";
        break;
      case 3:
        query["q"] = prefix();
        break;
      case 4:
        query["q"] = field(round);
        break;
      case 5:
        query["filters"] = filters(p_.rng.between(1, 3));
        break;
      default:
        query["q"] = word(), query["filters"] = filters(p_.rng.between(1, 2));
    }
    return query;
  }

  std::string word() { return p_.word(word_limit_); }
  std::string rare_word() { return p_.v.words[p_.rng.between(word_limit_ / 10, word_limit_ - 1)]; }
  std::string mixed_word(size_t round) { return round % 2 == 0 ? word() : rare_word(); }
  std::string two_words(size_t round) {
    std::string first = word();  // drawn before the second word on every compiler
    return first + " " + mixed_word(round);
  }
  std::string type() {
    static const CdfSampler query_type(kQueryTypeWeights);
    return std::string(kQueryTypes[query_type.sample(p_.rng)]);
  }
  std::string prefix() {
    std::string text = word();
    while (text.size() < 4) text = word();
    return text.substr(0, std::min(p_.rng.between(3, 5), text.size() - 1));
  }

  std::string field(size_t round) {
    switch (round % 6) {
      case 0:
        return "name:" + p_.noun(name_limit_);
      case 1:
        return "column:" + p_.noun(name_limit_) + "_id";
      case 2:
        return "tag:" + p_.tag(tag_limit_);
      case 3:
        return "type:" + type();
      case 4:
        return "owner:" + p_.team(team_limit_);
      default:
        return "topic:" + std::string(p_.topic());
    }
  }

  std::string facet_value(std::string_view facet) {
    if (facet == "type") return type();
    if (facet == "tags") return p_.tag(tag_limit_);
    if (facet == "topics") return std::string(p_.topic());
    size_t field = std::ranges::find(kGovernanceKeys, facet) - kGovernanceKeys.begin();
    return std::string(p_.governance(field, team_limit_));
  }

  // `facet_count` distinct facets, each with one value (30%: two values).
  Json filters(size_t facet_count) {
    static const CdfSampler facet_sampler(kFacetWeights);
    Json result = Json::object();
    while (result.size() < facet_count) {
      std::string facet(kFacets[facet_sampler.sample(p_.rng)]);
      if (result.contains(facet)) continue;
      Json values = Json::array({facet_value(facet)});
      if (p_.rng.chance(0.3)) {
        std::string second = facet_value(facet);
        if (second != values[0]) values.push_back(second);
      }
      result[facet] = values;
    }
    return result;
  }

  Picker p_;
  size_t word_limit_, name_limit_, phrase_limit_, tag_limit_, team_limit_;
};

}  // namespace
}  // namespace datacat::bench

int main(int argc, char** argv) {
  using namespace datacat::bench;
  CLI::App app{"datacat-gen: deterministic synthetic catalog and query generator"};
  app.require_subcommand(1);
  size_t count = 0, assets = 1'000'000;
  uint64_t seed = 42;
  CLI::App* assets_cmd = app.add_subcommand("assets", "Write N catalog assets as NDJSON");
  CLI::App* queries_cmd = app.add_subcommand("queries", "Write N mixed queries as NDJSON");
  for (CLI::App* command : {assets_cmd, queries_cmd}) {
    command->add_option("--count", count, "Number of lines to write")->required();
    command->add_option("--seed", seed, "Random seed (default 42)");
  }
  queries_cmd->add_option("--assets", assets, "Catalog size the queries should target");
  bool urls = false;
  queries_cmd->add_flag("--urls", urls, "Write GET /api/v1/search paths instead of NDJSON");
  CLI11_PARSE(app, argc, argv);

  const Vocabulary vocabulary = build_vocabulary();
  if (assets_cmd->parsed()) {
    AssetWriter(vocabulary, seed).write(count, stdout);
  } else {
    QueryWriter(vocabulary, seed, assets).write(count, stdout, urls);
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}
