// Import from AWS Glue Data Catalog exports (docs/import.md): the JSON that
// `aws glue get-databases` (DatabaseList) and `aws glue get-tables` (TableList) print, one
// or several documents per file (paginated output saved page after page), and the single
// `Database` / `Table` of get-database / get-table.
//
// A Glue database becomes a dataset `glue:<catalog>:<database>`; a Glue table a table
// `glue:<catalog>:<database>/<table>` under it, with columns from
// StorageDescriptor.Columns then PartitionKeys (partition_key set), column comments as
// descriptions, Parameters.classification and the table type as tags, the location,
// and create and update times (epoch seconds with fractions, or RFC 3339 text).
// Every entry is then validated like any asset (asset_json.h).
// Pure parsing here; complete_glue_batch and glue_prune_list read the store. Thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/ndjson.h"
#include "indexer/store.h"

namespace datacat::indexer {

struct GlueOptions {
  // Where a catalog id goes: the AWS account is an environment (default) or an
  // organization in data.all's terms, or nowhere.
  enum class CatalogField { kEnvironment, kOrganization, kNone };
  CatalogField catalog_field = CatalogField::kEnvironment;
  // The catalog id of entries without a CatalogId (the AWS CLI prints it; hand-made files
  // may not). Empty: such an entry is an error (field "CatalogId").
  std::string catalog_id;
  // The owner team of the datasets (tables inherit it); empty leaves it unset.
  std::string owner;
};

// Parses Glue JSON into assets, remembering what the documents cover (for pruning).
struct GlueBatch {
  ParsedBatch batch;
  // Catalog ids that a DatabaseList (or Database) named, with the dataset uris named.
  std::set<std::string> listed_catalogs;
  std::set<std::string> listed_datasets;
  // Dataset uris whose tables a TableList (or Table) listed, with the table uris listed.
  std::set<std::string> table_parents;
  std::set<std::string> listed_tables;
  // The catalog id and database name of each table's dataset uri, for the datasets
  // complete_glue_batch makes for tables whose database was not imported.
  std::map<std::string, std::pair<std::string, std::string>> table_databases;
};

// Parses one file. Errors go to out.batch.errors with `source`, the line the document
// starts on, and the field path in the document ("TableList[3].StorageDescriptor.
// Columns[0].Name"): a document that is not JSON, a top-level key other than DatabaseList,
// TableList, Database or Table (NextToken is ignored), wrong types, missing names, and
// anything parse_asset refuses. A uri met twice is an error on the later entry.
void parse_glue(std::string_view text, const std::string& source, const GlueOptions& options,
                GlueBatch& out);

// Gives every table a parent: a table whose database's dataset is neither in the batch nor
// in the store gets a dataset made for it, named after the database, with nothing else
// set but the catalog field and owner of `options`.
Status complete_glue_batch(AssetStore& store, const GlueOptions& options, GlueBatch& glue);

// The uris --prune removes: stored tables of the datasets whose tables were listed, that
// the TableLists left out; and stored datasets of the listed catalogs (uri prefix
// glue:<catalog>:) that the DatabaseLists left out (their tables go with them).
Result<std::vector<std::string>> glue_prune_list(AssetStore& store, const GlueBatch& glue);

}  // namespace datacat::indexer
