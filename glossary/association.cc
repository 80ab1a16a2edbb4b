#include "glossary/association.h"

namespace datacat::glossary {

std::string_view link_status_name(LinkStatus status) {
  switch (status) {
    case LinkStatus::kPending:
      return "pending";
    case LinkStatus::kApproved:
      return "approved";
    case LinkStatus::kDismissed:
      return "dismissed";
  }
  return "";
}

std::optional<LinkStatus> parse_link_status(std::string_view name) {
  for (LinkStatus status : {LinkStatus::kPending, LinkStatus::kApproved, LinkStatus::kDismissed}) {
    if (link_status_name(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace datacat::glossary
