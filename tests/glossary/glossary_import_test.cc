// GlossaryStore::export_glossary and import_glossary on a real catalog file: exact round
// trips, merging that keeps ids and links, and errors that write nothing.
#include "tests/glossary/glossary_fixture.h"

namespace datacat::glossary {
namespace {

using Mode = GlossaryStore::ImportMode;

class GlossaryImportTest : public GlossaryFixture {
 protected:
  // Finance (fin) / Revenue (category) / ARR (term, synonym "annual"), plus a top-level term.
  Node build_sample() {
    Node finance = glossary("Finance");
    Node revenue = category(finance, "Revenue");
    arr_ = term(revenue, "ARR", {"annual"}, "Annual recurring revenue");
    churn_ = term(finance, "Churn");
    return finance;
  }
  // A second catalog file with its own store.
  std::unique_ptr<GlossaryStore> other_store() {
    other_dir_ = std::make_unique<datacat::testing::TempDir>();
    return must(GlossaryStore::open(other_dir_->path() + "/catalog.db"));
  }

  Node arr_, churn_;
  std::unique_ptr<datacat::testing::TempDir> other_dir_;
};

TEST_F(GlossaryImportTest, ExportImportExportIsExactInBothFormats) {
  Node finance = build_sample();
  GlossaryDocument exported = must(store_->export_glossary(finance.id));
  EXPECT_EQ(exported.owner, "finance-team");
  ASSERT_EQ(exported.children.size(), 2u);
  EXPECT_EQ(exported.children[0].label, "Revenue");

  std::unique_ptr<GlossaryStore> json_copy = other_store();
  GlossaryDocument from_json = must(parse_json_document(to_json_text(exported)));
  GlossaryStore::ImportSummary summary = must(json_copy->import_glossary(from_json, Mode::kCreate));
  EXPECT_EQ(summary.created, 3u);
  EXPECT_EQ(summary.glossary.label, "Finance");
  EXPECT_EQ(to_json_text(must(json_copy->export_glossary(summary.glossary.id))),
            to_json_text(exported));

  std::unique_ptr<GlossaryStore> csv_copy = other_store();
  GlossaryDocument from_csv = must(parse_csv_document(to_csv(exported)));
  from_csv.label = "Finance";
  from_csv.owner = "finance-team";
  Node copied = must(csv_copy->import_glossary(from_csv, Mode::kCreate)).glossary;
  EXPECT_EQ(to_csv(must(csv_copy->export_glossary(copied.id))), to_csv(exported));
}

TEST_F(GlossaryImportTest, CreateRefusesAnExistingLabel) {
  Node finance = build_sample();
  GlossaryDocument document = must(store_->export_glossary(finance.id));
  document.label = "FINANCE";
  Result<GlossaryStore::ImportSummary> again = store_->import_glossary(document, Mode::kCreate);
  ASSERT_FALSE(again.is_ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().field(), "label");
  EXPECT_EQ(must(store_->glossaries()).size(), 1u);
}

TEST_F(GlossaryImportTest, MergeKeepsIdsAndLinksAndMovesTermsWithTheirIndexRows) {
  Node finance = build_sample();
  add_assets({"ds://sales"});
  Association link = approved(arr_, "ds://sales");
  GlossaryDocument document = must(store_->export_glossary(finance.id));
  // Move ARR to the top level with a new synonym, add a category with a term.
  TreeNode arr = document.children[0].children[0];
  document.children[0].children.clear();
  arr.synonyms.push_back("arr total");
  document.children.push_back(arr);
  TreeNode costs{NodeKind::kCategory, "Costs", "", {}, {}, "new"};
  costs.children.push_back({NodeKind::kTerm, "Opex", "", {}, {}, "new"});
  document.children.push_back(costs);
  int64_t seq = last_seq();
  GlossaryStore::ImportSummary summary = must(store_->import_glossary(document, Mode::kMerge));
  EXPECT_EQ(summary.glossary.id, finance.id);
  EXPECT_EQ(summary.created, 2u);    // Costs, Opex
  EXPECT_EQ(summary.updated, 1u);    // ARR
  EXPECT_EQ(summary.unchanged, 2u);  // Revenue, Churn
  Node moved = must(store_->get(arr_.id));
  EXPECT_EQ(moved.parent_id, finance.id);
  EXPECT_EQ(moved.synonyms, (std::vector<std::string>{"annual", "arr total"}));
  EXPECT_EQ(must(store_->association(link.id)).status, LinkStatus::kApproved);
  EXPECT_EQ(outbox_since(seq), (std::vector<std::string>{"ds://sales"}));
  // Merging the same document again changes nothing and writes no outbox row.
  seq = last_seq();
  summary = must(store_->import_glossary(document, Mode::kMerge));
  EXPECT_EQ(summary.created + summary.updated, 0u);
  EXPECT_TRUE(outbox_since(seq).empty());
}

TEST_F(GlossaryImportTest, MergeCreatesAMissingGlossaryAndKeepsNodesTheDocumentLeavesOut) {
  Node finance = build_sample();
  GlossaryDocument partial{"Finance", "", "someone-else", {}};
  partial.children.push_back({NodeKind::kTerm, "churn", "Customers lost", {}, {}, "x"});
  GlossaryStore::ImportSummary summary = must(store_->import_glossary(partial, Mode::kMerge));
  EXPECT_EQ(summary.glossary.owner, "finance-team");  // a merge never changes the owner
  EXPECT_EQ(summary.glossary.description, "about Finance");
  EXPECT_EQ(labels(must(store_->subtree(finance.id))),
            (std::vector<std::string>{"Finance", "Revenue", "ARR", "churn"}));
  GlossaryDocument fresh{"Marketing", "", "mkt", {}};
  EXPECT_EQ(must(store_->import_glossary(fresh, Mode::kMerge)).glossary.owner, "mkt");
}

TEST_F(GlossaryImportTest, BadDocumentsWriteNothingAndNameTheirPlace) {
  build_sample();
  auto expect_refused = [&](const GlossaryDocument& document, StatusCode code,
                            const std::string& field) {
    int64_t seq = last_seq();
    size_t glossaries = must(store_->glossaries()).size();
    Result<GlossaryStore::ImportSummary> result = store_->import_glossary(document, Mode::kMerge);
    ASSERT_FALSE(result.is_ok()) << field;
    EXPECT_EQ(result.status().code(), code) << result.status().to_string();
    EXPECT_EQ(result.status().field(), field) << result.status().to_string();
    EXPECT_EQ(must(store_->glossaries()).size(), glossaries);
    EXPECT_EQ(last_seq(), seq);
  };
  GlossaryDocument document{"New", "", "team", {}};
  TreeNode category{NodeKind::kCategory, "C", "", {}, {}, "children[0]"};
  category.children.push_back({NodeKind::kTerm, "Fine", "", {}, {}, "children[0].children[0]"});
  category.children.push_back({NodeKind::kTerm, "", "", {}, {}, "children[0].children[1]"});
  document.children = {category};
  expect_refused(document, StatusCode::kInvalidArgument, "children[0].children[1].label");

  document.children[0].children[1].label = "fine";  // repeats "Fine", ignoring case
  expect_refused(document, StatusCode::kAlreadyExists, "children[0].children[1].label");

  document.children[0].children[1] = {NodeKind::kTerm, "Ok", "", {"ok"}, {}, "line 4"};
  expect_refused(document, StatusCode::kInvalidArgument, "line 4: synonyms");

  document.children[0].children[1].synonyms = {};
  document.owner = "";
  expect_refused(document, StatusCode::kInvalidArgument, "owner");
  document.owner = "team";
  document.label = std::string(300, 'x');
  expect_refused(document, StatusCode::kInvalidArgument, "label");
}

// The HTTP route checks rights on the glossary it found, then imports: if the label has
// meanwhile come to name another glossary (or one appeared), nothing is written.
TEST_F(GlossaryImportTest, AnExpectedGlossaryThatChangedRefusesTheImport) {
  Node finance = build_sample();
  GlossaryDocument document{"Finance", "", "finance-team", {}};
  document.children.push_back({NodeKind::kTerm, "New", "", {}, {}, "x"});
  Result<GlossaryStore::ImportSummary> stale =
      store_->import_glossary(document, Mode::kMerge, finance.id + 100);
  ASSERT_FALSE(stale.is_ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  Result<GlossaryStore::ImportSummary> appeared =
      store_->import_glossary(document, Mode::kMerge, 0);
  EXPECT_EQ(appeared.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(must(store_->subtree(finance.id)).size(), 4u);
  EXPECT_EQ(must(store_->import_glossary(document, Mode::kMerge, finance.id)).created, 1u);
}

TEST_F(GlossaryImportTest, ExportOfANodeThatIsNotAGlossaryIsNotFound) {
  build_sample();
  EXPECT_EQ(store_->export_glossary(arr_.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->export_glossary(999).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace datacat::glossary
