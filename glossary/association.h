// Links between glossary terms and assets (SPEC.md "Association") and their decision
// history. Plain value types; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace datacat::glossary {

// pending -> approved | dismissed; only approved links reach the search index.
enum class LinkStatus { kPending, kApproved, kDismissed };

// "pending", "approved", "dismissed" and back; parse returns nullopt for any other name.
std::string_view link_status_name(LinkStatus status);
std::optional<LinkStatus> parse_link_status(std::string_view name);

struct Association {
  int64_t id = 0;
  int64_t term_id = 0;
  std::string asset_uri;
  LinkStatus status = LinkStatus::kPending;
  std::string proposed_by;
  int64_t proposed_at = 0;  // Unix seconds
  std::string decided_by;   // empty while pending
  int64_t decided_at = 0;   // 0 while pending

  bool operator==(const Association&) const = default;
};

// One row of a link's append-only history.
struct HistoryEntry {
  int64_t seq = 0;  // global order of the history rows
  int64_t association_id = 0;
  int64_t term_id = 0;
  std::string asset_uri;
  std::string action;  // proposed | approved | dismissed | removed
  std::string actor;
  int64_t at = 0;  // Unix seconds

  bool operator==(const HistoryEntry&) const = default;
};

}  // namespace datacat::glossary
