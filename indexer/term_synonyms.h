// Glossary synonyms at query time: a query that is the name of an approved glossary term,
// or one of its synonyms ("Stock keeping unit", "SKU", "turnover"), also finds the assets
// that use one of its other names, linked to the term or not.
//
// The index knows which names belong together from the documents of linked assets: for
// each approved term, every one of its names N (label and synonyms) gets, for every other
// name M, a term "XZ" + exact_key(N) + "\x1f" + M (index_schema.h). So the mapping follows
// the glossary through the outbox like every other field, and needs no catalog access.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "indexer/asset.h"
#include "indexer/query_parser.h"

namespace datacat::indexer {

// The "XZ" terms of one document's approved terms (capped in length, deduplicated).
std::vector<std::string> synonym_terms(const std::vector<LinkedTerm>& terms);

// The other names of the glossary term named `query` (exact_key equal), as written in
// the glossary; empty when no approved term is named so. Throws Xapian::Error.
std::vector<std::string> other_names(const Xapian::Database& db, std::string_view query);

// `parsed` widened to also match each of `names` (parsed with `options`), weighted a
// little below the query as typed. Highlighting covers them too.
ParsedQuery with_other_names(QueryParser& parser, ParsedQuery parsed,
                             const std::vector<std::string>& names, const ParseOptions& options);

}  // namespace datacat::indexer
