// The partners directory (issue 19): organisations of the territory and their services, in the
// data·inclusion shape; search by theme, public and commune with the distance from a commune;
// referrals to a service with the person's consent; and the partner's single-use link on which
// they accept or decline. Every read and write is scoped to the caller's structure (the
// directory) and, for referrals, to the caller's caseload (access::Scope on the person).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "access/single_use_link.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::partners {

struct OrganisationInput {
  std::string name, kind, siret, address, commune, email, phone, website, opening_hours;
};

struct Organisation {
  std::string id, source, siret, name, kind, kind_label, address, commune_code, commune_name, email,
      phone, website, opening_hours;
};

struct ServiceInput {
  std::string name, description;
  std::vector<std::string> themes, kinds, publics;
  std::string fees, how_to_apply, documents, zone_kind, zone_code, capacity, places, contact_email;
};

struct PartnerService {
  std::string id, organisation_id, organisation_name, organisation_kind, commune_code, commune_name,
      name, description;
  std::vector<std::string> themes, kinds, publics;
  std::string fees, how_to_apply, documents, zone_kind, zone_code, contact_email;
  std::optional<int64_t> capacity, places;
  std::optional<double> distance_km;  // from the searched commune, when both have a centroid
  std::string organisation_email;
  // Where a referral's link goes by default: the service's address, else the organisation's.
  const std::string& recipient() const {
    return contact_email.empty() ? organisation_email : contact_email;
  }
};

struct SearchQuery {
  std::string theme, public_code, commune;  // commune: INSEE code; empty = anywhere
  std::string text;                         // in the service's or organisation's name
};

// What a referral sends: the service, why, the fields the person agreed to share (consent
// scope codes, see consent_scopes()) and to whom the link goes (the service's e-mail by default).
struct ReferToService {
  std::string service_id, reason;
  std::vector<std::string> scope;
  bool consent = false;  // the person agreed, today
  std::string recipient;
};

// What the partner sees on the link: the service, the reason, and only the consented fields.
struct LinkView {
  enum class State { kOpen, kExpired, kUsed, kRevoked, kUnknown } state = State::kUnknown;
  std::string referral_id, organisation, service, reason, sent_on, status, answer;
  std::string first_name, last_name, email, phone, birth_date, commune;  // per scope
  std::vector<std::string> scope;
};

struct BarrierServices;
struct BarrierGap;

// A referral in a partner user's inbox: only what the consent shared names the person.
struct InboxItem {
  std::string referral_id, service, status, sent_on, answered_on, answer, reason;
  std::string person;  // "First Last" when the identity was shared, else empty
};

// A Jalon user with the partner role attached to an organisation of the directory.
struct Member {
  std::string user_id, display_name, email;
};

// A rencontre with a partner (meetings.cc), and its follow-ups.
struct MeetingInput {
  std::string held_on, people, notes;
  std::vector<std::pair<std::string, std::string>> followups;  // (label, due_on)
};
struct MeetingFollowup {
  std::string id, label, due_on, owner_name;
  bool done = false;
};
struct Meeting {
  std::string id, organisation_id, organisation_name, held_on, people, notes, author_name;
  std::vector<MeetingFollowup> followups;
};

// What the person's record shares and with whom (sharing.cc).
struct ShareEntry {
  std::string referral_id, organisation, service, consent_on, status, answered_on;
  std::vector<std::string> scope;  // consent scope codes
  bool link_open = false;          // a link is still usable
  std::vector<std::string>
      members;  // partner users of the organisation (they see it in their inbox)
};
struct Viewer {
  std::string display_name, role_label, why;  // why: référent, co-référent, équipe…
};

struct LinkAnswer {
  std::string decision;  // "accepter" or "refuser"
  std::string reason;    // decline reason code (decline_reasons()), required to decline
  std::string text;      // free text: what is agreed, or why
};

class PartnerDirectory {
 public:
  PartnerDirectory(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit,
                   std::string base_url = "");

  // ---- directory (structure-wide) ------------------------------------------------------------
  // Every mistake of the input, each tied to its field (empty when it is valid).
  static std::vector<Error> organisation_mistakes(const OrganisationInput& in);
  static std::vector<Error> service_mistakes(const ServiceInput& in);
  Result<std::string> add_organisation(const access::Session& s, const OrganisationInput& in,
                                       const std::string& source = "saisie",
                                       const std::string& source_id = "");
  Result<std::string> add_service(const access::Session& s, const std::string& organisation_id,
                                  const ServiceInput& in, const std::string& source_id = "");
  std::optional<Organisation> organisation(const access::Session& s, const std::string& id);
  std::vector<Organisation> organisations(const access::Session& s, const std::string& text = "");
  std::vector<PartnerService> services_of(const access::Session& s,
                                          const std::string& organisation_id);
  std::optional<PartnerService> service(const access::Session& s, const std::string& id);
  // Services matching the query; with a commune, only those whose zone covers it (commune, its
  // EPCI or département, or no zone), nearest first.
  Result<std::vector<PartnerService>> search(const access::Session& s, const SearchQuery& q);
  // SIAE conventions (active) whose SIRET is not yet in the directory: the counselor completes
  // them ("siae" organisations keep the convention's SIRET and kind).
  struct Siae {
    std::string siret, kind;
  };
  // The INSEE code of the commune a person typed (name, name and postcode, or code).
  Result<std::string> resolve_commune(const std::string& text);
  // True when the person is in the caller's scope (access::Scope).
  bool visible(const access::Session& s, const std::string& beneficiary_id);
  // The commune code of a person of the caller's scope ("" when none or out of scope).
  std::string person_commune(const access::Session& s, const std::string& beneficiary_id);

  std::vector<Siae> siae_to_complete(const access::Session& s, const std::string& siret_prefix,
                                     int limit = 50);

  // ---- barrier → service (barriers.cc, mapping in partners/barriers.h) ----------------------
  // The barriers of the person's latest diagnosis, each with the local services addressing it
  // (their zone covers the person's commune); empty when no diagnosis or out of scope.
  std::vector<BarrierServices> barrier_services(const access::Session& s,
                                                const std::string& beneficiary_id);
  // Every barrier of the latest diagnoses of the caller's scope, most frequent first, with the
  // local services covering at least one of its people (none: a gap). Audited as one read.
  std::vector<BarrierGap> barrier_gaps(const access::Session& s);

  // ---- referrals -----------------------------------------------------------------------------
  // Every mistake of a referral (reason, scope, consent, recipient), each tied to its field.
  static std::vector<Error> referral_mistakes(const ReferToService& in);
  // Creates the referral (status en_cours), records the consent, sends the link. Returns the
  // referral's id; the token is written to *token when given (tests, demo).
  Result<std::string> refer(const access::Session& s, const std::string& beneficiary_id,
                            const ReferToService& in, std::string* token = nullptr);

  // ---- the partner's link (no session) -------------------------------------------------------
  LinkView open_link(const std::string& token);
  // Answers once: the referral gets the decision and the link is used. Invalid input changes
  // nothing; a link not open answers kConflict (used, expired, revoked) or kNotFound.
  Status answer_link(const std::string& token, const LinkAnswer& a);
  // "Recevoir un nouveau lien": a fresh link to the same recipient for an expired link of a
  // referral still waiting; false when there is nothing to renew. Never says more.
  bool renew_link(const std::string& token, std::string* new_token = nullptr);

  static constexpr Millis kLinkLifetime = 14LL * 24 * 3600 * 1000;
  static constexpr access::LinkTable kReferralLinks{"referral_links", "referral_id"};
  // Every mistake of a partner's answer (decision, decline reason, text).
  static Status answer_mistakes(const LinkAnswer& a);

  // ---- partner users and their inbox (inbox.cc) ---------------------------------------------
  // Attaches a partner-role user of the structure to an organisation (one each; re-attaching
  // moves them). kNotFound for another structure's user or organisation, kInvalid for a user
  // without the partner role.
  Status attach_member(const access::Session& s, const std::string& organisation_id,
                       const std::string& user_id);
  Status detach_member(const access::Session& s, const std::string& organisation_id,
                       const std::string& user_id);
  std::vector<Member> members(const access::Session& s, const std::string& organisation_id);
  // The structure's partner-role users not attached to any organisation yet.
  std::vector<Member> unattached_partners(const access::Session& s);
  // For a partner session: their organisation's name ("" when not attached).
  std::string member_organisation(const access::Session& s);
  // The referrals addressed to the partner's organisation, newest first (audited).
  std::vector<InboxItem> inbox(const access::Session& s);
  // One referral of the inbox, only the consented fields; kUnknown state when not theirs.
  LinkView inbox_referral(const access::Session& s, const std::string& referral_id);
  // Answers a waiting referral of the inbox once; its open links are revoked.
  Status answer_inbox(const access::Session& s, const std::string& referral_id,
                      const LinkAnswer& a);

  // ---- rencontres (meetings.cc) --------------------------------------------------------------
  static std::vector<Error> meeting_mistakes(const MeetingInput& in);
  Result<std::string> add_meeting(const access::Session& s, const std::string& organisation_id,
                                  const MeetingInput& in);
  std::vector<Meeting> meetings(const access::Session& s, const std::string& organisation_id);
  Status finish_followup(const access::Session& s, const std::string& followup_id);

  // ---- what the record shares (sharing.cc) ---------------------------------------------------
  std::vector<ShareEntry> shares(const access::Session& s, const std::string& beneficiary_id);
  std::vector<Viewer> viewers(const access::Session& s, const std::string& beneficiary_id);

 private:
  void consented_view(store::Tx& tx, const std::string& referral_id, LinkView& v);
  void record_answer(store::Tx& tx, const std::string& structure_id, const std::string& referral_id,
                     const LinkAnswer& a, Millis now);
  std::string issue_link(store::Tx& tx, const std::string& structure_id,
                         const std::string& referral_id, const std::string& recipient,
                         const std::string& what);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
  std::string base_url_;
};

}  // namespace jalon::partners
