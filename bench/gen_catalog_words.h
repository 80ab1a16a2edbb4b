// Word lists for datacat-gen (bench/gen_catalog.cc): data-domain stems, phrases,
// tags, topics, teams and facet values, plus the inflection rules that expand the
// stems into a ranked vocabulary (rank 0 is drawn most often).
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace datacat::bench::words {

// Countable nouns with regular English plurals, most common first.
inline constexpr std::string_view kNouns =
    "customer order account product invoice payment transaction user address shipment event "
    "session item price sale store employee supplier vendor contract claim policy campaign click "
    "visit device sensor reading metric report ticket case lead opportunity quote subscription "
    "plan charge refund return discount coupon promotion channel segment cohort region country "
    "city warehouse location route carrier package parcel delivery driver vehicle trip fleet "
    "asset loan deposit balance ledger budget forecast target goal expense cost margin tax fee "
    "rate currency exchange trade position portfolio fund security instrument bond stock share "
    "dividend patient prescription provider physician hospital clinic admission encounter "
    "procedure lab result test sample experiment trial study survey response question answer "
    "rating review comment message email notification alert incident outage deployment release "
    "build job task run pipeline workflow schedule batch file record row column table schema "
    "dataset source snapshot partition log trace request error exception page view impression "
    "conversion funnel attribution keyword ad advertiser publisher placement creative audience "
    "profile preference consent identity login password token role permission group team "
    "department manager contractor candidate applicant application interview offer hire salary "
    "bonus benefit timesheet shift absence holiday payslip receipt voucher bill statement card "
    "wallet bank branch merchant terminal chargeback dispute risk score model feature prediction "
    "label category brand catalog sku variant attribute image listing cart basket checkout "
    "purchase quantity unit supply demand inventory pallet container bin lot manufacturer "
    "factory plant machine part component assembly defect inspection repair warranty contact "
    "household member membership loyalty reward point tier subscriber meter tariff outlet "
    "substation feeder grid well field pipe valve pump turbine generator battery charger station "
    "stop flight booking reservation passenger seat fare hotel room guest stay itinerary airport "
    "gate course student teacher class grade enrollment exam lesson school campus semester "
    "remittance payable receivable journal entry posting accrual allocation reconciliation "
    "adjustment writeoff period quarter year month week day hour minute timestamp date calendar "
    "timezone language locale market territory zone district province state county street "
    "postcode coordinate polygon tile layer map signal measurement threshold anomaly spike trend "
    "dashboard chart widget query filter dimension measure indicator benchmark estimate scenario "
    "assumption variance projection agreement clause obligation amendment renewal termination "
    "signature document attachment folder bucket object blob archive backup replica cluster node "
    "server instance service endpoint api client library dependency repository commit issue bug "
    "change approval reviewer author owner steward sponsor stakeholder partner reseller "
    "distributor wholesaler retailer franchise kiosk register till cashier clerk agent broker "
    "advisor underwriter adjuster premium deductible beneficiary dependent claimant insurer "
    "policyholder lapse surrender annuity pension mortgage lien guarantee covenant facility "
    "tranche yield spread curve index tick bar candle bid ask fill execution settlement "
    "custodian haircut exposure limit breach control finding audit assessment questionnaire "
    "vulnerability patch scan firewall rule threat actor credential secret key certificate "
    "domain host port packet flow connection crash heartbeat ping probe check monitor pager "
    "escalation rota recipe ingredient menu dish meal kitchen restaurant tip article editor "
    "headline story episode show stream viewer listener song album artist playlist track podcast "
    "video photo thumbnail caption subtitle genre title license royalty donor donation grant "
    "award project milestone deliverable timeline resource skill certification workshop seminar "
    "webinar attendee speaker venue exhibitor prospect deal stage quota commission rep call "
    "meeting note activity touchpoint journey persona complaint resolution backlog sprint epic "
    "crop harvest farm plot soil irrigation herd animal feed vessel voyage berth cargo manifest "
    "declaration permit violation fine citation court hearing filing lawsuit matter counsel "
    "timecard shopper visitor referral affiliate influencer banner webpage cookie pixel tracker "
    "beacon tenant landlord lease property building floor desk badge courier consignment waybill "
    "dock yard trailer truck lane hub depot forklift scanner barcode recipient sender consignee "
    "shipper nurse bed ward symptom allergy vaccine dose medication pharmacy copay appointment "
    "vital specimen cheque overdraft payee payer mandate debit credit instalment repayment "
    "vacancy requisition appraisal grievance gateway router switch rack datacenter disk volume "
    "aisle planogram markdown rebate gift giftcard wishlist bundle transformer panel inverter "
    "layover birthdate salutation nickname username phone website lookup crosswalk hierarchy "
    "taxonomy glossary term definition";

// Nouns that are usually uncountable: used as-is, never pluralised.
inline constexpr std::string_view kMassNouns =
    "revenue churn payroll data metadata telemetry fraud compliance feedback freight traffic "
    "weather equipment software hardware information research staff personnel logistics "
    "analytics finance marketing procurement retention engagement attrition headcount spend "
    "profit income cash debt equity liquidity interest demand capacity utilization uptime "
    "downtime throughput pricing billing shipping onboarding offboarding fulfillment "
    "replenishment lineage provenance governance quality privacy security consumption energy "
    "electricity emissions carbon water waste mileage fuel maintenance healthcare insurance "
    "underwriting ecommerce merchandise supply storage compute malware baggage usage collateral "
    "coverage customs clearing training overtime firmware bandwidth latency";

// Verbs with regular inflections (irregular pasts are in kIrregularPasts).
inline constexpr std::string_view kVerbs =
    "ship bill order invoice pay charge refund return deliver cancel process load extract "
    "transform aggregate join filter sort merge clean validate enrich deduplicate score predict "
    "classify segment forecast plan schedule book reserve purchase buy sell trade settle clear "
    "transfer deposit withdraw lend borrow repay approve reject review audit report track "
    "monitor alert log trace measure count sum rank match link map tag label scan index search "
    "query view click visit browse convert subscribe unsubscribe renew upgrade downgrade "
    "activate deactivate register enroll sign verify authenticate authorize encrypt mask "
    "anonymize archive delete purge restore replicate sync publish consume stream ingest export "
    "import upload download send receive open close resolve escalate assign hire onboard train "
    "promote terminate allocate reconcile adjust accrue post budget spend earn collect remit "
    "dispatch pick pack stock restock replenish inspect repair maintain install deploy release "
    "build test commit submit fail succeed retry drop update insert create generate calculate "
    "estimate compare benchmark optimize target personalize recommend rate quote price discount "
    "advertise engage churn retain refer invite share comment like follow message notify email "
    "call contact survey respond complain redeem route board depart arrive land delay divert "
    "weigh sample harvest plant irrigate ferment package recall flag quarantine certify accredit "
    "license expire lapse";

// Adjectives, used unchanged.
inline constexpr std::string_view kAdjectives =
    "daily monthly active historical raw weekly current pending total net gross annual hourly "
    "quarterly legacy internal external global regional unique average median primary secondary "
    "financial operational fiscal retail wholesale digital mobile online offline physical public "
    "private confidential sensitive personal commercial corporate regulatory statutory actual "
    "overdue outstanding unpaid recurring seasonal promotional organic inactive new late early "
    "duplicate invalid valid clean curated domestic international local remote manual automatic "
    "realtime nightly incremental cumulative rolling trailing preliminary final provisional open "
    "closed partial complete strategic tactical preferred default custom standard premium basic "
    "enterprise anonymous verified suspicious fraudulent eligible ineligible critical minor "
    "major urgent planned unplanned hot cold warm temporary permanent upstream downstream "
    "inbound outbound bulk experimental marginal variable fixed direct indirect contractual "
    "consolidated granular summary detailed normalized denormalized canonical derived refundable "
    "taxable billable mandatory optional nominal monetary demographic geographic behavioral "
    "transactional biweekly yearly intraday overnight recent stale fresh archival";

inline constexpr std::array<std::array<std::string_view, 2>, 10> kIrregularPasts = {{
    {"pay", "paid"},
    {"buy", "bought"},
    {"sell", "sold"},
    {"send", "sent"},
    {"build", "built"},
    {"spend", "spent"},
    {"lend", "lent"},
    {"repay", "repaid"},
    {"withdraw", "withdrew"},
    {"cancel", "canceled"},
}};

// Stressed final syllables that double their consonant before -ing/-ed.
inline constexpr std::string_view kDoublingVerbs[] = {"commit", "submit", "refer", "transfer",
                                                      "remit"};

// Common adjacent pairs; descriptions draw them whole so phrase queries hit.
inline constexpr std::string_view kPhrases =
    "customer orders,billing address,shipping address,order lines,order items,customer accounts,"
    "payment methods,invoice lines,sales orders,purchase orders,customer churn,monthly revenue,"
    "daily sales,active users,user sessions,page views,click events,shipment status,"
    "delivery dates,order status,product catalog,product categories,inventory levels,"
    "stock levels,warehouse locations,supplier invoices,vendor payments,credit card,"
    "card transactions,bank accounts,account balances,general ledger,journal entries,"
    "cost centers,profit margin,gross revenue,net revenue,marketing campaigns,"
    "campaign performance,email campaigns,ad impressions,conversion rate,customer segments,"
    "customer lifetime,lifetime value,loyalty points,support tickets,customer feedback,"
    "survey responses,net promoter,promoter score,employee records,payroll runs,salary history,"
    "time off,headcount report,sensor readings,device telemetry,machine logs,error logs,"
    "web traffic,mobile app,app events,login attempts,fraud detection,risk scores,credit risk,"
    "loan applications,insurance claims,claim payments,policy holders,patient visits,lab results,"
    "clinical trials,prescription fills,hospital admissions,flight bookings,hotel reservations,"
    "passenger counts,fleet vehicles,driver trips,route optimization,delivery routes,"
    "freight costs,shipping costs,tax rates,exchange rates,currency conversion,price changes,"
    "price history,discount codes,coupon redemptions,subscription plans,subscription renewals,"
    "recurring billing,billing cycles,billed amount,outstanding balance,unpaid invoices,"
    "accounts receivable,accounts payable,cash flow,budget forecast,sales forecast,"
    "demand forecast,forecast accuracy,data quality,data lineage,data pipeline,pipeline runs,"
    "job failures,batch jobs,streaming events,event stream,raw events,clean events,"
    "daily snapshot,monthly snapshot,historical data,reference data,master data,customer master,"
    "product master,store locations,store sales,retail stores,online sales,order fulfillment,"
    "returns processing,refund requests,chargeback disputes,merchant transactions,"
    "terminal transactions,energy consumption,meter readings,carbon emissions,water usage,"
    "equipment maintenance,maintenance schedule,work orders,spare parts,quality inspections,"
    "defect rates,production lines,factory output,supply chain,supplier performance,"
    "procurement spend,contract renewals,contract terms,legal matters,compliance checks,"
    "audit findings,security incidents,access logs,user permissions,role assignments,"
    "student enrollment,course grades,exam results,content views,video streams,watch time,"
    "playlist tracks,artist royalties,search queries,search results,recommendation clicks,"
    "feature flags,experiment results,ab tests,model predictions,model features,training data,"
    "feature store,customer addresses,postal codes,sales territories,regional sales,sales reps,"
    "sales pipeline,deal stages,lead scoring,marketing leads,web sessions,session duration,"
    "bounce rate,cart abandonment,checkout events,order value,average order,shipping carriers,"
    "tracking numbers,package scans,warehouse shipments,inbound shipments,outbound shipments";

inline constexpr std::string_view kTopics[] = {
    "finance",
    "sales",
    "marketing",
    "customer",
    "product",
    "operations",
    "supply-chain",
    "logistics",
    "hr",
    "billing",
    "payments",
    "analytics",
    "reporting",
    "risk",
    "compliance",
    "security",
    "engineering",
    "infrastructure",
    "retail",
    "ecommerce",
    "healthcare",
    "clinical",
    "manufacturing",
    "quality",
    "procurement",
    "inventory",
    "fraud",
    "audit",
    "machine-learning",
    "iot",
    "telemetry",
    "energy",
    "sustainability",
    "research",
    "support",
    "growth",
    "pricing",
    "partners",
    "legal",
    "geospatial",
};

inline constexpr std::string_view kRegions[] = {
    "us-east-1",    "eu-west-1",      "us-west-2",      "eu-central-1",
    "us-east-2",    "ap-southeast-1", "eu-west-2",      "ap-northeast-1",
    "ca-central-1", "ap-south-1",     "ap-southeast-2", "sa-east-1",
};

inline constexpr std::string_view kOrganizations[] = {
    "acme-retail",
    "acme-bank",
    "acme-health",
    "acme-logistics",
    "corporate",
    "acme-insurance",
    "acme-media",
    "acme-energy",
    "emea",
    "americas",
    "apac",
    "acme-telecom",
    "acme-foods",
    "acme-travel",
    "acme-labs",
    "acme-manufacturing",
    "shared-services",
    "acme-education",
    "acme-ventures",
    "acme-public-sector",
};

inline constexpr std::string_view kEnvironments[] = {"prod", "staging", "dev", "test"};
inline constexpr double kEnvironmentWeights[] = {55, 20, 15, 10};

inline constexpr std::string_view kClassifications[] = {"unclassified", "official", "secret"};
inline constexpr double kClassificationWeights[] = {60, 30, 10};

inline constexpr std::string_view kTeamDomains[] = {
    "sales",    "marketing",      "finance",   "supply-chain",     "logistics",
    "hr",       "data-platform",  "product",   "growth",           "risk",
    "fraud",    "billing",        "payments",  "customer-success", "support",
    "security", "infrastructure", "clinical",  "research",         "procurement",
    "pricing",  "retail-ops",     "ecommerce", "manufacturing",    "quality",
};

inline constexpr std::string_view kTeamFunctions[] = {
    "analytics", "engineering",  "ops",        "insights", "platform",
    "reporting", "data-science", "governance", "bi",       "integration",
};

// Hand-written, very common tags; generated tags follow them in rank order.
inline constexpr std::string_view kCommonTags =
    "pii certified gold daily gdpr raw curated silver deprecated bronze sensitive internal kpi "
    "finance confidential public reporting hourly monthly weekly ml-feature experimental sox "
    "hipaa pci ccpa retention-7y retention-1y archived streaming batch snapshot incremental scd2 "
    "golden-record master-data reference-data audit quarantine needs-review verified "
    "owner-missing high-quality draft production legacy migrated cdc real-time external-source "
    "third-party vendor-feed partner-data customer-facing exec-dashboard board-report tier-1 "
    "tier-2 tier-3 critical sla-24h sla-1h eu-only us-only anonymized pseudonymized encrypted "
    "masked derived aggregate dimension fact staging sandbox";

inline constexpr std::string_view kTagSuffixes[] = {
    "data", "feed", "metrics", "report", "source", "model", "export", "events", "kpi", "audit",
};

inline constexpr std::string_view kConnectors[] = {
    "of", "for", "and", "by", "with", "per", "from", "in", "the", "to", "across", "including",
};

inline constexpr std::string_view kDatasetOpeners[] = {
    "Curated collection of",     "Data mart for",           "Warehouse of",
    "Source system extract for", "Domain dataset covering", "Shared data about",
};
inline constexpr std::string_view kTableOpeners[] = {
    "Contains",
    "Daily snapshot of",
    "Aggregated view of",
    "Raw feed of",
    "Stores",
    "Tracks",
    "Lists",
    "Monthly summary of",
    "History of",
    "Reference data for",
    "Staging table for",
    "One row per",
};
inline constexpr std::string_view kFolderOpeners[] = {
    "Landing zone for", "Export of", "Partitioned files with", "Archive of", "Drop folder for",
};
inline constexpr std::string_view kDashboardOpeners[] = {
    "Dashboard showing",     "Executive overview of",   "Weekly review of",
    "Interactive report on", "Operational metrics for",
};
inline constexpr std::string_view kColumnOpeners[] = {
    "Unique identifier of the",
    "Timestamp when the",
    "Amount of",
    "Flag indicating",
    "Code for the",
    "Name of the",
    "Number of",
    "Foreign key to",
};

inline constexpr std::string_view kColumnAttributes[] = {
    "name",  "code", "amount",      "date",     "status", "type", "count",
    "total", "key",  "number",      "value",    "price",  "rate", "score",
    "flag",  "at",   "description", "currency", "level",  "pct",
};

inline constexpr std::string_view kColumnTypes[] = {
    "varchar(255)",  "bigint",
    "integer",       "string",
    "timestamp",     "date",
    "decimal(18,2)", "boolean",
    "double",        "text",
    "varchar(64)",   "smallint",
    "float",         "json",
    "uuid",          "timestamp with time zone",
    "array<string>", "map<string,string>",
    "binary",        "numeric(38,10)",
};

inline constexpr std::string_view kAuditColumns[] = {
    "created_at", "updated_at", "etl_loaded_at", "is_deleted", "source_system", "batch_id",
};

}  // namespace datacat::bench::words

namespace datacat::bench {

namespace w = words;

inline constexpr size_t kTagCount = 3000;
inline constexpr size_t kPhraseCount = 500;
inline constexpr size_t kTeamCount = 200;

using WordList = std::vector<std::string_view>;

inline WordList split_list(std::string_view text, char separator = ' ') {
  WordList out;
  for (size_t start = 0, end = 0; start < text.size(); start = end + 1) {
    end = std::min(text.find(separator, start), text.size());
    out.push_back(text.substr(start, end - start));
  }
  return out;
}

inline const WordList kNounList = split_list(w::kNouns);
inline const WordList kMassNounList = split_list(w::kMassNouns);
inline const WordList kVerbList = split_list(w::kVerbs);
inline const WordList kAdjectiveList = split_list(w::kAdjectives);
inline const WordList kCommonTagList = split_list(w::kCommonTags);
inline const WordList kPhraseList = split_list(w::kPhrases, ',');

// ---- English inflection for the stem lists ----------------------------------

inline bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

inline bool ends_consonant_y(std::string_view word) {
  return word.size() > 1 && word.back() == 'y' && !is_vowel(word[word.size() - 2]);
}

inline std::string add_s(std::string_view word) {
  std::string out(word);
  for (std::string_view suffix : {"s", "x", "z", "ch", "sh"}) {
    if (word.ends_with(suffix)) return out + "es";
  }
  if (ends_consonant_y(word)) return out.substr(0, out.size() - 1) + "ies";
  return out + "s";
}

inline std::string plural_of(std::string_view noun) {
  return add_s(noun);
}

// Consonant-vowel-consonant endings of one-syllable verbs double: ship -> shipped.
inline bool doubles_final_consonant(std::string_view verb) {
  if (std::ranges::find(w::kDoublingVerbs, verb) != std::end(w::kDoublingVerbs)) return true;
  size_t n = verb.size();
  if (n < 3 || is_vowel(verb[n - 1]) || std::string_view("wxy").find(verb[n - 1]) != verb.npos) {
    return false;
  }
  if (!is_vowel(verb[n - 2]) || is_vowel(verb[n - 3])) return false;
  int groups = 0;
  for (size_t i = 0; i < n; ++i) groups += is_vowel(verb[i]) && (i == 0 || !is_vowel(verb[i - 1]));
  return groups == 1;
}

inline std::string ing_form(std::string_view verb) {
  std::string base(verb);
  if (doubles_final_consonant(verb)) return base + base.back() + "ing";
  if (verb.ends_with('e') && !verb.ends_with("ee")) base.pop_back();
  return base + "ing";
}

inline std::string past_form(std::string_view verb) {
  for (const auto& [present, past] : w::kIrregularPasts) {
    if (present == verb) return std::string(past);
  }
  std::string base(verb);
  if (doubles_final_consonant(verb)) return base + base.back() + "ed";
  if (verb.ends_with('e')) return base + "d";
  if (ends_consonant_y(verb)) return base.substr(0, base.size() - 1) + "ied";
  return base + "ed";
}

// ---- Ranked vocabulary -------------------------------------------------------

// Appends words unless already present, keeping first-seen (rank) order.
class UniqueList {
 public:
  void add(std::string_view word) {
    if (seen_.emplace(word).second) items.emplace_back(word);
  }
  std::vector<std::string> items;

 private:
  std::unordered_set<std::string> seen_;
};

struct Vocabulary {
  std::vector<std::string> words;       // every description word, rank order
  std::vector<std::string> name_words;  // singular and mass nouns for names
  std::vector<std::string> phrases;     // "word1 word2" adjacent pairs
  std::vector<std::string> tags;
  std::vector<std::string> teams;
};

// Interleaves nouns, plurals, verb forms, adjectives and mass nouns by rank.
inline std::vector<std::string> build_words(const std::vector<std::string>& nouns) {
  std::vector<std::string> verbs;
  for (std::string_view verb : kVerbList) {
    verbs.insert(verbs.end(), {std::string(verb), ing_form(verb), past_form(verb), add_s(verb)});
  }
  UniqueList list;
  for (size_t r = 0; r < std::max(nouns.size(), verbs.size() / 2); ++r) {
    if (r < nouns.size()) list.add(nouns[r]);
    if (r < nouns.size()) list.add(plural_of(nouns[r]));
    if (2 * r + 1 < verbs.size()) list.add(verbs[2 * r]), list.add(verbs[2 * r + 1]);
    if (r % 2 == 0 && r / 2 < kAdjectiveList.size()) list.add(kAdjectiveList[r / 2]);
    if (r % 3 == 0 && r / 3 < kMassNounList.size()) list.add(kMassNounList[r / 3]);
  }
  return std::move(list.items);
}

inline std::vector<std::string> build_name_words(const std::vector<std::string>& nouns) {
  UniqueList list;
  for (size_t i = 0; i < nouns.size(); ++i) {
    list.add(nouns[i]);
    if (i % 7 == 3 && i / 7 < kMassNounList.size()) list.add(kMassNounList[i / 7]);
  }
  return std::move(list.items);
}

// Hand-written phrases first, then modifier + head pairs over common stems.
inline std::vector<std::string> build_phrases(const std::vector<std::string>& nouns) {
  UniqueList list;
  for (std::string_view phrase : kPhraseList) list.add(phrase);
  size_t common = std::min<size_t>(nouns.size(), 250), adjectives = kAdjectiveList.size();
  for (size_t i = 0; list.items.size() < kPhraseCount; ++i) {
    std::string modifier =
        i % 2 == 0 ? nouns[(i * 7) % common] : std::string(kAdjectiveList[(i * 5) % adjectives]);
    const std::string& head = nouns[(i * 13 + 5) % common];
    if (modifier != head) list.add(modifier + " " + (i % 3 == 0 ? head : plural_of(head)));
  }
  return std::move(list.items);
}

inline std::vector<std::string> build_tags(const std::vector<std::string>& nouns) {
  UniqueList list;
  for (std::string_view tag : kCommonTagList) list.add(tag);
  for (size_t i = 0; list.items.size() < kTagCount; ++i) {
    const std::string& noun = nouns[i % nouns.size()];
    list.add(noun);
    list.add(noun + "-" + std::string(w::kTagSuffixes[i % std::size(w::kTagSuffixes)]));
    list.add(noun + "-" + nouns[(i * 7 + 3) % nouns.size()]);
  }
  list.items.resize(kTagCount);
  return std::move(list.items);
}

inline std::vector<std::string> build_teams() {
  std::vector<std::string> teams;
  size_t domains = std::size(w::kTeamDomains), functions = std::size(w::kTeamFunctions);
  for (size_t i = 0; teams.size() < kTeamCount; ++i) {
    size_t domain = i % domains, function = (i / domains + 3 * domain) % functions;
    teams.push_back(std::string(w::kTeamDomains[domain]) + "-" +
                    std::string(w::kTeamFunctions[function]));
  }
  return teams;
}

inline Vocabulary build_vocabulary() {
  UniqueList nouns;
  for (std::string_view noun : kNounList) nouns.add(noun);
  return {build_words(nouns.items), build_name_words(nouns.items), build_phrases(nouns.items),
          build_tags(nouns.items), build_teams()};
}

// ---- Names and labels --------------------------------------------------------

inline void append_capitalized(std::string& out, std::string_view word) {
  if (word.empty()) return;
  out += static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  out.append(word.substr(1));
}

inline std::string camel_case(std::string_view a, std::string_view b) {
  std::string out(a);
  append_capitalized(out, b);
  return out;
}

// "fact_customer_orders" / "customerOrders" -> "Customer Orders".
inline std::string label_from_name(std::string_view name) {
  static const std::unordered_set<std::string_view> kSkipped = {"fact", "dim", "stg", "raw", "agg"};
  std::string label, token;
  auto flush = [&] {
    if (!token.empty() && !kSkipped.contains(token)) {
      if (!label.empty()) label += ' ';
      append_capitalized(label, token);
    }
    token.clear();
  };
  for (char c : name) {
    bool upper = std::isupper(static_cast<unsigned char>(c));
    if (upper || c == '_' || c == '.' || c == '-') flush();
    if (std::isalnum(static_cast<unsigned char>(c))) token += upper ? char(c - 'A' + 'a') : c;
  }
  flush();
  return label;
}

}  // namespace datacat::bench
