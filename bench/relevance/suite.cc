#include "bench/relevance/suite.h"

#include <filesystem>

namespace datacat::relevance {
namespace {

Status add_catalog(Suite& suite, const std::string& name, const std::string& work_dir,
                   const std::vector<std::string>& ndjson,
                   const std::vector<GlossaryFile>& glossaries,
                   const std::vector<TermLink>& links) {
  std::string dir = work_dir + "/" + name;
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  Result<Catalog> catalog = build_catalog(name, dir, ndjson, glossaries, links);
  if (!catalog.is_ok()) return catalog.status();
  Result<Engines> engines = open_engines(*catalog);
  if (!engines.is_ok()) return engines.status();
  suite.engines.emplace(name, std::move(engines).value());
  return Status::ok();
}

}  // namespace

Result<Suite> load_suite(const std::string& source_root, const std::string& work_dir,
                         bool datafinder, bool own) {
  Suite suite;
  const std::string bench = source_root + "/bench/relevance";
  if (datafinder) {
    auto sets = load_datafinder_queries(bench + "/datafinder/dev_queries.jsonl");
    if (!sets.is_ok()) return sets.status();
    suite.sets.push_back(std::move(sets->first));
    suite.sets.push_back(std::move(sets->second));
    if (Status s = add_catalog(suite, "datafinder", work_dir, {bench + "/datafinder/corpus.ndjson"},
                               {}, {});
        !s.is_ok())
      return s;
  }
  if (own) {
    Result<JudgedSet> set = load_own_queries(bench + "/own/queries.jsonl");
    if (!set.is_ok()) return set.status();
    suite.sets.push_back(std::move(set).value());
    for (const std::string name : {"sample", "lake"}) {
      Result<std::vector<TermLink>> links = load_term_links(bench + "/own/terms.jsonl", name);
      if (!links.is_ok()) return links.status();
      std::vector<std::string> ndjson = {name == "sample"
                                             ? source_root + "/config/sample/catalog.ndjson"
                                             : bench + "/own/lake.ndjson"};
      GlossaryFile glossary =
          name == "sample"
              ? GlossaryFile{source_root + "/config/sample/glossary-business.csv", "Business"}
              : GlossaryFile{bench + "/own/lake-glossary.csv", "Lake"};
      if (Status s = add_catalog(suite, name, work_dir, ndjson, {glossary}, *links); !s.is_ok())
        return s;
    }
  }
  return suite;
}

}  // namespace datacat::relevance
