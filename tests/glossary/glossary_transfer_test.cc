// The CSV reader, the escaping of paths and synonym lists, and the two document formats:
// what they accept, what they refuse (naming the line or field), and exact round trips.
#include "glossary/glossary_transfer.h"

#include <gtest/gtest.h>

#include "glossary/csv.h"

namespace datacat::glossary {
namespace {

using Fields = std::vector<std::string>;

std::vector<CsvRecord> records_of(std::string_view text) {
  Result<std::vector<CsvRecord>> records = read_csv(text);
  EXPECT_TRUE(records.is_ok()) << records.status().to_string();
  return records.is_ok() ? *records : std::vector<CsvRecord>{};
}

TEST(CsvTest, ReadsQuotedFieldsLineBreaksAndSkipsBlankLines) {
  auto records = records_of(
      "\xEF\xBB\xBF"
      "a,b,c\r\n"
      "\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
      "\n"
      ",,\n"
      "last,,\"\"");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(records[1].fields, (Fields{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].fields, (Fields{"", "", ""}));
  EXPECT_EQ(records[2].line, 5u);  // the quoted line break and the blank line count
  EXPECT_EQ(records[3].fields, (Fields{"last", "", ""}));
}

TEST(CsvTest, RefusesBrokenQuotingNamingTheLine) {
  Result<std::vector<CsvRecord>> unclosed = read_csv("a,b\nc,\"open\nmore\n");
  ASSERT_FALSE(unclosed.is_ok());
  EXPECT_EQ(unclosed.status().field(), "line 2");
  Result<std::vector<CsvRecord>> stray = read_csv("a,b\nx\"y,z\n");
  ASSERT_FALSE(stray.is_ok());
  EXPECT_EQ(stray.status().field(), "line 2");
  Result<std::vector<CsvRecord>> after = read_csv("\"a\"b,c\n");
  ASSERT_FALSE(after.is_ok());
  EXPECT_EQ(after.status().field(), "line 1");
}

TEST(CsvTest, RecordsAreQuotedOnlyWhenNeededAndReadBack) {
  Fields fields{"plain", "a,b", "q\"uote", "line\nbreak", ""};
  std::string text = csv_record(fields);
  EXPECT_EQ(text, "plain,\"a,b\",\"q\"\"uote\",\"line\nbreak\",\r\n");
  EXPECT_EQ(records_of(text).at(0).fields, fields);
}

TEST(CsvTest, EscapedListsRoundTrip) {
  Fields parts{"P/E", "back\\slash", "plain", ""};
  std::string joined = join_escaped(parts, '/');
  EXPECT_EQ(joined, "P\\/E/back\\\\slash/plain/");
  EXPECT_EQ(split_escaped(joined, '/').value(), parts);
  EXPECT_TRUE(split_escaped("", '|').value().empty());
  EXPECT_FALSE(split_escaped("dangling\\", '|').is_ok());
}

GlossaryDocument sample() {
  GlossaryDocument document{"Business", "Shared words", "fin", {}};
  TreeNode finance{NodeKind::kCategory, "Finance", "Money, \"mostly\"", {}, {}, {}};
  TreeNode costs{NodeKind::kCategory, "Costs", "", {}, {}, {}};
  costs.children.push_back({NodeKind::kTerm, "Opex", "Running\ncosts", {}, {}, {}});
  finance.children.push_back(costs);
  finance.children.push_back({NodeKind::kTerm, "Revenue", "", {"turnover", "a|b"}, {}, {}});
  document.children.push_back(finance);
  document.children.push_back({NodeKind::kCategory, "Empty/ish", "", {}, {}, {}});
  document.children.push_back({NodeKind::kTerm, "P/E ratio", "Price", {"PE"}, {}, {}});
  return document;
}

// The document without `source`, for comparing what was read with what was written.
GlossaryDocument without_sources(GlossaryDocument document) {
  std::function<void(std::vector<TreeNode>&)> clear = [&](std::vector<TreeNode>& nodes) {
    for (TreeNode& node : nodes) {
      node.source.clear();
      clear(node.children);
    }
  };
  clear(document.children);
  return document;
}

bool same_tree(const std::vector<TreeNode>& a, const std::vector<TreeNode>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].label != b[i].label ||
        a[i].description != b[i].description || a[i].synonyms != b[i].synonyms ||
        !same_tree(a[i].children, b[i].children))
      return false;
  }
  return true;
}

TEST(GlossaryCsvTest, WritesOneRowPerNodeAndReadsItBack) {
  std::string csv = to_csv(sample());
  EXPECT_EQ(csv,
            "parent,name,description,synonyms\r\n"
            ",Finance/,\"Money, \"\"mostly\"\"\",\r\n"
            "Finance,Costs/,,\r\n"
            "Finance/Costs,Opex,\"Running\ncosts\",\r\n"
            "Finance,Revenue,,turnover|a\\|b\r\n"
            ",Empty\\/ish/,,\r\n"
            ",P\\/E ratio,Price,PE\r\n");
  GlossaryDocument read = without_sources(parse_csv_document(csv).value());
  EXPECT_TRUE(same_tree(read.children, sample().children));
  EXPECT_EQ(to_csv(read), csv);
}

TEST(GlossaryCsvTest, ParentPathsMakeCategoriesAndRowsWithChildrenAreCategories) {
  GlossaryDocument read = parse_csv_document(
                              "parent,name,description,synonyms\n"
                              "Sales/Pipeline,Lead,A possible buyer,prospect\n"
                              ",Sales,All about selling,\n"
                              "Sales,Quota,,\n")
                              .value();
  ASSERT_EQ(read.children.size(), 1u);
  const TreeNode& sales = read.children[0];
  EXPECT_EQ(sales.kind, NodeKind::kCategory);
  EXPECT_EQ(sales.description, "All about selling");  // its row came after a child's
  EXPECT_EQ(sales.source, "line 3");
  ASSERT_EQ(sales.children.size(), 2u);
  EXPECT_EQ(sales.children[0].label, "Pipeline");
  EXPECT_EQ(sales.children[0].kind, NodeKind::kCategory);
  EXPECT_TRUE(sales.children[0].implied);  // no row of its own
  EXPECT_FALSE(sales.implied);
  EXPECT_EQ(sales.children[0].children.at(0).synonyms, (Fields{"prospect"}));
  EXPECT_EQ(sales.children[1].kind, NodeKind::kTerm);
  EXPECT_EQ(sales.children[1].source, "line 4");
}

TEST(GlossaryCsvTest, BadRowsAreRefusedNamingLineAndColumn) {
  const std::string header = "parent,name,description,synonyms\n";
  struct Case {
    std::string text;
    std::string field;
  };
  std::vector<Case> cases = {
      {"name,parent,description,synonyms\n", "line 1"},
      {"", "line 1"},
      {header + ",Revenue,\n", "line 2"},
      {header + ",Revenue,,,extra\n", "line 2"},
      {header + ",,no name,\n", "line 2: name"},
      {header + "Finance,a/b,,\n", "line 2: name"},
      {header + "Finance//Costs,Opex,,\n", "line 2: parent"},
      {header + "Finance\\,Opex,,\n", "line 2: parent"},
      {header + ",Finance/,,money\n", "line 2: synonyms"},
      {header + ",Revenue,,turnover\nRevenue,Net,,\n", "line 3: parent"},
      {header + "Finance,Net,,\n,Finance,,cash\n", "line 3: synonyms"},
      {header + ",Revenue,,\n,Revenue,,\n", "line 3: name"},
      {header + ",a,,\\\n", "line 2: synonyms"},
      {header + std::string(250, 'x') + "/" + "x" + ",y,,\n", ""},  // fine: one long label
  };
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += (i ? "/c" : "c");
  cases.push_back({header + deep + ",leaf,,\n", "line 2: parent"});
  for (const Case& c : cases) {
    Result<GlossaryDocument> read = parse_csv_document(c.text);
    if (c.field.empty()) {
      EXPECT_TRUE(read.is_ok()) << c.text;
      continue;
    }
    ASSERT_FALSE(read.is_ok()) << c.text;
    EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(read.status().field(), c.field) << c.text << " -> " << read.status().to_string();
  }
}

TEST(GlossaryJsonTest, WritesTheDocumentAndReadsItBackExactly) {
  std::string text = to_json_text(sample());
  EXPECT_TRUE(
      text.starts_with("{\n  \"format\": \"datacat-glossary/1\",\n  \"label\": \"Business\""))
      << text;
  GlossaryDocument read = parse_json_document(text).value();
  EXPECT_EQ(read.label, "Business");
  EXPECT_EQ(read.owner, "fin");
  EXPECT_EQ(read.children.at(0).children.at(1).source, "children[0].children[1]");
  EXPECT_TRUE(same_tree(read.children, sample().children));
  EXPECT_EQ(to_json_text(read), text);
}

TEST(GlossaryJsonTest, BadDocumentsAreRefusedNamingThePath) {
  struct Case {
    std::string text;
    std::string field;
  };
  const std::string head = R"({"format": "datacat-glossary/1", "label": "G", "owner": "o", )";
  std::vector<Case> cases = {
      {"not json", "body"},
      {"[]", "body"},
      {R"({"label": "G"})", "format"},
      {R"({"format": "other/2"})", "format"},
      {R"({"format": "datacat-glossary/1", "colour": "red"})", "colour"},
      {head + R"("children": {}})", "children"},
      {head + R"("children": [{"kind": "glossary", "label": "x"}]})", "children[0].kind"},
      {head + R"("children": [{"kind": "term"}]})", "children[0].label"},
      {head + R"("children": [{"kind": "term", "label": 7}]})", "children[0].label"},
      {head + R"("children": [{"kind": "term", "label": "t", "children": []}]})",
       "children[0].children"},
      {head + R"("children": [{"kind": "category", "label": "c", "synonyms": []}]})",
       "children[0].synonyms"},
      {head + R"("children": [{"kind": "category", "label": "c", "children": [)" +
           R"({"kind": "term", "label": "t", "synonyms": ["a", 1]}]}]})",
       "children[0].children[0].synonyms[1]"},
  };
  std::string deep = head + R"("children": [)";
  for (int i = 0; i < 101; ++i) deep += R"({"kind": "category", "label": "c", "children": [)";
  for (int i = 0; i < 101; ++i) deep += "]}";
  deep += "]}";
  for (const Case& c : cases) {
    Result<GlossaryDocument> read = parse_json_document(c.text);
    ASSERT_FALSE(read.is_ok()) << c.text;
    EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(read.status().field(), c.field) << c.text << " -> " << read.status().to_string();
  }
  Result<GlossaryDocument> too_deep = parse_json_document(deep);
  ASSERT_FALSE(too_deep.is_ok());
  EXPECT_NE(too_deep.status().message().find("deeper than 100"), std::string::npos);
}

TEST(GlossaryTransferTest, ErrorFieldsPointIntoTheDocument) {
  TreeNode from_json{NodeKind::kTerm, "t", "", {}, {}, "children[2]"};
  EXPECT_EQ(transfer_field(from_json, "synonyms[1]"), "children[2].synonyms[1]");
  TreeNode from_csv{NodeKind::kTerm, "t", "", {}, {}, "line 9"};
  EXPECT_EQ(transfer_field(from_csv, "label"), "line 9: name");
  EXPECT_EQ(transfer_field(from_csv, "synonyms[1]"), "line 9: synonyms");
}

}  // namespace
}  // namespace datacat::glossary
